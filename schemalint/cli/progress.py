"""A progress bar for the commands that report their progress (``sync``): rich, on stderr."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from schemalint.commands.sync import Progress


class _RichProgress:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(console=Console(stderr=True), transient=True)
        self._task: object = None
        self._label = ""

    def start(self, total: int, label: str) -> None:
        if self._task is not None:
            self._bar.remove_task(self._task)  # type: ignore[arg-type]
        self._label = label
        self._task = self._bar.add_task(label, total=total)

    def advance(self) -> None:
        if self._task is not None:
            self._bar.update(self._task, advance=1,  # type: ignore[arg-type]
                             description=self._label)

    def retrying(self, reason: str) -> None:
        """Said on the bar, which otherwise sits still while the client waits."""
        from rich.markup import escape

        from schemalint.report import printable

        said = f"[yellow]{escape(printable(reason))}[/]"
        if self._task is not None:
            self._bar.update(self._task,  # type: ignore[arg-type]
                             description=f"{self._label} {said}")
        else:
            self._bar.console.print(said)


@contextmanager
def terminal_progress(enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not enabled:
        yield None
        return
    progress = _RichProgress()
    with progress._bar:
        yield progress
