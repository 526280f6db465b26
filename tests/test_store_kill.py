"""kill -9 during an ingest, then the same command again: nothing lost, nothing duplicated.

A real process is killed (SIGKILL, no cleanup of any kind) after it has committed a few batches; the same ingest
is run again and the store must equal the store of one uninterrupted run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store_support import SAMPLE

from diurna.store import IngestOptions, Store, ingest

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")]

ROWS = ("SELECT article_id, sentence, cameo, source_code, target_code, modality FROM mentions "
        "ORDER BY ALL")


def _rows(root: Path) -> list[tuple]:
    return [tuple(r.values()) for r in Store(root).query(ROWS).to_pylist()]


def _count(root: Path, sql: str) -> int:
    return Store(root).query(sql).column(0)[0].as_py()


@pytest.mark.timeout(180)
def test_kill_9_mid_ingest_then_rerun_equals_one_clean_run(tmp_path):
    clean = tmp_path / "clean"
    ingest([str(SAMPLE)], clean, IngestOptions(batch_size=4))

    killed = tmp_path / "killed"
    command = [sys.executable, "-c", "from diurna.cli import main; main()", "ingest", str(SAMPLE),
               "--store", str(killed), "--batch-size", "4", "--no-progress", "--no-summary"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    commits = killed / "commits"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if commits.is_dir() and len(list(commits.glob("*.json"))) >= 3:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed: make the batches smaller"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(list(commits.glob("*.json")))
    assert partial >= 3

    ingest([str(SAMPLE)], killed, IngestOptions(batch_size=4))  # the same command again

    assert _count(killed, "SELECT count(*) FROM articles") == _count(clean, "SELECT count(*) FROM articles") == 46
    assert _count(killed, "SELECT count(DISTINCT id) FROM articles") == 46
    assert _rows(killed) == _rows(clean)
    assert _count(killed, "SELECT count(*) FROM events") == _count(clean, "SELECT count(*) FROM events")
