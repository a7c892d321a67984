"""``python -m schemalint.registry.server --db PATH [--host H] [--port P] [--workers N]``."""

from __future__ import annotations

import argparse
import sys

from schemalint.errors import SchemalintError
from schemalint.registry.server.serve import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m schemalint.registry.server",
                                     description="Embedded Confluent-compatible schema registry")
    parser.add_argument("--db", required=True, help="SQLite database file (created if absent)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args(argv)
    try:
        serve(args.db, host=args.host, port=args.port, workers=args.workers)
    except SchemalintError as error:
        sys.stderr.write(f"schemalint registry: {error}\n")
        raise SystemExit(int(error.exit_code)) from None


if __name__ == "__main__":
    main()
