"""a substring index for the events' search text: FTS5 trigram on SQLite, pg_trgm on PostgreSQL

Searching the text with LIKE '%word%' read every record (≈ 90 ms at 100k events). Both indexes find
substrings of three characters or more. Where the database lacks them (a SQLite built without FTS5,
a PostgreSQL without pg_trgm or the right to add it) the table stays as it was and text search
keeps scanning: slower, same answers.

On SQLite the index is an FTS5 table over `events.search_text` (external content, keyed by the
events' rowid) kept current by triggers. A later migration that rebuilds `events` in batch mode
drops these triggers with the table and must create them again.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from eventwire.store.schema import SEARCH_INDEX, SEARCH_TABLE

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SQLITE_UPGRADE = [
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
    "search_text, content='events', content_rowid='rowid', tokenize='trigram')",
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')",
    f"CREATE TRIGGER {SEARCH_TABLE}_insert AFTER INSERT ON events BEGIN "
    f"INSERT INTO {SEARCH_TABLE}(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    f"CREATE TRIGGER {SEARCH_TABLE}_delete AFTER DELETE ON events BEGIN "
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); END",
    f"CREATE TRIGGER {SEARCH_TABLE}_update AFTER UPDATE OF search_text ON events BEGIN "
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.rowid, old.search_text); "
    f"INSERT INTO {SEARCH_TABLE}(rowid, search_text) VALUES (new.rowid, new.search_text); END",
]


def _sqlite_has_trigram(bind: sa.Connection) -> bool:
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')")
    except sa.exc.OperationalError:
        return False
    bind.exec_driver_sql("DROP TABLE temp.trigram_probe")
    return True


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if _sqlite_has_trigram(bind):
            for statement in SQLITE_UPGRADE:
                bind.exec_driver_sql(statement)
    elif bind.dialect.name == "postgresql":
        available = bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if available.first() is None:
            return
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except sa.exc.DBAPIError:  # no right to add an extension: keep scanning
            return
        op.create_index(
            SEARCH_INDEX,
            "events",
            ["search_text"],
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {SEARCH_TABLE}_{trigger}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    elif bind.dialect.name == "postgresql":
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
