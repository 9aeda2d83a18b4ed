"""indexes that answer the event filters without reading the records: type with dates, box, disputed
(the position index replaces the one on latitude alone)

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_events_type_dates": ["event_type", "date_start", "date_end"],
    "ix_events_position": ["latitude", "longitude"],
    "ix_events_disputed_listing": ["disputed", "n_sources", "date_start"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "events", columns)
    op.drop_index("ix_events_latitude", "events")


def downgrade() -> None:
    op.create_index("ix_events_latitude", "events", ["latitude"])
    for name in INDEXES:
        op.drop_index(name, "events")
