"""Helpers of the crash drills: count a table's rows from outside, and SIGKILL a run once it has enough."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


def rows(db: Path, table: str) -> int:
    """Rows in `table` of a SQLite store another process is writing (0 before the schema exists)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def start_run(inputs: list[str], db: Path, *options: str) -> subprocess.Popen[bytes]:
    """`eventwire run` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "eventwire", "run", *inputs, "--db", str(db), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes], timeout: float = 600) -> None:
    _, stderr = process.communicate(timeout=timeout)
    assert process.returncode == 0, stderr.decode()


def kill_when(process: subprocess.Popen[bytes], db: Path, table: str, at_least: int, wait_s: float) -> int:
    """SIGKILL the process once `table` has `at_least` rows (or it ended, or `wait_s` passed); its exit code."""
    deadline = time.monotonic() + wait_s
    while rows(db, table) < at_least and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    os.kill(process.pid, signal.SIGKILL)
    return process.wait()
