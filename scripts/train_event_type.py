"""Train the event-type classifier on a CASE 2021 Task 2 TSV and write the shipped artifact.

    python scripts/train_event_type.py ../shared/data/case2021_task2/dev.tsv [--compare] [--seeds 0 1 2]

Prints stratified k-fold CV weighted/macro/micro F1 (mean ± sd over folds) for each seed, fits the
probability temperature on the held-out logits of the first seed, then trains on every row and
writes src/eventwire/extract/data/event_type_model.{npz,json}. `--compare` first prints the
alternatives the recipe was chosen against, on the same folds.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eventwire.evaluate.case2021 import (
    Case2021Row,
    FoldPredictor,
    classifier_fold_predictor,
    cross_validate_predictions,
    read_case2021,
)
from eventwire.extract.event_type_model import (
    DATA_DIR,
    Matrix,
    TextEncoder,
    cue_features,
    embed,
    fit_event_type_model,
    fit_temperature,
    load_encoder,
)
from eventwire.extract.event_types import CASE2021_LABELS


def _line(name: str, summary: dict[str, Any]) -> str:
    cells = [
        f"{summary[m]['mean']:.3f} ± {summary[m]['sd']:.3f}" for m in ("weighted_f1", "macro_f1", "micro_f1")
    ]
    return f"{name:<52} " + "  ".join(f"{c:>14}" for c in cells)


def _alternatives(rows: list[Case2021Row], embeddings: Matrix) -> dict[str, FoldPredictor]:
    """Baselines on the same folds: TF-IDF n-grams, MiniLM alone, MiniLM with cues but no descriptions."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    texts = np.array([row.snippet for row in rows], dtype=object)
    gold = np.array([row.label for row in rows])
    cues = cue_features(list(texts))

    def tfidf(train: NDArray[np.intp], test: NDArray[np.intp]) -> tuple[Any, Any]:
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        fitted = hstack([words.fit_transform(texts[train]), chars.fit_transform(texts[train])]).tocsr()
        return fitted, hstack([words.transform(texts[test]), chars.transform(texts[test])]).tocsr()

    def linear(
        make: Callable[[], Any], features: Callable[[NDArray[np.intp], NDArray[np.intp]], tuple[Any, Any]]
    ) -> FoldPredictor:
        def predict(train: NDArray[np.intp], test: NDArray[np.intp]) -> list[str]:
            fitted, held_out = features(train, test)
            return [str(label) for label in make().fit(fitted, gold[train]).predict(held_out)]

        return predict

    def dense(matrix: Matrix) -> Callable[[NDArray[np.intp], NDArray[np.intp]], tuple[Any, Any]]:
        return lambda train, test: (matrix[train], matrix[test])

    def tfidf_with(
        matrix: Matrix, weight: float
    ) -> Callable[[NDArray[np.intp], NDArray[np.intp]], tuple[Any, Any]]:
        def features(train: NDArray[np.intp], test: NDArray[np.intp]) -> tuple[Any, Any]:
            fitted, held_out = tfidf(train, test)
            return (
                hstack([fitted * weight, csr_matrix(matrix[train])]).tocsr(),
                hstack([held_out * weight, csr_matrix(matrix[test])]).tocsr(),
            )

        return features

    def lr(c: float, balanced: bool = True) -> Callable[[], Any]:
        return lambda: LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)

    def svc(c: float) -> Callable[[], Any]:
        return lambda: LinearSVC(C=c, class_weight="balanced")

    with_cues = np.hstack([embeddings, 0.35 * cues]).astype(np.float32)
    return {
        "TF-IDF word 1-2 + char 2-5, LR C=10, unweighted": linear(lr(10, balanced=False), tfidf),
        "TF-IDF word 1-2 + char 2-5, LR C=10, balanced": linear(lr(10), tfidf),
        "TF-IDF word 1-2 + char 2-5, linear SVM C=1, balanced": linear(svc(1), tfidf),
        "cues only, LR C=1, balanced": linear(lr(1), dense(cues)),
        "MiniLM, LR C=10, unweighted": linear(lr(10, balanced=False), dense(embeddings)),
        "MiniLM, LR C=10, balanced": linear(lr(10), dense(embeddings)),
        "MiniLM, linear SVM C=1, balanced": linear(svc(1), dense(embeddings)),
        "MiniLM + TF-IDF (x0.3), LR C=10, balanced": linear(lr(10), tfidf_with(embeddings, 0.3)),
        "MiniLM + cues (x0.35), LR C=3, balanced": linear(lr(3), dense(with_cues)),
        "MiniLM + cues + TF-IDF (x0.3), LR C=10, balanced": linear(lr(10), tfidf_with(with_cues, 0.3)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dev", type=Path, help="CASE 2021 Task 2 TSV (id, EventSnippet, SubType)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[0], help="fold shuffles to report (first fits T)"
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="artifact folder (default: the package's)")
    parser.add_argument(
        "--compare", action="store_true", help="also print the alternatives on the same folds"
    )
    parser.add_argument("--no-write", action="store_true", help="report only; leave the artifact alone")
    args = parser.parse_args(argv)

    rows = read_case2021(args.dev)
    texts, gold = [row.snippet for row in rows], [row.label for row in rows]
    encoder: TextEncoder = load_encoder()
    started = time.perf_counter()
    embeddings = embed(encoder, texts)
    seconds = time.perf_counter() - started
    print(
        f"{len(rows)} snippets, {len(set(gold))} labels; embedded in {seconds:.1f} s ({len(rows) / seconds:.0f}/s)"
    )
    print(
        f"{'model (stratified ' + str(args.folds) + '-fold CV)':<52} {'weighted F1':>14}  {'macro F1':>14}  {'micro F1':>14}"
    )

    if args.compare:
        for name, predictor in _alternatives(rows, embeddings).items():
            print(
                _line(name, cross_validate_predictions(gold, args.folds, args.seeds[0], predictor)),
                flush=True,
            )

    held_out_logits: dict[int, NDArray[np.float32]] = {}
    results = []
    for number, seed in enumerate(args.seeds):
        predictor = classifier_fold_predictor(
            rows, embeddings, encoder, held_out_logits if number == 0 else None
        )
        summary = cross_validate_predictions(gold, args.folds, seed, predictor)
        results.append(summary)
        print(_line(f"shipped: MiniLM + cues + label descriptions (seed {seed})", summary), flush=True)
    if len(results) > 1:
        means = [r["weighted_f1"]["mean"] for r in results]
        print(
            f"weighted F1 over {len(results)} seeds: {np.mean(means):.3f} (seed means {min(means):.3f}–{max(means):.3f})"
        )

    names = sorted(CASE2021_LABELS)
    logits = np.stack([held_out_logits[i] for i in range(len(rows))])
    temperature = fit_temperature(logits, [names.index(label) for label in gold])
    print(f"probability temperature from held-out logits: {temperature:.3f}")
    if args.no_write:
        return 0

    first = results[0]
    cross_validation = {
        "k": args.folds,
        "seed": first["seed"],
        **{m: first[m] for m in ("weighted_f1", "macro_f1", "micro_f1")},
    }
    model = dataclasses.replace(
        fit_event_type_model(texts, gold, embeddings, encoder),
        temperature=temperature,
        metadata={
            "trained_on": {"file": args.dev.name, "rows": len(rows)},
            "cross_validation": cross_validation,
        },
    )
    paths = model.save(args.out)
    size = sum(path.stat().st_size for path in paths)
    print(f"wrote {', '.join(str(p) for p in paths)} ({size / 1024:.1f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
