"""Where eventwire keeps what it builds once per machine from installed packages (the gazetteer's
index, MiniLM exported to ONNX): `$EVENTWIRE_CACHE_DIR`, else ~/.cache/eventwire."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    return Path(os.environ.get("EVENTWIRE_CACHE_DIR") or Path.home() / ".cache" / "eventwire")
