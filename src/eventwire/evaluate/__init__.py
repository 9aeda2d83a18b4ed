"""Scoring against public gold sets; the CLI's `eventwire eval` prints what these return."""
