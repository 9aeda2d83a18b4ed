"""the neighbour graph linking clusters, kept: a report's neighbours are looked for once

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Mentions linked before are not searched: a run that meets them looks for their neighbours.
    with op.batch_alter_table("event_members") as batch:
        batch.add_column(sa.Column("searched", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "mention_neighbours",
        sa.Column(
            "mention_id", sa.String(48), sa.ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "other_id", sa.String(48), sa.ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True
        ),
    )


def downgrade() -> None:
    op.drop_table("mention_neighbours")
    with op.batch_alter_table("event_members") as batch:
        batch.drop_column("searched")
