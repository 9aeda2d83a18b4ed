"""Where the annotate + extract step runs: in this process (`local`) or on a Ray cluster (`ray`).

Every engine stores through `eventwire.store.Store` on the driver, one transaction per article, so
all engines give the same events and resume a killed run the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Literal, get_args

from eventwire import pipeline
from eventwire.store import Store

Engine = Literal["local", "ray"]
ENGINES: tuple[str, ...] = get_args(Engine)


class EngineError(RuntimeError):
    """The engine cannot run here: Ray is not installed, or its cluster cannot be reached."""


def extract(
    store: Store,
    engine: Engine = "local",
    *,
    address: str | None = None,
    progress: pipeline.ProgressCallback | None = None,
    between_batches: Callable[[], object] | None = None,
    arriving: Iterator[object] | None = None,
) -> int:
    """`pipeline.extract` on the chosen engine; `address` names the Ray cluster (None: a local one).
    Ray reads all `arriving` input first: it connects only when there is work."""
    if engine == "local":
        return pipeline.extract(store, progress=progress, between_batches=between_batches, arriving=arriving)
    if engine == "ray":
        from eventwire.engines.ray import extract as extract_on_ray

        for _ in arriving or ():
            pass
        return extract_on_ray(store, address=address, progress=progress, between_batches=between_batches)
    raise EngineError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
