"""name windows: the candidate index keeps each mention's dates beside its names and rare words

The named block found every user of a report's names and rare words and then read each user's
mention to keep those dated near the report: at 100k stored events most users of a rare word are
dated elsewhere, and that block was the part of linking that grew with the store (1.4 ms of SQLite
per new mention in bench/link_cost.py). With the dates in the index, one index range per name finds
them. A bare year is kept undated, as the block treats it: any date may match it.

Revision ID: 0014
Revises: 0013
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mention_names", sa.Column("window_start", sa.Date(), nullable=True))
    op.add_column("mention_names", sa.Column("window_end", sa.Date(), nullable=True))
    op.add_column(
        "mention_names", sa.Column("by_day", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    names = sa.table(
        "mention_names",
        sa.column("mention_id", sa.String),
        sa.column("window_start", sa.Date),
        sa.column("window_end", sa.Date),
        sa.column("by_day", sa.Boolean),
    )
    mentions = sa.table(
        "mentions",
        sa.column("id", sa.String),
        sa.column("date_start", sa.Date),
        sa.column("date_end", sa.Date),
        sa.column("date_precision", sa.String),
    )

    def of_mention(value: sa.ColumnElement[Any]) -> sa.ScalarSelect[Any]:
        own = (mentions.c.id == names.c.mention_id) & (mentions.c.date_precision != "year")
        return sa.select(value).where(own).scalar_subquery()

    op.execute(
        names.update().values(
            window_start=of_mention(mentions.c.date_start),
            window_end=of_mention(mentions.c.date_end),
            by_day=sa.func.coalesce(of_mention(mentions.c.date_precision == "day"), sa.false()),
        )
    )
    op.create_index(
        "ix_mention_names_window",
        "mention_names",
        ["name", "window_start", "window_end", "by_day", "mention_id"],
    )
    op.drop_index("ix_mention_names_name", table_name="mention_names")


def downgrade() -> None:
    op.create_index("ix_mention_names_name", "mention_names", ["name"])
    op.drop_index("ix_mention_names_window", table_name="mention_names")
    with op.batch_alter_table("mention_names") as batch:
        batch.drop_column("by_day")
        batch.drop_column("window_end")
        batch.drop_column("window_start")
