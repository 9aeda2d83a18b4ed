"""the ids events had before a report renamed or merged them, so links to them keep working

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_aliases",
        sa.Column("old_id", sa.String(48), primary_key=True),
        sa.Column("group_id", sa.String(48), nullable=False),
    )
    op.create_index("ix_event_aliases_group_id", "event_aliases", ["group_id"])


def downgrade() -> None:
    op.drop_table("event_aliases")
