"""Read the pages of one file on the worker processes, storing nothing (`sanchika ocr`).

    read_pages(path, kind, page_numbers, options, processes) -> Iterator[PageResult]

Pages are read in parallel, a few ahead of the one being printed, and yielded in page order as
soon as each is ready. One page (or one process) is read right here: a pool would only add
start-up. Each pool process reads its pages as ``process`` does (``ocr.read.read_page``: its own
long-lived page process, Tesseract on one thread, killed at the page timeout).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from domain.types import FileKind, PageResult
from ocr.options import OcrOptions
from ocr.read import read_page

from .processes import mp_context, prepare_process


def read_pages(path: Path, kind: FileKind, page_numbers: Sequence[int], options: OcrOptions,
               processes: int) -> Iterator[PageResult]:
    processes = max(1, min(processes, len(page_numbers)))
    if processes == 1:
        for n in page_numbers:
            yield read_page(path, kind, n, options)
        return
    pool = ProcessPoolExecutor(processes, mp_context=mp_context(), initializer=prepare_process)
    try:
        todo = iter(page_numbers)
        ahead: deque[Future[PageResult]] = deque()
        for n in todo:
            ahead.append(pool.submit(read_page, path, kind, n, options))
            if len(ahead) >= 2 * processes:
                break
        while ahead:
            result = ahead.popleft().result()  # an error of this page is raised here, in page order
            following = next(todo, None)
            if following is not None:
                ahead.append(pool.submit(read_page, path, kind, following, options))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
