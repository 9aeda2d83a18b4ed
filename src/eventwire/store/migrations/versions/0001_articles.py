"""articles and their near-duplicate LSH bands

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text()),
        sa.Column("outlet", sa.String(300)),
        sa.Column("published", sa.Date()),
        sa.Column("title", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("raw_format", sa.String(16), nullable=False),
        sa.Column("origin", sa.Text()),
        sa.Column("near_duplicate_of", sa.String(32), sa.ForeignKey("articles.id")),
        sa.Column("near_duplicate_similarity", sa.Float()),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_near_duplicate_of", "articles", ["near_duplicate_of"])
    op.create_table(
        "article_bands",
        sa.Column(
            "article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("band", sa.Integer(), primary_key=True),
        sa.Column("band_hash", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_article_bands_lookup", "article_bands", ["band", "band_hash"])


def downgrade() -> None:
    op.drop_table("article_bands")
    op.drop_table("articles")
