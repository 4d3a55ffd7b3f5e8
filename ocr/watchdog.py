"""Run one page's work under a hard deadline: in a child process that is killed when time is up.

A Tesseract timeout alone does not bound a page: rendering a pathological PDF page (a huge
JBIG2/CCITT image), decoding an image or a C loop in OpenCV cannot be interrupted from Python.
So the whole page (render, preprocess, OCR, PDF) runs in a child made by ``fork`` (no interpreter
start-up, no re-import) in its own process group; when the deadline passes the parent kills the
group (Tesseract included) and raises :class:`PageTimeoutError` for that page only.

Two ways (ADR 0013):

- :func:`run_in_page_process` (what ``ocr.read_page`` uses): one **long-lived** page process per
  worker process, forked at the first page and reused for the next ones. A fork per page cost
  ~30-40 ms of CPU per page (the fork, then fresh page faults for every image buffer); the
  long-lived child keeps freed buffers in its heap (``mallopt``) and reuses them. Memory stays
  bounded: the child retires itself when a page leaves it more than ``max_growth_mib`` larger than
  it started (a huge page's buffers are returned when it exits) or after ``max_pages`` pages, and a killed (timed-out) or
  crashed child is replaced by a fresh one at the next page. The function and its arguments are
  pickled to the child, so the function must be importable (module level).
- :func:`run_with_deadline`: a fresh forked child for one call (any callable, closures too).

The page's budget is **CPU time** (ADR 0041): the child (and a Tesseract command it runs) is stopped
when it has used ``timeout`` CPU-seconds on the page, so a page's fate does not depend on how busy the
machine is (on a machine shared with other work a page that needed 150 CPU-s was lost at a 180 s wall
clock). A page that waits instead of working (a hang, a stalled disk) or is starved of CPU is still
stopped at ``WALL_FACTOR`` times the timeout of wall time.

Without ``fork`` (not POSIX) the work runs in-process and only Tesseract's own timeout applies.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import signal
import struct
import traceback
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from domain.errors import InputError, PageTimeoutError
from ocr.page_budget import WALL_FACTOR, Budget

T = TypeVar("T")


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
            _send(w, *_outcome(fn))
        finally:
            os._exit(0)
    os.close(w)
    try:
        os.setpgid(pid, pid)  # also here: no race with the child's own call
    except OSError:
        pass
    try:
        reply = _read_message(r, Budget(pid, timeout))
    except TimeoutError:
        _kill(pid)
        raise _timeout_error(what, timeout) from None
    except BaseException:  # interrupted: the child goes with the call
        _kill(pid)
        raise
    finally:
        os.close(r)
    _, status = os.waitpid(pid, 0)
    if reply is None:
        raise _crashed(what, status)
    ok, value = pickle.loads(reply)
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


def _timeout_error(what: str, timeout: float) -> PageTimeoutError:
    return PageTimeoutError(
        f"{what} took longer than {timeout:g} s (render, preprocess and OCR: CPU time, or "
        f"{WALL_FACTOR * timeout:g} s of waiting) and was stopped. "
        "Raise SANCHIKA_PAGE_TIMEOUT or rescan the page at a normal resolution."
    )


def _crashed(what: str, status: int) -> ChildCrashed:
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
    return ChildCrashed(
        f"{what} could not be processed: the page process died"
        + (f" (signal {sig}, out of memory?)" if sig else "")
        + "; rescan or split the page."
    )


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


# --- the long-lived page process --------------------------------------------------------------

_HEADER = struct.Struct("<Q")
MAX_PAGES = 500  # a page process retires after this many pages ...
MAX_GROWTH_MIB = 512  # ... or when a page leaves it this much larger than it started (resident)


class PageProcess:
    """A child process, forked on first use, that runs ``fn(*args)`` calls one at a time."""

    def __init__(self, max_pages: int = MAX_PAGES, max_growth_mib: int = MAX_GROWTH_MIB) -> None:
        self.max_pages = max_pages
        self.max_growth_mib = max_growth_mib
        self.pid: int | None = None
        self._owner = os.getpid()
        self._to_child = -1
        self._from_child = -1

    def call(self, fn: Callable[..., T], args: tuple[Any, ...], timeout: float, what: str = "this page",
             since: float | None = None) -> T:
        """``since``: the ``time.monotonic()`` the wall-time cap counts from (default: now)."""
        if self._owner != os.getpid():  # inherited through a fork: that child is not ours
            self.pid, self._owner = None, os.getpid()
        if self.pid is None:
            self._spawn()
        request = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            try:
                _write_all(self._to_child, _HEADER.pack(len(request)) + request)
            except OSError:  # the child died between pages: start a new one and send again
                self.close()
                self._spawn()
                _write_all(self._to_child, _HEADER.pack(len(request)) + request)
            reply = _read_message(self._from_child, Budget(self.pid, timeout, since))
        except TimeoutError:
            self.close(kill=True)
            raise _timeout_error(what, timeout) from None
        except BaseException:
            # interrupted mid-page (Celery's soft time limit, Ctrl-C): the child is still at this page, and
            # its reply would be taken for the next page's. It goes, and the next page gets a fresh one.
            self.close(kill=True)
            raise
        if reply is None:  # EOF: the child died (OOM killer, a decoder crash)
            pid, self.pid = self.pid, None
            self._close_pipes()
            _, status = os.waitpid(pid, 0) if pid else (0, 0)
            raise _crashed(what, status)
        ok, value, retiring = pickle.loads(reply)
        if retiring:
            self.close()
        if ok:
            return value  # type: ignore[no-any-return]
        raise value

    def close(self, kill: bool = False) -> None:
        """Stop the child: at once (``kill``), or by closing its request pipe (it exits)."""
        pid, self.pid = self.pid, None
        self._close_pipes()
        if pid is None:
            return
        if kill:
            _kill(pid)
            return
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass

    def _close_pipes(self) -> None:
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._to_child = self._from_child = -1

    def _spawn(self) -> None:
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            code = 0
            try:
                os.close(req_w)
                os.close(rep_r)
                os.setpgid(0, 0)
                _serve(req_r, rep_w, self.max_pages, self.max_growth_mib)
            except BaseException:  # noqa: BLE001 - the parent sees EOF and reports the page as crashed
                code = 1
            finally:
                os._exit(code)
        os.close(req_r)
        os.close(rep_w)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass
        self.pid, self._to_child, self._from_child = pid, req_w, rep_r


_IN_PAGE_PROCESS = False


def in_page_process() -> bool:
    """True inside a long-lived page process (where a hang is ended by killing the process)."""
    return _IN_PAGE_PROCESS


def _serve(requests: int, replies: int, max_pages: int, max_growth_mib: int) -> None:
    global _IN_PAGE_PROCESS, _kept_mib
    _IN_PAGE_PROCESS = True
    _keep_freed_memory()
    start_mib = _rss_mib()  # what it shares with the worker it was forked from (an engine loaded ahead too)
    _kept_mib = 0.0  # kept from here on: what this process loads itself
    for done in range(1, max_pages + 1):
        message = _read_message(requests, None)
        if message is None:  # the worker closed the pipe (or exited): stop
            return
        result = _outcome(_call_pickled, message)
        retiring = done == max_pages or _rss_mib() - start_mib - _kept_mib > max_growth_mib
        _send(replies, *result, retiring)
        if retiring:
            return


def _call_pickled(message: bytes) -> Any:
    fn, args = pickle.loads(message)
    return fn(*args)


def _outcome(fn: Callable[..., Any], *args: Any) -> tuple[bool, Any]:
    """(True, value) or (False, the exception): everything goes back to the parent."""
    try:
        return True, fn(*args)
    except BaseException as exc:  # noqa: BLE001
        return False, exc


def _send(fd: int, ok: bool, value: Any, *extra: Any) -> None:
    """One length-prefixed pickled reply (an unpicklable value or exception becomes a RuntimeError)."""
    try:
        payload = pickle.dumps((ok, value, *extra), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an unpicklable result or exception
        payload = pickle.dumps((False, RuntimeError(traceback.format_exc()[-2000:]), *extra))
    _write_all(fd, _HEADER.pack(len(payload)) + payload)


_kept_mib = 0.0  # memory this process keeps on purpose across pages (kept_resident): not growth


@contextlib.contextmanager
def kept_resident() -> Iterator[None]:
    """Around loading something the page process keeps for its life (a Tesseract engine): the
    resident memory it adds is not counted as growth when the process decides to retire."""
    global _kept_mib
    before = _rss_mib()
    try:
        yield
    finally:
        _kept_mib += max(0.0, _rss_mib() - before)


def kept_mib() -> float:
    return _kept_mib


def _keep_freed_memory() -> None:
    """glibc: keep freed image buffers (up to 32 MiB each) in the heap for the next page instead
    of returning them to the system and faulting fresh pages in again."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD: larger buffers still come from (and go back by) mmap
        libc.mallopt(-1, 256 << 20)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass


def _rss_mib() -> float:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)
    except (OSError, ValueError, IndexError):
        return 0.0


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, n: int, budget: Budget | None) -> bytes | None:
    parts: list[bytes] = []
    while n:
        if budget is not None:
            left = budget.left()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if not ready:
                continue
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def _read_message(fd: int, budget: Budget | None) -> bytes | None:
    header = _read_exactly(fd, _HEADER.size, budget)
    if header is None:
        return None
    return _read_exactly(fd, _HEADER.unpack(header)[0], budget)


_PROCESS: PageProcess | None = None


def run_in_page_process(fn: Callable[..., T], args: tuple[Any, ...], timeout: float, what: str = "this page",
                        since: float | None = None) -> T:
    """``fn(*args)`` in this process's long-lived page process, killed at ``timeout`` CPU-seconds or
    ``WALL_FACTOR × timeout`` of wall time from ``since`` (``time.monotonic()``; default: now)."""
    global _PROCESS
    if timeout <= 0 or not hasattr(os, "fork"):
        return fn(*args)
    if _PROCESS is None or _PROCESS._owner != os.getpid():
        if _PROCESS is None:
            atexit.register(stop_page_process)  # reap it (and count its CPU) when this process exits
        _PROCESS = PageProcess()
    return _PROCESS.call(fn, args, timeout, what, since)


def kill_page_process() -> None:
    """Kill this process's page process at once, with its process group (a Tesseract program in
    it): a command stopped by a signal whose page is read here (one page, one process,
    workers/page_pool.py) or whose bound ran out (SANCHIKA_SHUTDOWN_SECONDS). Only a signal: safe
    from another thread while this one still waits for the page's reply (it then sees the process
    die); the process is reaped where it is closed (``stop_page_process``, at exit)."""
    process = _PROCESS
    pid = process.pid if process is not None and process._owner == os.getpid() else None
    if pid is None:
        return
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


def stop_page_process() -> None:
    """Stop this process's page process (tests; a worker that is shutting down)."""
    global _PROCESS
    if _PROCESS is not None and _PROCESS._owner == os.getpid():
        _PROCESS.close()
    _PROCESS = None
