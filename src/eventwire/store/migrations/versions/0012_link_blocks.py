"""link blocks: the precision of a mention's place, and its rarest words in the candidate index

A report set in a town can only be one event with a report set near it, in a region or country that
may hold it, or nowhere; the blocks of a dense country (US shootings a week apart) held hundreds of
reports from everywhere else in it, each decoded and scored. Reports that neither a date nor a place
can tell apart are found through the candidate index alone, which now keeps each mention's rarest
content words beside its names.

Revision ID: 0012
Revises: 0011
"""

import json

import sqlalchemy as sa
from alembic import op

from eventwire.serialize import mention_from_dict
from eventwire.store.database import index_words

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_BATCH = 1_000


def upgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("place_precision", sa.String(16), nullable=True))
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        precision = "CAST(data AS jsonb) #>> '{place,place,precision}'"
    else:
        precision = "json_extract(data, '$.place.place.precision')"
    op.execute(f"UPDATE mentions SET place_precision = {precision}")
    op.execute("DELETE FROM mention_names")
    insert = sa.text("INSERT INTO mention_names (mention_id, name) VALUES (:mention_id, :name)")
    page = sa.text("SELECT id, data FROM mentions WHERE id > :last ORDER BY id LIMIT :size")
    last = ""
    while rows := connection.execute(page, {"last": last, "size": _BATCH}).all():
        last = rows[-1][0]
        mentions = [mention_from_dict(json.loads(d) if isinstance(d, str) else d) for _, d in rows]
        words = [{"mention_id": m.id, "name": word} for m in mentions for word in index_words(m)]
        if words:
            connection.execute(insert, words)


def downgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("place_precision")
