"""The ECB+ reader and clustering scores, on small documents the test writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.annotate import Annotator
from eventwire.evaluate.ecbplus import EcbFormatError, evaluate_ecbplus, read_ecbplus, score_clustering


def _write(folder: Path, name: str, sentences: list[str]) -> None:
    tokens = []
    number = 1
    for index, sentence in enumerate(sentences):
        for word in sentence.split():
            tokens.append(f'<token t_id="{number}" sentence="{index}" number="{number}">{word}</token>')
            number += 1
    (folder / name).write_text(f'<Document doc_name="{name}">{"".join(tokens)}</Document>')


def test_scores_match_hand_computed_values() -> None:
    perfect = score_clustering(["a", "a", "b"], ["x", "x", "y"])
    assert (
        perfect["b3_f1"] == pytest.approx(1.0)
        and perfect["v_measure"] == pytest.approx(1.0)
        and perfect["ari"] == pytest.approx(1.0)
    )
    singletons = score_clustering(["a", "a", "b", "b"], ["1", "2", "3", "4"])
    assert singletons["b3_precision"] == pytest.approx(1.0) and singletons["b3_recall"] == pytest.approx(0.5)
    assert singletons["b3_f1"] == pytest.approx(2 / 3)
    lumped = score_clustering(["a", "a", "b", "b"], ["x", "x", "x", "x"])
    assert lumped["b3_precision"] == pytest.approx(0.5) and lumped["ari"] == pytest.approx(0.0)


def test_reader_labels_sub_topics_and_rejects_bad_files(tmp_path: Path) -> None:
    topic = tmp_path / "1"
    topic.mkdir()
    _write(topic, "1_1ecb.xml", ["A bomb exploded in Kabul .", "Two people were killed ."])
    _write(topic, "1_2ecbplus.xml", ["Protesters marched in Belgrade ."])
    (topic / "notes.xml").write_text("<x/>")
    documents = read_ecbplus(tmp_path)
    assert [label for _, label in documents] == ["1ecb", "1ecbplus"]
    assert documents[0][0].text == "A bomb exploded in Kabul .\nTwo people were killed ."
    (topic / "1_3ecb.xml").write_text("<Document><token")
    with pytest.raises(EcbFormatError, match=r"1_3ecb\.xml: cannot parse XML"):
        read_ecbplus(tmp_path)


@pytest.mark.parametrize(("batches", "seed"), [(1, None), (3, 1), (3, 2)])
def test_pipeline_clusters_documents(tmp_path: Path, batches: int, seed: int | None) -> None:
    """Also when the documents arrive one at a time, in shuffled orders."""
    topic = tmp_path / "7"
    topic.mkdir()
    kabul = "A suicide bomber killed 14 people at a market in Kabul on 3 March 2024 , police said ."
    _write(topic, "7_1ecb.xml", [kabul, "The Taliban denied involvement ."])
    _write(
        topic,
        "7_2ecb.xml",
        ["At least 14 people died when a suicide bomber struck a Kabul market on 3 March 2024 ."],
    )
    _write(
        topic, "7_1ecbplus.xml", ["A suicide bomber killed 9 people at a mosque in Kandahar on 9 June 2023 ."]
    )
    result = evaluate_ecbplus(tmp_path, Annotator.load(), batches=batches, seed=seed)
    assert (result["batches"], result["seed"]) == (batches, seed)
    assert result["n_docs"] == 3 and result["gold_events"] == 2
    assert result["b3_f1"] == pytest.approx(1.0) and result["predicted_events"] == 2
