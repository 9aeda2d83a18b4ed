"""names each mention uses, indexed: link candidates for reports without a shared date or country

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty at first: mentions stored before names existed are re-extracted (extractor version 3).
    op.create_table(
        "mention_names",
        sa.Column(
            "mention_id", sa.String(48), sa.ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("name", sa.String(100), primary_key=True),
    )
    op.create_index("ix_mention_names_name", "mention_names", ["name"])


def downgrade() -> None:
    op.drop_table("mention_names")
