"""What the hostile-input benches share: running one command under a kill timer, and the closing summary.

Imported by bench/hostile_read.py and bench/hostile_code.py (run as scripts from bench/).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from typing import IO, Any, Protocol


class Outcome(Protocol):
    name: str
    tracebacks: int

    def ok(self) -> bool: ...


def run_killed(command: Sequence[str], *, stdin: IO[Any] | int, stdout: IO[Any], stderr: IO[Any],
               env: dict[str, str], kill_after: float) -> tuple[int, float, float, float, bool]:
    """Run ``command``, killing it after ``kill_after`` seconds; (exit code, wall seconds, CPU seconds, peak MB,
    killed) of that process alone (``wait4``'s resource usage)."""
    start = time.monotonic()
    proc = subprocess.Popen(list(command), stdin=stdin, stdout=stdout, stderr=stderr, env=env)
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        os.kill(proc.pid, signal.SIGKILL)

    killer = threading.Timer(kill_after, kill)
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    killer.cancel()
    return (os.waitstatus_to_exitcode(status), seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            killed.is_set())


def summarize(runs: Sequence[Outcome], table: str, lost: int, what: str) -> int:
    """Print the table and one summary line (cases, tracebacks, ``lost`` ``what`` lost, cases over their bound);
    the exit code: 1 when a case is over its bound."""
    print(table)
    bad = [r.name for r in runs if not r.ok()]
    print(f"\n{len(runs)} cases, {sum(r.tracebacks for r in runs)} tracebacks, {lost} {what} lost, "
          f"{len(bad)} over their bound" + (f": {', '.join(bad)}" if bad else ""))
    return 1 if bad else 0
