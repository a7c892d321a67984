"""``schemalint catalog``: write the event catalogue and say where."""

from __future__ import annotations

import sys
from pathlib import Path

from schemalint.model import ExitCode


def execute_catalog(out: Path, against: str | None, config_file: Path | None) -> int:
    """Write the catalogue into ``out``; the exit code. Errors propagate as
    ``SchemalintError``."""
    from schemalint.cli.output import write_input_errors
    from schemalint.commands.catalog import CatalogRequest, run_catalog
    from schemalint.config import load_config
    from schemalint.report import printable

    config = load_config(Path.cwd(), config_file)
    result = run_catalog(config, CatalogRequest(out, against))
    write_input_errors(result.findings)
    catalog = result.catalog
    sys.stdout.write(printable(
        f"Wrote the catalogue of {_count(len(catalog.topics), 'topic')} and "
        f"{_count(len(catalog.subjects), 'subject')} to {out / 'index.html'}") + "\n")
    return int(ExitCode.INVALID_INPUT if result.findings else ExitCode.OK)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
