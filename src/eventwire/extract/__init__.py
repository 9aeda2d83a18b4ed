"""Extraction: `EventMention`s (main and background events) from annotated articles."""
