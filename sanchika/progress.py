"""A progress bar for long CLI work: pages done / total, pages per minute, ETA (on stderr)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from .pipeline import Progress as PipelineProgress


def _pages_per_minute():  # type: ignore[no-untyped-def]
    """A rich column: pages per minute since the first file (rich is imported only for a bar:
    `sanchika process --json` or into a pipe starts ~20-40 ms sooner without it)."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class PagesPerMinute(ProgressColumn):
        def render(self, task: Task) -> Text:
            elapsed = task.elapsed or 0.0
            if elapsed <= 0 or not task.completed:
                return Text("-- pages/min", style="progress.data.speed")
            return Text(f"{task.completed / elapsed * 60:.1f} pages/min", style="progress.data.speed")

    return PagesPerMinute()


@contextmanager
def batch_progress(enabled: bool) -> Iterator[PipelineProgress]:
    if not enabled:
        yield PipelineProgress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("[bold]pages"), BarColumn(), MofNCompleteColumn(), _pages_per_minute(),
        TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.fields[failed]} failed"),
        console=Console(stderr=True), transient=False,
    )
    task = bar.add_task("pages", total=None, failed=0)
    failed = 0

    started_bar = False

    def on_total(total: int) -> None:  # called again as each file of the batch is ingested
        nonlocal started_bar
        if not started_bar:  # pages per minute and ETA count from the first file
            bar.reset(task, total=total, failed=0, start=True)
            started_bar = True
        else:
            bar.update(task, total=total)

    def on_page(outcome) -> None:  # type: ignore[no-untyped-def]
        nonlocal failed
        failed += 0 if outcome.ok else 1
        bar.update(task, advance=1, failed=failed)

    with bar:
        started = time.monotonic()
        yield PipelineProgress(on_total=on_total, on_page=on_page)
        bar.update(task, description=f"done in {time.monotonic() - started:.0f}s")
