"""Casualty counts as ranges, from digits, number words, vague words and named victims."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.extract.numbers import CasualtyMention, Count, find_casualties, parse_quantity
from eventwire.model import Quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twelve", (12, 12)),
        ("twenty-one", (21, 21)),
        ("one hundred and twelve", (112, 112)),
        ("1,200", (1200, 1200)),
        ("1.2 million", (1_200_000, 1_200_000)),
        ("12", (12, 12)),
        ("two", (2, 2)),
        ("one", (1, 1)),
        ("an", (1, 1)),
        ("a dozen", (12, 12)),
        ("a few", (2, 5)),
        ("several", (3, 9)),
        ("dozens", (24, 99)),
        ("scores", (40, 99)),
        ("hundreds", (200, 999)),
        ("thousands", (2000, 9999)),
        ("tens of thousands", (20_000, 99_999)),
        ("at least 9", (9, None)),
        ("more than 70", (71, None)),
        ("more than a dozen", (13, None)),
        ("about 12", (11, 13)),
        ("around 90", (81, 99)),
        ("some 30", (27, 33)),
        ("nearly 100", (90, 99)),
        ("up to 50", (1, 50)),
        ("fewer than 10", (1, 9)),
        ("banana", None),
        ("", None),
    ],
)
def test_parse_quantity(text: str, expected: tuple[int, int | None] | None) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fewer than 0", None),
        ("nearly 0", None),
        ("about 0", (0, 1)),
        ("1000000000", (1_000_000_000, 1_000_000_000)),
        ("more than 1000000000", (1_000_000_001, None)),
        ("1000000001", None),
        ("99999999999999999999999999", None),
    ],
)
def test_counts_are_never_negative_nor_beyond_any_toll(
    text: str, expected: tuple[int, int | None] | None
) -> None:
    """Found by fuzzing: "less than 0 people were killed" gave -1..-1, and a run of digits a count
    beyond the store's integer columns (and beyond float precision)."""
    assert parse_quantity(text) == expected


def _read(sentence: str) -> list[tuple[str, int, int | None, str | None]]:
    found = find_casualties(sentence)
    for mention in found:
        assert sentence[mention.count.start : mention.count.end] == mention.count.text
    return [(m.kind, m.count.low, m.count.high, m.victim_text) for m in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Russia launched one of the deadliest assaults on Kyiv in nearly a year, killing several and injuring hundreds.",
            [("killed", 3, 9, None), ("injured", 200, 999, None)],
        ),
        ("The strike killed 12 people.", [("killed", 12, 12, "people")]),
        ("12 people were killed in the attack.", [("killed", 12, 12, "people")]),
        ("Three Ukrainian soldiers were killed.", [("killed", 3, 3, "Ukrainian soldiers")]),
        ("At least 9 dead after the flood.", [("killed", 9, None, None)]),
        (
            "More than 70 people were killed and dozens injured.",
            [("killed", 71, None, "people"), ("injured", 24, 99, None)],
        ),
        (
            "The blast, leaving two dead and 90 wounded, shook the city.",
            [("killed", 2, 2, None), ("injured", 90, 90, None)],
        ),
        (
            "The strike killed at least 12 people and wounded around 90, officials said.",
            [("killed", 12, None, "people"), ("injured", 81, 99, None)],
        ),
        ("Hundreds of people were injured.", [("injured", 200, 999, "people")]),
        ("The death toll rose to 45 on Sunday.", [("killed", 45, 45, None)]),
        ("The officer was killed.", [("killed", 1, 1, "The officer")]),
        (
            "Ukraine killed Lt. Gen. Igor Kirillov and his assistant.",
            [("killed", 2, 2, "Lt. Gen. Igor Kirillov and his assistant")],
        ),
        (
            "The car bombing that claimed Moskalik’s life echoes earlier attacks.",
            [("killed", 1, 1, "Moskalik")],
        ),
        ("Police found a dead man in the car.", [("killed", 1, 1, "man")]),
        (
            "A 44-year-old man was killed and his wife was wounded.",
            [("killed", 1, 1, "A 44-year-old man"), ("injured", 1, 1, "his wife")],
        ),
        ("The officer and his driver were killed.", [("killed", 2, 2, "The officer and his driver")]),
        (
            "A Woodburn police officer and state police bomb squad technician were killed.",
            [("killed", 2, 2, "A Woodburn police officer and state police bomb squad technician")],
        ),
        (
            "A bomb at a bank killed a police officer and a state bomb technician, police said.",
            [("killed", 2, 2, "a police officer and a state bomb technician")],
        ),
        (
            "The gunman killed a man and wounded a woman.",
            [("killed", 1, 1, "man"), ("injured", 1, 1, "woman")],
        ),
        ("A man was wounded around 6:20 p.m. on Friday.", [("injured", 1, 1, "man")]),  # no count of 6
        # how they were hurt, then what became of them
        ("Three people were shot and wounded early Sunday.", [("injured", 3, 3, "people")]),
        ("Two men were shot to death.", [("killed", 2, 2, "men")]),
        ("A man was shot and killed on Friday.", [("killed", 1, 1, "man")]),
        ("The driver and his son were stabbed and wounded.", [("injured", 2, 2, "The driver and his son")]),
        ("Two gunmen shot and wounded three people.", [("injured", 3, 3, "people")]),
        ("Two officers shot and killed a teenager.", [("killed", 1, 1, "teenager")]),  # not the officers
        ("No one was hurt.", [("injured", 0, 0, None)]),
        ("No one else was reported hurt.", [("injured", 0, 0, None)]),
        ("No casualties were reported.", [("injured", 0, 0, None), ("killed", 0, 0, None)]),
    ],
)
def test_find_casualties(sentence: str, expected: list[tuple[str, int, int | None, str | None]]) -> None:
    assert _read(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Vladimir, STOP! 5000 soldiers a week are dying.",  # a rate in a quote, not an event's toll
        "And it has been 44 days of Russia continuing to kill our people.",
        "It remains unclear whether the officer was specifically targeted.",
        "The bomb could have killed hundreds.",
        "Civilians were killed in the shelling.",  # how many is not said
        "Russian strikes killed Ukrainian soldiers.",
        "Russia launched one of the deadliest assaults on Kyiv.",
        "Goth son held as mum and sister killed\n10 Jun 2013 09:10",  # a headline over its dateline
        "Man held after sis and mum murdered\nPublished: 09th June 2013",
    ],
)
def test_no_count_where_none_is_stated(sentence: str) -> None:
    assert find_casualties(sentence) == []


def test_a_count_knows_its_place_and_gives_the_model_its_quantity() -> None:
    [mention] = find_casualties("Officials said at least 9 people died.")
    assert mention == CasualtyMention("killed", Count(9, None, "at least 9", 15, 25), "people")
    assert mention.count.quantity == Quantity(9, None, "at least 9")


def test_seed_sentences(seeds_dir: Path) -> None:
    text = (seeds_dir / "000_ceccda96e80c11bb.txt").read_text(encoding="utf-8")
    [kyiv] = [s for s in text.split(". ") if "killing several" in s]
    assert _read(kyiv) == [("killed", 3, 9, None), ("injured", 200, 999, None)]
    [quote] = [s for s in text.split("\n") if "5000 soldiers" in s]
    assert find_casualties(quote) == []
