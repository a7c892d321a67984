"""The console entry point run in this process, as a user runs it, without interpreter start-up."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from pathlib import Path


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``schemalint ARGS`` in ``cwd``: its exit code, stdout and stderr."""
    from schemalint.cli.entry import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    code: int | str | None = 0
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exit_:
                code = exit_.code
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(list(args), int(code or 0), out.getvalue(),
                                       err.getvalue())
