"""Annotation: sentences, entities, time expressions and place names, resolved, with their spans."""

from eventwire.annotate.annotator import AnnotatedArticle, Annotator, PlaceSpan

__all__ = ["AnnotatedArticle", "Annotator", "PlaceSpan"]
