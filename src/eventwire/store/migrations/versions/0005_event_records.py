"""merged event records with indexed consensus columns, and the queue of stale ones

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String(48), primary_key=True),
        sa.Column("group_id", sa.String(48), nullable=False, unique=True),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("date_precision", sa.String(8)),
        sa.Column("geonameid", sa.BigInteger),
        sa.Column("place_name", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("country", sa.String(2)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("place_precision", sa.String(16)),
        sa.Column("fatalities_min", sa.Integer),
        sa.Column("fatalities_max", sa.Integer),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("disputed", sa.Boolean, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    for column in (
        "event_type",
        "sub_event_type",
        "date_start",
        "geonameid",
        "latitude",
        "n_sources",
        "disputed",
    ):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_index("ix_events_country_date", "events", ["country", "date_start"])
    op.create_index("ix_events_listing", "events", ["n_sources", "date_start", "id"])
    op.create_table("event_refresh", sa.Column("group_id", sa.String(48), primary_key=True))
    op.execute("INSERT INTO event_refresh (group_id) SELECT DISTINCT event_id FROM event_members")


def downgrade() -> None:
    op.drop_table("event_refresh")
    op.drop_table("events")
