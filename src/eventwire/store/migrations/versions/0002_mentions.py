"""event mentions and the extractor version per article

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extractions",
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("country", sa.String(2)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.create_index("ix_mentions_event_type", "mentions", ["event_type"])
    op.create_index("ix_mentions_date_start", "mentions", ["date_start"])
    op.create_index("ix_mentions_country", "mentions", ["country"])


def downgrade() -> None:
    op.drop_table("mentions")
    op.drop_table("extractions")
