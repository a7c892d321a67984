"""The pre-commit hooks' fast start: their command lines read without typer.

pre-commit runs ``schemalint check`` on every commit, and importing typer (with the click it
carries) would cost a third of such a run. The hooks' command lines are fixed by
``.pre-commit-hooks.yaml`` (``schemalint.integrations.precommit``): ``check`` alone, or
``check --against none`` followed by file names. Those are read here; any other command line,
a user's own hook ``args`` included, is the typer command's to read (``schemalint.cli.app``),
which stays the one declaration of ``check``'s options.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemalint.cli.check import CheckArgs

# The flags the manifest's hooks pass before the file names.
LINT_ONLY = ("--against", "none")


def hook_check_args(words: Sequence[str]) -> CheckArgs | None:
    """What a hook's ``check`` command line (the words after ``check``) asks for, or None
    for a command line that is not one of the hooks'.

    File names that start with "-" are left to typer, which reads them as options.
    """
    against = None
    if tuple(words[:2]) == LINT_ONLY:
        against, words = LINT_ONLY[1], words[2:]
    if any(word.startswith("-") for word in words):
        return None
    return CheckArgs(paths=tuple(words), against=against)
