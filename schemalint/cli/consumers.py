"""``schemalint consumers``: who reads what, as a table or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from schemalint.model import ExitCode


def execute_consumers(subjects: tuple[str, ...], unused: bool, as_json: bool,
                      config_file: Path | None) -> int:
    """Print the consumers of ``subjects`` (every subject read, when none), or with
    ``unused`` the fields no declared consumer reads; the exit code.

    Errors (bad input, an unreachable registry) propagate as ``SchemalintError``.
    """
    from schemalint.cli.output import write_input_errors
    from schemalint.commands.consumers import ConsumersRequest, consumers
    from schemalint.config import load_config

    config = load_config(Path.cwd(), config_file)
    result = consumers(config, ConsumersRequest(subjects, unused))
    write_input_errors(result.findings)
    if as_json:
        document: dict[str, object] = {
            "version": 1, "consumers": [reading.to_json() for reading in result.readings]}
        if unused:
            document["unused"] = result.unused
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    elif unused:
        rows = [(subject, path) for subject, paths in result.unused.items() for path in paths]
        if rows:
            _write_table(("subject", "field no declared consumer reads"), rows)
        else:
            sys.stdout.write("Every field is read by a declared consumer.\n")
    elif result.readings:
        _write_table(("consumer", "owner", "subject", "reads"), [
            (reading.consumer + (" (pending)" if reading.pending else ""),
             reading.owner or "-", reading.subject,
             ", ".join(reading.reads) or reading.reader or "(fields not declared)")
            for reading in result.readings])
    else:
        sys.stdout.write("No consumer declared: add reader schemas under consumers/<consumer>/ "
                         "or [[consumers]] entries (see `schemalint init --print`).\n")
    return int(ExitCode.INVALID_INPUT if result.findings else ExitCode.OK)


def _write_table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    from schemalint.cli.output import write_table

    write_table(headers, rows, fold=True)
