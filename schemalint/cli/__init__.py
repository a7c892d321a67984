"""The command line: typer commands people type, the reports they read, the hooks' fast start.

``entry`` starts a process, ``app`` declares the commands and their options, ``check`` runs
``check`` from plain values, ``hook`` reads the pre-commit hooks' command lines, ``output``
writes reports, ``verdict`` turns findings into an exit code. Kept free of imports: the
hooks' start-up imports this package.
"""
