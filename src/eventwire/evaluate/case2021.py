"""CASE 2021 Task 2 (event-type classification of news snippets): reading, scoring, cross-validation.

The task's headline number is weighted F1 over the 30 labels. We only hold the dev set, so an
honest estimate of the shipped classifier is stratified k-fold cross-validation on it: every
snippet is scored by a model that never saw it. Metrics come from sklearn.metrics so they match
the shared task's scorer.
"""

from __future__ import annotations

import csv
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from eventwire.extract.event_type_model import Matrix, TextEncoder, embed, fit_event_type_model, load_encoder
from eventwire.extract.event_types import CASE2021_LABELS

HEADER = ("id", "EventSnippet", "SubType")

# Given the train and test row indices of one fold, return a predicted label for each test row.
FoldPredictor = Callable[[NDArray[np.intp], NDArray[np.intp]], Sequence[str]]


class Case2021FormatError(ValueError):
    """The file is not a CASE 2021 Task 2 TSV; the message names the file, the line and the reason."""


class Case2021Row(NamedTuple):
    id: str
    snippet: str
    label: str


def read_case2021(path: str | Path) -> list[Case2021Row]:
    """Rows of a TSV with header `id<TAB>EventSnippet<TAB>SubType` (CSV quoting, as the task ships it)."""
    path = Path(path)
    rows: list[Case2021Row] = []
    seen: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t", strict=True)
            header = next(reader, None)
            if header is None:
                raise Case2021FormatError(f"{path}: empty file, expected the header {'<TAB>'.join(HEADER)}")
            if tuple(cell.strip() for cell in header) != HEADER:
                raise Case2021FormatError(f"{path}:1: header {header!r}, expected {list(HEADER)}")
            for fields in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in fields):
                    continue
                if len(fields) != len(HEADER):
                    raise Case2021FormatError(
                        f"{path}:{line}: {len(fields)} tab-separated fields, expected 3 (id, EventSnippet, SubType)"
                    )
                row_id, snippet, label = (cell.strip() for cell in fields)
                if not row_id or not snippet:
                    raise Case2021FormatError(
                        f"{path}:{line}: empty {'id' if not row_id else 'EventSnippet'}"
                    )
                if label not in CASE2021_LABELS:
                    raise Case2021FormatError(
                        f"{path}:{line}: unknown SubType {label!r} (not one of the 30 CASE labels)"
                    )
                if row_id in seen:
                    raise Case2021FormatError(
                        f"{path}:{line}: id {row_id!r} already used on line {seen[row_id]}"
                    )
                seen[row_id] = line
                rows.append(Case2021Row(row_id, snippet, label))
    except csv.Error as error:
        raise Case2021FormatError(f"{path}:{reader.line_num}: {error}") from error
    except UnicodeDecodeError as error:
        raise Case2021FormatError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    if not rows:
        raise Case2021FormatError(f"{path}: no data rows after the header")
    return rows


def score_case2021(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """n, weighted/macro/micro F1, per-label precision/recall/F1/support, and gold → predicted counts.

    Macro F1 averages over every label that occurs in gold or predictions (sklearn's convention);
    micro F1 equals accuracy because each snippet has exactly one label.
    """
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    if not gold:
        raise ValueError("nothing to score: no gold labels")
    labels = sorted(set(gold) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, zero_division=0
    )
    confusion: dict[str, dict[str, int]] = {}
    for (gold_label, predicted_label), count in sorted(Counter(zip(gold, predicted, strict=True)).items()):
        confusion.setdefault(gold_label, {})[predicted_label] = count
    return {
        "n": len(gold),
        "weighted_f1": float(f1_score(gold, predicted, labels=labels, average="weighted", zero_division=0)),
        "macro_f1": float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)),
        "micro_f1": float(f1_score(gold, predicted, labels=labels, average="micro", zero_division=0)),
        "per_label": {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        },
        "confusion": confusion,
    }


def cross_validate_predictions(
    gold: Sequence[str], k: int, seed: int, predict_fold: FoldPredictor
) -> dict[str, Any]:
    """Stratified k-fold: `predict_fold` trains on k-1 folds and labels the held-out one.

    Returns per-fold scores, mean and sample sd over folds of each F1, and the pooled score of all
    held-out predictions (`pooled`, with per-label figures and the confusion table).
    """
    from sklearn.model_selection import StratifiedKFold

    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    smallest = min(Counter(gold).values())
    if smallest < k:
        raise ValueError(f"the rarest label has {smallest} rows, fewer than k={k} folds")
    labels = np.asarray(gold)
    held_out: list[str] = [""] * len(gold)
    folds: list[dict[str, Any]] = []
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(gold)), labels):
        predicted = list(predict_fold(train, test))
        for index, label in zip(test, predicted, strict=True):
            held_out[index] = label
        fold = score_case2021([gold[i] for i in test], predicted)
        folds.append({key: fold[key] for key in ("n", "weighted_f1", "macro_f1", "micro_f1")})
    summary: dict[str, Any] = {"k": k, "seed": seed, "n": len(gold), "folds": folds}
    for metric in ("weighted_f1", "macro_f1", "micro_f1"):
        values = [fold[metric] for fold in folds]
        summary[metric] = {"mean": statistics.fmean(values), "sd": statistics.stdev(values)}
    summary["pooled"] = score_case2021(gold, held_out)
    summary["predictions"] = held_out
    return summary


def classifier_fold_predictor(
    rows: Sequence[Case2021Row],
    embeddings: Matrix,
    encoder: TextEncoder,
    held_out_logits: dict[int, NDArray[np.float32]] | None = None,
) -> FoldPredictor:
    """A fold predictor that trains the shipped classifier's recipe on the training rows.

    When `held_out_logits` is given, each held-out row's logits (in the order of sorted labels) are
    stored there, for fitting the probability temperature on data the model did not see.
    """
    texts = [row.snippet for row in rows]
    gold = [row.label for row in rows]
    names = sorted(CASE2021_LABELS)

    def predict(train: NDArray[np.intp], test: NDArray[np.intp]) -> list[str]:
        model = fit_event_type_model(
            [texts[i] for i in train], [gold[i] for i in train], embeddings[train], encoder
        )
        test_texts = [texts[i] for i in test]
        logits = model.logits(embeddings[test], test_texts)
        if held_out_logits is not None:
            columns = [model.labels.index(name) if name in model.labels else -1 for name in names]
            for index, row in zip(test, logits, strict=True):
                held_out_logits[int(index)] = np.array(
                    [row[c] if c >= 0 else -1e9 for c in columns], dtype=np.float32
                )
        return [model.labels[i] for i in np.argmax(logits, axis=1)]

    return predict


def cross_validate(
    path: str | Path, k: int = 5, *, seed: int = 0, encoder: TextEncoder | None = None
) -> dict[str, Any]:
    """Honest accuracy of the event-type classifier on a CASE 2021 file: train on k-1 folds, score the rest.

    Snippets are embedded once (the encoder is frozen, so this leaks nothing between folds).
    """
    rows = read_case2021(path)
    encoder = encoder if encoder is not None else load_encoder()
    embeddings = embed(encoder, [row.snippet for row in rows])
    summary = cross_validate_predictions(
        [row.label for row in rows], k, seed, classifier_fold_predictor(rows, embeddings, encoder)
    )
    summary["path"] = str(path)
    return summary
