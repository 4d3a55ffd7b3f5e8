"""A page's budget in CPU time (ADR 0041): what the watchdog (ocr/watchdog.py) waits against.

The page process (all its threads; Tesseract runs in it as a library) and its children (a
``tesseract`` command) are charged their CPU time, read from ``/proc``; a page that waits instead of
working, or gets under a third of a core, is stopped at ``WALL_FACTOR`` times its timeout of wall time.
"""

from __future__ import annotations

import os
import time

GRACE_SECONDS = 2.0  # beyond the page's budget: a Tesseract run outside a page process reports its own timeout first
WALL_FACTOR = 3.0  # wall time a page may take, in page timeouts: a hang, or a page starved of CPU
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class Budget:
    """What is left of one call's budget: ``timeout`` CPU-seconds of the child process and its own
    children (a Tesseract command), and ``WALL_FACTOR × timeout`` seconds of wall time counted from
    ``since`` (``time.monotonic()``; the call's start by default: a page's two calls, its text layer
    and its OCR, share one)."""

    def __init__(self, pid: int | None, timeout: float, since: float | None = None) -> None:
        self.pid = pid
        self.timeout = timeout
        self.started = time.monotonic() if since is None else since
        self.cpu_start = cpu_seconds(pid)

    def left(self) -> float:
        """Seconds to wait before looking again (the CPU still allowed bounds it from below); <= 0 when spent."""
        waited = time.monotonic() - self.started
        used = cpu_seconds(self.pid)
        # no /proc (or one read failed): wall time alone for this look, the start's CPU kept for the next
        spent = waited if used is None or self.cpu_start is None else used - self.cpu_start
        return min(WALL_FACTOR * self.timeout - waited, self.timeout - spent) + GRACE_SECONDS


def cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds used by ``pid`` (all its threads, its reaped children) and by its running children."""
    if pid is None:
        return None
    try:
        total = stat_cpu(pid)
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                kids = fh.read().split()
        except OSError:
            kids = []
        for kid in kids:
            try:
                total += stat_cpu(int(kid))
            except (OSError, ValueError, IndexError):
                pass  # it ended between the two reads: counted in the parent's reaped time, or lost
        return total
    except (OSError, ValueError, IndexError):
        return None


def stat_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    # after the name: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based, proc(5))
    return sum(int(tick) for tick in fields[11:15]) / _TICK
