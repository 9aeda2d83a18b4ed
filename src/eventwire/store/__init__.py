"""Storage: SQLite by default, PostgreSQL by URL; the schema is created and upgraded by Alembic."""

from eventwire.store.database import (
    AddOutcome,
    ArticleQuery,
    Link,
    Membership,
    Store,
    default_db_url,
    normalize_db_url,
    open_store,
)
from eventwire.store.events import BoundingBox, EventQuery

__all__ = [
    "AddOutcome",
    "ArticleQuery",
    "BoundingBox",
    "EventQuery",
    "Link",
    "Membership",
    "Store",
    "default_db_url",
    "normalize_db_url",
    "open_store",
]
