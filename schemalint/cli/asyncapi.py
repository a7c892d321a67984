"""``schemalint asyncapi --out FILE``: the AsyncAPI document written whole, or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from schemalint.model import ExitCode

STDOUT = "-"


def execute_asyncapi(out: str, config_file: Path | None) -> int:
    """Write the project's AsyncAPI document to ``out`` (YAML for ``.yaml``/``.yml``, else
    JSON; ``-``: JSON on stdout) and say where on stderr; the exit code.

    Errors (bad input, an unwritable path) propagate as ``SchemalintError``.
    """
    from schemalint.cli.output import write_atomically, write_input_errors
    from schemalint.commands.asyncapi import export_asyncapi, render
    from schemalint.config import load_config
    from schemalint.report import printable

    config = load_config(Path.cwd(), config_file)
    result = export_asyncapi(config)
    write_input_errors(result.findings)
    if result.findings:
        sys.stderr.write("schemalint: error: no AsyncAPI document written: the schemas above "
                         "cannot be read as one project\n")
        return int(ExitCode.INVALID_INPUT)
    text = render(result.document, "" if out == STDOUT else out)
    if out == STDOUT:
        sys.stdout.write(text)
        where, said = "stdout", sys.stderr
    else:
        write_atomically(Path(out), text, "AsyncAPI document")
        where, said = out, sys.stdout
    said.write(printable(
        f"Wrote AsyncAPI {result.document['asyncapi']} to {where}: {result.channels} "
        f"channel{'s' * (result.channels != 1)}, {result.messages} "
        f"message{'s' * (result.messages != 1)}, {result.operations} "
        f"operation{'s' * (result.operations != 1)}.") + "\n")
    if result.unbound:
        said.write(f"{result.unbound} message{'s' * (result.unbound != 1)} on no channel: "
                   "no topic is known for subjects the strategy names by record or import "
                   "path (see docs/asyncapi.md).\n")
    return int(ExitCode.OK)
