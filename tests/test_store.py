"""Storage behaviour on SQLite and PostgreSQL: one row per text, atomic writes, near-duplicate links."""

from __future__ import annotations

import gc
import multiprocessing
import random
import threading
from collections import Counter
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from eventwire.model import Article, EventMention, EventType
from eventwire.store import AddOutcome, ArticleQuery, Store, open_store
from eventwire.store import database as database_module
from eventwire.store.schema import ArticleBandRow, MentionNameRow

BODY = (
    "A senior officer was killed on Friday when an explosive device hidden near a parked car went off "
    "outside an apartment block in Balashikha, a town east of Moscow, investigators said. The blast "
    "shattered windows along the street and a criminal case was opened on charges of terrorism. "
    "Witnesses described a loud bang shortly after the officer left the building in the morning."
)


def _article(text: str = BODY, **metadata: object) -> Article:
    return Article.create(text, "text", **metadata)


_PENDING = sa.text(
    "SELECT id FROM articles WHERE near_duplicate_of IS NULL"
    " AND id NOT IN (SELECT article_id FROM extractions WHERE version = :version) ORDER BY id"
)
"""The articles waiting for an extractor version, as an anti-join of the whole store finds them."""


def _pending(store: Store, version: int) -> list[str]:
    with store.engine.connect() as connection:
        return list(connection.execute(_PENDING, {"version": version}).scalars())


def _assert_waiting(store: Store, version: int, expected: list[str]) -> None:
    assert store.count_to_extract(version) == len(expected)
    assert [a.id for a in store.articles_to_extract(version, limit=10**6)] == expected


def _mention(article: Article) -> EventMention:
    return EventMention(article_id=article.id, index=0, kind="main", type=EventType("Riots", "Mob violence"))


def test_exact_duplicate_is_stored_once(store: Store) -> None:
    first = _article(outlet="Northern Ledger", published=date(2025, 4, 26))
    assert store.add_article(first)[0] is AddOutcome.STORED
    # The same text re-wrapped and from another outlet is the same content.
    again = _article(BODY.replace(". ", ".\n"), outlet="Other Outlet")
    outcome, stored = store.add_article(again)
    assert outcome is AddOutcome.DUPLICATE
    assert stored.id == first.id and stored.outlet == "Northern Ledger"
    assert store.count_articles() == 1


def test_stats_return_every_connection_they_take(store: Store) -> None:
    """Reading the store's numbers leaves no connection checked out of the pool: one left behind
    lives until garbage collection, and on PostgreSQL its reset fails once the database is gone."""
    store.add_article(_article())
    gc.disable()  # the leak is only visible until a collection frees it
    try:
        stats = store.stats()
        assert store.engine.pool.checkedout() == 0
    finally:
        gc.enable()
    assert stats["articles"] == 1 and stats["by_format"] == {"text": 1}


def test_near_duplicate_links_to_its_root_original(store: Store) -> None:
    original = _article(published=date(2025, 4, 25))
    edited = _article(
        BODY.replace("investigators said", "investigators told reporters"), published=date(2025, 4, 26)
    )
    edited_again = _article(
        edited.text.replace("in the morning", "early in the morning"), published=date(2025, 4, 27)
    )
    unrelated = _article("Thousands marched through the capital on Saturday demanding new elections. " * 3)
    assert store.add_article(original)[0] is AddOutcome.STORED
    outcome, stored = store.add_article(edited)
    assert outcome is AddOutcome.NEAR_DUPLICATE
    assert stored.near_duplicate_of == original.id and stored.near_duplicate_similarity is not None
    outcome, stored = store.add_article(edited_again)
    assert outcome is AddOutcome.NEAR_DUPLICATE and stored.near_duplicate_of == original.id
    assert store.add_article(unrelated)[0] is AddOutcome.STORED
    fetched = store.get_article(edited.id)
    assert fetched is not None and fetched.near_duplicate_of == original.id
    assert store.stats()["near_duplicates"] == 2


def test_failed_write_leaves_nothing_behind(store: Store) -> None:
    """A failure after the article row is written (while writing its bands) rolls the article back."""

    def fail_on_bands(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith(f"INSERT INTO {ArticleBandRow.__tablename__}"):
            raise RuntimeError("disk on fire")

    sa.event.listen(store.engine, "before_cursor_execute", fail_on_bands)
    try:
        with pytest.raises(RuntimeError):
            store.add_article(_article())
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", fail_on_bands)
    assert store.count_articles() == 0
    assert store.add_article(_article())[0] is AddOutcome.STORED


def test_query_filters_and_iteration(store: Store) -> None:
    texts = {
        "Kyiv Morning Post": (
            "Missiles struck Kyiv overnight, killing twelve people. " * 4,
            date(2025, 4, 24),
        ),
        "Baltic Wire": ("Students led a huge rally in Belgrade on Saturday. " * 4, date(2025, 3, 15)),
        "Northern Ledger": (BODY, date(2025, 4, 26)),
    }
    for outlet, (text, published) in texts.items():
        store.add_article(_article(text, outlet=outlet, published=published, title=f"{outlet} report"))
    assert [a.outlet for a in store.articles()] == ["Northern Ledger", "Kyiv Morning Post", "Baltic Wire"]
    assert [a.outlet for a in store.articles(ArticleQuery(text="BELGRADE"))] == ["Baltic Wire"]
    assert [a.outlet for a in store.articles(ArticleQuery(outlet="Baltic Wire"))] == ["Baltic Wire"]
    window = ArticleQuery(since=date(2025, 4, 1), until=date(2025, 4, 25))
    assert [a.outlet for a in store.articles(window)] == ["Kyiv Morning Post"]
    assert len(store.articles(ArticleQuery(limit=1, offset=1))) == 1
    assert sorted(a.id for a in store.iter_articles(batch_size=2)) == sorted(a.id for a in store.articles())
    numbers = store.stats()
    assert numbers["articles"] == 3
    assert numbers["published_first"] == "2025-03-15" and numbers["published_last"] == "2025-04-26"


def test_reopening_keeps_data_and_schema_is_at_head(db_url: str) -> None:
    with open_store(db_url) as first:
        first.add_article(_article())
    with open_store(db_url) as second:
        assert second.count_articles() == 1
        with second.engine.connect() as connection:
            version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    migrations = database_module._MIGRATIONS / "versions"
    newest = max(path.name.split("_")[0] for path in migrations.glob("[0-9]*.py"))
    assert version == newest


def test_a_store_from_before_place_aware_blocks_gains_place_precisions_and_rare_words(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from eventwire.model import Place, PlaceMention

    article = _article()
    place = Place("Balashikha", "town", 579464, "RU", lat=55.80, lon=37.95)
    mention = EventMention(
        article_id=article.id,
        index=0,
        kind="main",
        type=EventType("Riots", "Mob violence"),
        place=PlaceMention("Balashikha", place),
        names=("moskalik",),
        terms=("said", "scooter"),
    )
    with open_store(db_url) as store:
        store.add_article(article)
        store.save_mentions(article.id, [mention], version=1)
        config = Config()
        config.set_main_option("script_location", str(database_module._MIGRATIONS))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0011")
            connection.execute(sa.text("DELETE FROM mention_names WHERE name <> 'moskalik'"))
    with open_store(db_url) as store, store.engine.connect() as connection:
        precision = connection.execute(sa.text("SELECT place_precision FROM mentions")).scalar_one()
        words = set(connection.execute(sa.text("SELECT name FROM mention_names")).scalars())
    assert precision == "town"
    assert words == {"moskalik", "scooter", "said"}  # its rarest words, as few as it has


def test_a_store_from_before_name_windows_gains_its_names_dates(db_url: str) -> None:
    """Migration 0014 fills the candidate index's dates from the mentions, as a new store writes
    them: a bare year and an undated mention undated, the rest with their dates and precision."""
    from alembic import command
    from alembic.config import Config

    from eventwire.model import DateValue

    dates = [
        DateValue(date(2025, 4, 25), date(2025, 4, 25), "day"),
        DateValue(date(2025, 4, 1), date(2025, 4, 30), "month"),
        DateValue(date(2025, 1, 1), date(2025, 12, 31), "year"),
        None,
    ]
    mentions = []
    with open_store(db_url) as store:
        for number, value in enumerate(dates):
            article = _article(f"Report {number} of a blast that killed an officer in Balashikha.")
            store.add_article(article)
            mention = EventMention(
                article_id=article.id,
                index=0,
                kind="main",
                type=EventType("Riots", "Mob violence"),
                date=value,
                names=("moskalik",),
                terms=("scooter",),
            )
            store.save_mentions(article.id, [mention], version=1)
            mentions.append(mention)
        config = Config()
        config.set_main_option("script_location", str(database_module._MIGRATIONS))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0013")
    names = MentionNameRow.__table__
    with open_store(db_url) as store, store.engine.connect() as connection:
        stored = [dict(row) for row in connection.execute(sa.select(names)).mappings()]
    expected = [row for mention in mentions for row in database_module.name_rows(mention)]
    assert len(expected) == 8
    assert sorted(stored, key=str) == sorted(expected, key=str)
    assert sum(bool(row["by_day"]) for row in expected) == 2  # the day's two names


def test_a_copy_that_lost_its_place_while_extracted_keeps_no_mentions(store: Store) -> None:
    """Ingest and extraction overlap in a run: a copy may be out for extraction when its earlier
    original arrives. Its mentions, coming back after, are not stored: the original speaks for it."""
    late_copy = _article(BODY.replace("investigators said", "officials said"), published=date(2025, 4, 27))
    first_report = _article(published=date(2025, 4, 25))
    assert store.add_article(late_copy)[0] is AddOutcome.STORED
    assert [a.id for a in store.articles_to_extract(version=1)] == [late_copy.id]  # sent out
    assert store.add_article(first_report)[0] is AddOutcome.STORED  # meanwhile, its original
    mention = EventMention(
        article_id=late_copy.id, index=0, kind="main", type=EventType("Riots", "Mob violence")
    )
    store.save_mentions(late_copy.id, [mention], version=1)
    assert store.mentions(late_copy.id) == [] and store.unlinked_mentions() == []
    assert [a.id for a in store.articles_to_extract(version=1)] == [first_report.id]


def test_the_earliest_copy_is_the_original_whatever_arrives_first(store: Store) -> None:
    late_copy = _article(BODY.replace("investigators said", "officials said"), published=date(2025, 4, 27))
    first_report = _article(published=date(2025, 4, 25))
    other = _article("Rescuers searched the rubble of the collapsed quarry near Carrara on Friday.")
    assert store.add_article(late_copy)[0] is AddOutcome.STORED
    assert store.add_article(other)[0] is AddOutcome.STORED
    copy_mention, other_mention = (
        EventMention(article_id=article.id, index=0, kind="main", type=EventType("Riots", "Mob violence"))
        for article in (late_copy, other)
    )
    store.save_mentions(late_copy.id, [copy_mention], version=1)
    store.save_mentions(other.id, [other_mention], version=1)
    link = (copy_mention.id, 4.0, {"date": 2.0, "place": 2.0})
    store.regroup({copy_mention.id: ("ev-x", None), other_mention.id: ("ev-x", link)}, [])
    store.save_events({"ev-x": None})  # as if its record were up to date
    assert store.add_article(first_report)[0] is AddOutcome.STORED
    demoted = store.get_article(late_copy.id)
    assert demoted is not None and demoted.near_duplicate_of == first_report.id
    # The demoted copy's extraction is dropped; only the original is left to extract.
    assert [a.id for a in store.articles_to_extract(version=1)] == [first_report.id]
    # Its mention leaves its event, which is to be written again, and the report linked to it
    # becomes the event's first: no link points at a mention that is gone.
    assert store.stale_event_groups() == ["ev-x"]
    [(mention, member)] = store.event_group("ev-x")
    assert mention.id == other_mention.id and member.linked_to is None


def test_an_event_that_takes_over_the_id_of_one_it_absorbed_is_stored(store: Store) -> None:
    """An event is named after its first mention: one that absorbs another event with an earlier
    mention takes over that event's id, and its record is written whichever of the two stale groups
    is written first (ECB+ linked in chunks failed here on a unique id)."""
    from eventwire import pipeline

    articles = [_article(f"Report {n} of the blast in Balashikha on Friday.") for n in range(2)]
    mentions = []
    for article in articles:
        store.add_article(article)
        mention = EventMention(
            article_id=article.id, index=0, kind="main", type=EventType("Riots", "Mob violence")
        )
        store.save_mentions(article.id, [mention], version=1)
        mentions.append(mention)
    first, second = sorted(mentions, key=lambda m: m.id)
    # The group of the later mention sorts first, and is the one that absorbs the other.
    store.regroup({first.id: ("ev-zz", None), second.id: ("ev-aa", None)}, [])
    pipeline.refresh_events(store)
    assert {e.id for e in pipeline.events(store)} == {f"ev-{first.id}", f"ev-{second.id}"}
    store.regroup(
        {first.id: ("ev-aa", (second.id, 3.0, {"event content": 3.0})), second.id: ("ev-aa", None)}, []
    )
    assert pipeline.refresh_events(store) == 2
    [record] = store.query_events()[1]
    assert record["id"] == f"ev-{first.id}" and len(record["sources"]) == 2


def test_migrations_build_the_declared_schema(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from eventwire.store.schema import SEARCH_INDEX, SEARCH_TABLE, Base

    def declared(name: str | None, kind: str, _parent: object) -> bool:
        """The text index is made by hand (a virtual table or an extension's index), not declared."""
        return not (name or "").startswith(SEARCH_TABLE) and name != SEARCH_INDEX

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": declared})
        assert compare_metadata(context, Base.metadata) == []


def _hold_the_linker(url: str, held: Any, release: Any) -> None:
    with open_store(url) as store, store.linking():
        held.set()
        release.wait(30)


def test_one_linker_at_a_time_across_processes(db_url: str) -> None:
    """A second process (a server worker, another run) waits for the linker slot."""
    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_the_linker, args=(db_url, held, release))
    holder.start()
    try:
        assert held.wait(60), "the other process took the linker slot"
        got = threading.Event()
        with open_store(db_url) as store:

            def take() -> None:
                with store.linking():
                    got.set()

            waiter = threading.Thread(target=take)
            waiter.start()
            assert not got.wait(0.5), "the slot was taken twice at once"
            release.set()
            assert got.wait(30), "the slot was freed when the other process let go"
            waiter.join()
    finally:
        release.set()
        holder.join(30)


def _word_soup(rng: random.Random, words: int = 60) -> str:
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(words)) + "."


def test_the_extraction_queue_waits_with_what_an_anti_join_of_the_store_finds(store: Store) -> None:
    """Random runs of arrivals (new reports, exact copies, edited copies published before or after
    their original, which then steps back), extractions at the version asked for or another, and
    new versions, newer and older: after each step the store waits with exactly what scanning it
    finds, and the queue holds the work of the newest version asked for."""
    rng = random.Random(20250426)
    stories = [_word_soup(rng) for _ in range(4)]
    stored: list[Article] = []
    outcomes: Counter[AddOutcome] = Counter()
    version = newest = 1
    queued = sa.text("SELECT article_id FROM extraction_queue ORDER BY article_id")
    for _ in range(150):
        step = rng.random()
        if step < 0.1 or not stored:
            stories.append(_word_soup(rng))
        if step < 0.45 or not stored:  # a report of a story, one of its words edited
            words = rng.choice(stories).split()
            words[rng.randrange(len(words))] = f"edit{rng.randrange(10**6)}"
            article = _article(" ".join(words), published=date(2025, 4, rng.randint(1, 28)))
            outcome, article = store.add_article(article)
            outcomes[outcome] += 1
            stored.append(article)
        elif step < 0.55:
            outcomes[store.add_article(_article(rng.choice(stored).text))[0]] += 1
        elif step < 0.9:
            extracted = rng.choice(stored)
            at = version if rng.random() < 0.75 else rng.randint(1, 3)
            store.save_mentions(extracted.id, [_mention(extracted)] if rng.random() < 0.5 else [], at)
        else:
            version = rng.randint(1, 3)
        _assert_waiting(store, version, _pending(store, version))
        newest = max(newest, version)
        with store.engine.connect() as connection:  # nothing done, no copy
            assert list(connection.execute(queued).scalars()) == _pending(store, newest)
    assert set(outcomes) == set(AddOutcome)
    with store.engine.connect() as connection:
        copies = sa.text("SELECT id FROM articles WHERE near_duplicate_of IS NOT NULL")
        stepped_back = set(connection.execute(copies).scalars()) & {
            article.id for article in stored if article.near_duplicate_of is None
        }
    assert stepped_back, "an original stepped back for an earlier copy"


def test_the_newest_extractor_keeps_the_queue_and_an_older_one_scans(db_url: str) -> None:
    """Two processes with different extractor versions on one store (a rolling upgrade): the newer
    one fills the queue for its version and keeps it; the older one finds its work by scanning the
    store, so neither empties the other's queue at every batch. A third store at the newest version
    finds the queue filled for it."""
    first, second = _article(), _article("Rescuers searched the rubble of the collapsed quarry near Carrara.")
    queued_for = sa.text("SELECT version FROM extraction_queue_version")
    with open_store(db_url) as old, open_store(db_url) as new:
        old.add_article(first)
        old.add_article(second)
        both = sorted([first.id, second.id])
        _assert_waiting(old, 1, both)
        _assert_waiting(new, 2, both)
        old.save_mentions(first.id, [], version=1)
        _assert_waiting(old, 1, [second.id])
        new.save_mentions(second.id, [], version=2)
        _assert_waiting(new, 2, [first.id])
        _assert_waiting(old, 1, [second.id])
        assert old.articles_to_extract(1, excluding=[second.id]) == []
        with old.engine.connect() as connection:
            assert connection.execute(queued_for).scalar_one() == 2
        with open_store(db_url) as another:
            _assert_waiting(another, 2, [first.id])
        with old.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT article_id FROM extraction_queue")).scalars().all() == [
                first.id
            ]


def test_a_store_from_before_the_extraction_queue_waits_with_the_same_articles(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    original = _article(published=date(2025, 4, 25))
    late_copy = _article(BODY.replace("investigators said", "officials said"), published=date(2025, 4, 27))
    earlier_copy = _article(BODY.replace("in the morning", "at dawn"), published=date(2025, 4, 24))
    others = [_article(f"Report {n} of a flood in Porto Alegre that cut off the city.") for n in range(4)]
    with open_store(db_url) as store:
        for article in [original, late_copy, *others]:
            store.add_article(article)
        store.save_mentions(original.id, [_mention(original)], version=1)
        store.save_mentions(late_copy.id, [], version=1)
        store.save_mentions(others[0].id, [_mention(others[0])], version=1)
        store.save_mentions(others[1].id, [], version=2)
        store.add_article(earlier_copy)  # the original steps back, its extraction dropped
        config = Config()
        config.set_main_option("script_location", str(database_module._MIGRATIONS))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0012")
        before = {version: _pending(store, version) for version in (1, 2, 3)}
    assert before[1] == sorted([earlier_copy.id, *(a.id for a in others[1:])])
    with open_store(db_url) as store:
        for version in (1, 2, 3, 1):
            _assert_waiting(store, version, before[version])


def test_two_stores_saving_one_article_at_once_leave_one_extraction(db_url: str) -> None:
    """Two workers (a re-run beside a run, two Ray actors handed the same report) save one article's
    mentions at the same moment: one waits for the other, and the article keeps one extraction
    and one copy of its mentions, not a unique-key error."""
    article = _article()
    with open_store(db_url) as setup:
        setup.add_article(article)
    stores = [open_store(db_url) for _ in range(2)]
    errors: list[BaseException] = []

    def save(store: Store, start: threading.Barrier) -> None:
        start.wait(10)
        try:
            store.save_mentions(article.id, [_mention(article)], version=1)
        except BaseException as error:  # the test reports what either thread raised
            errors.append(error)

    try:
        for _ in range(25):
            start = threading.Barrier(2)
            workers = [threading.Thread(target=save, args=(store, start)) for store in stores]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(30)
        assert errors == []
        with stores[0].engine.connect() as connection:
            extractions = connection.execute(sa.text("SELECT count(*) FROM extractions")).scalar_one()
            mentions = connection.execute(sa.text("SELECT count(*) FROM mentions")).scalar_one()
        assert (extractions, mentions) == (1, 1)
        _assert_waiting(stores[0], 1, [])
    finally:
        for store in stores:
            store.close()
