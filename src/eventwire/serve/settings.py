"""The server's settings: from the environment, overridden by `eventwire serve` options."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024


class SettingsError(ValueError):
    """A setting with a value the server cannot use; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    """`api_token` opens writes (POST /articles), which are refused without one; `read_token`, when
    set, closes reading to requests that bear it (or the API token)."""

    db: str | None = None
    api_token: str | None = None
    read_token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """EVENTWIRE_DB, EVENTWIRE_API_TOKEN, EVENTWIRE_READ_TOKEN, EVENTWIRE_MAX_BODY_BYTES; then the
        `overrides` that are not None (command-line options)."""
        env = os.environ if environ is None else environ
        settings = cls(
            db=env.get("EVENTWIRE_DB") or None,
            api_token=env.get("EVENTWIRE_API_TOKEN") or None,
            read_token=env.get("EVENTWIRE_READ_TOKEN") or None,
            max_body_bytes=_size(env.get("EVENTWIRE_MAX_BODY_BYTES")),
        )
        settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
        if settings.max_body_bytes < 1:
            raise SettingsError(
                f"the request body limit must be at least 1 byte, not {settings.max_body_bytes}"
            )
        return settings

    def environ(self) -> dict[str, str]:
        """The settings as the variables `from_env` reads: how server worker processes get them."""
        values = {
            "EVENTWIRE_DB": self.db,
            "EVENTWIRE_API_TOKEN": self.api_token,
            "EVENTWIRE_READ_TOKEN": self.read_token,
            "EVENTWIRE_MAX_BODY_BYTES": str(self.max_body_bytes),
        }
        return {name: value for name, value in values.items() if value is not None}


def _size(value: str | None) -> int:
    if not value:
        return DEFAULT_MAX_BODY_BYTES
    try:
        return int(value)
    except ValueError:
        raise SettingsError(
            f"EVENTWIRE_MAX_BODY_BYTES must be a whole number of bytes, not {value!r}"
        ) from None
