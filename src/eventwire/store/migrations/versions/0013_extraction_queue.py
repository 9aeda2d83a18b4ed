"""the extraction queue: articles waiting for extraction kept apart, as mentions waiting to be linked are

Finding an extractor version's work was an anti-join of every article against the extraction marks,
0.1 to 0.5 s on a SQLite store of 200,000 articles, and extraction counts its work after every 64
articles ingested and after every batch: the cost of each article grew with the store. The queue is
filled when it is first asked for a version (no version yet: it was never filled), and again with
each new extractor version.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extraction_queue",
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    version = op.create_table(
        "extraction_queue_version",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer(), nullable=True),
    )
    op.bulk_insert(version, [{"id": 1, "version": None}])


def downgrade() -> None:
    op.drop_table("extraction_queue_version")
    op.drop_table("extraction_queue")
