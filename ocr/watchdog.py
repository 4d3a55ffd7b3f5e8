"""Run one page's work under a hard deadline: a forked child that is killed when time is up.

A Tesseract timeout alone does not bound a page: rendering a pathological PDF page (a huge
JBIG2/CCITT image), decoding an image or a C loop in OpenCV cannot be interrupted from Python.
So the whole page (render, preprocess, OCR, PDF) runs in a child made by ``fork`` (no interpreter
start-up, no re-import: about 5-20 ms) in its own process group; when the deadline passes the
parent kills the group (Tesseract included) and raises :class:`PageTimeoutError` for that page
only. The child's memory is returned to the system when it exits, so a worker's resident size
does not creep over a 1,000-page file.

Without ``fork`` (not POSIX) the work runs in-process and only Tesseract's own timeout applies.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable
from typing import TypeVar

from domain.errors import InputError, PageTimeoutError

T = TypeVar("T")
GRACE_SECONDS = 2.0  # beyond the page timeout, so Tesseract's own timeout reports first


class ChildCrashed(InputError):
    """The page's process died (killed by the OOM killer, a decoder crash): that page fails."""

    code = "page.crashed"


def run_with_deadline(fn: Callable[[], T], timeout: float, what: str = "this page") -> T:
    """``fn()`` in a forked child; its return value or exception comes back pickled."""
    if timeout <= 0 or not hasattr(os, "fork"):
        return fn()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(r)
            os.setpgid(0, 0)
            try:
                payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
                try:
                    payload = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:  # noqa: BLE001 - an unpicklable exception
                    payload = pickle.dumps((False, RuntimeError(traceback.format_exc()[-2000:])))
            view = memoryview(payload)
            while view:
                view = view[os.write(w, view) :]
        finally:
            os._exit(0)
    os.close(w)
    try:
        os.setpgid(pid, pid)  # also here: no race with the child's own call
    except OSError:
        pass
    deadline = time.monotonic() + timeout + GRACE_SECONDS
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                _kill(pid)
                raise PageTimeoutError(
                    f"{what} took longer than {timeout:g} s (render, preprocess and OCR) and was stopped. "
                    "Raise SANCHIKA_PAGE_TIMEOUT or rescan the page at a normal resolution."
                )
            ready, _, _ = select.select([r], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(r, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(r)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        raise ChildCrashed(
            f"{what} could not be processed: the page process died"
            + (f" (signal {sig}, out of memory?)" if sig else "")
            + "; rescan or split the page."
        )
    ok, value = pickle.loads(b"".join(chunks))
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


def _kill(pid: int) -> None:
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
