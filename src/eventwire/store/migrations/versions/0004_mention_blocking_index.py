"""index for link blocking (country × date) and the queue of mentions waiting to be linked

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_mentions_country_date", "mentions", ["country", "date_start"])
    op.create_table(
        "link_queue",
        sa.Column(
            "mention_id", sa.String(48), sa.ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.execute(
        "INSERT INTO link_queue (mention_id) SELECT id FROM mentions WHERE id NOT IN (SELECT mention_id FROM event_members)"
    )


def downgrade() -> None:
    op.drop_table("link_queue")
    op.drop_index("ix_mentions_country_date", "mentions")
