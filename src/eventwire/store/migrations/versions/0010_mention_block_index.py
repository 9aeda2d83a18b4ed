"""link blocking index over country × event type × date

A block with one event type and no date ("Strategic developments", undated, no country) had the
database walk every mention of that type through the type's own index: 10 ms at 100k stored events
against 0.03 ms for the other blocks. With the type in the blocking index every block is a seek.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_mentions_country_date", "mentions")
    op.create_index("ix_mentions_block", "mentions", ["country", "event_type", "date_start"])


def downgrade() -> None:
    op.drop_index("ix_mentions_block", "mentions")
    op.create_index("ix_mentions_country_date", "mentions", ["country", "date_start"])
