"""Hypothesis profiles for the fuzz tests, and a tally of the inputs they fed in (no tests here).

Profiles (`pytest --hypothesis-profile NAME`):
- "ci", the default: each fuzz test runs the number of examples it names, from a fixed seed
  (`derandomize`), so every run of the suite tries the same inputs and a failure reproduces;
- "quick": a twentieth of that, for a fast local loop;
- "deep": ten times as many, from a random seed each run, to look for new crashes.

No profile keeps an example database: nothing is written into the work tree.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, settings

__test__ = False

_COMMON = {
    "deadline": None,  # the first examples load models and data; timing is a benchmark's job
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,  # one scratch file, rewritten per example
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile("ci", derandomize=True, **_COMMON)
settings.register_profile("quick", derandomize=True, **_COMMON)
settings.register_profile("deep", derandomize=False, **_COMMON)
settings.load_profile("ci")  # before pytest reads --hypothesis-profile, which may pick another
_SCALE = {"ci": 1.0, "quick": 0.05, "deep": 10.0}

# Inputs fed in per target ("ingest text", "extract", ...), and what came out of them ("articles",
# "errors", "mentions", ...), reported at the end of the session.
FUZZED_INPUTS: Counter[str] = Counter()
OUTCOMES: dict[str, Counter[str]] = {}


def fuzz_settings(ci_examples: int) -> settings:
    """Settings for a fuzz test that runs `ci_examples` examples under the "ci" profile, scaled for
    the others; read when the test module is imported, after pytest has loaded the profile."""
    scale = _SCALE.get(settings.get_current_profile_name(), 1.0)
    return settings(max_examples=max(1, round(ci_examples * scale)))


def count_input(target: str, inputs: int = 1, **outcomes: int) -> None:
    FUZZED_INPUTS[target] += inputs
    OUTCOMES.setdefault(target, Counter()).update(outcomes)


def summary() -> list[str]:
    """Lines for the terminal summary: inputs per target, what came out of them, and the total."""
    if not FUZZED_INPUTS:
        return []
    lines = []
    for target, count in sorted(FUZZED_INPUTS.items()):
        outcomes = ", ".join(f"{name.replace('_', ' ')} {n:,}" for name, n in OUTCOMES[target].items())
        lines.append(f"{target}: {count:,} inputs" + (f" ({outcomes})" if outcomes else ""))
    total = sum(FUZZED_INPUTS.values())
    lines.append(f"total: {total:,} (hypothesis profile {settings.get_current_profile_name()!r})")
    return lines
