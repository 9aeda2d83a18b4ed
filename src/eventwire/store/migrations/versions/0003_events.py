"""event membership of mentions, with the link that explains it

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_members",
        sa.Column(
            "mention_id", sa.String(48), sa.ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("event_id", sa.String(48), nullable=False),
        sa.Column("linked_to", sa.String(48)),
        sa.Column("score", sa.Float()),
        sa.Column("signals", sa.JSON(), nullable=False),
    )
    op.create_index("ix_event_members_event_id", "event_members", ["event_id"])


def downgrade() -> None:
    op.drop_table("event_members")
