"""The registry's SQLite store: schemas by id, subject versions, config and mode.

Several server processes may share one database file. Every write runs in one
``BEGIN IMMEDIATE`` transaction, which takes SQLite's single write lock before reading, so the
ids and versions a write allocates come from state no other writer can change underneath it.
WAL lets readers run while a writer holds the lock; ``synchronous=FULL`` makes a commit durable
before the server acknowledges it. Schema contents are never deleted, so an id, once handed
out, always means the same schema; a separate sequence keeps ids rising past every id ever
allocated, whatever is deleted later.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

GLOBAL = "__GLOBAL"  # the config and mode key of the whole registry (not a valid subject)
BUSY_TIMEOUT_MS = 30_000

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS id_sequence (
    name TEXT PRIMARY KEY,
    next_id INTEGER NOT NULL
);
INSERT OR IGNORE INTO id_sequence (name, next_id) VALUES ('schema', 1);
CREATE TABLE IF NOT EXISTS contents (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    schema_type TEXT NOT NULL,
    schema TEXT NOT NULL,
    refs TEXT NOT NULL,
    metadata TEXT,
    rule_set TEXT
);
CREATE INDEX IF NOT EXISTS contents_by_fingerprint ON contents (fingerprint);
CREATE TABLE IF NOT EXISTS versions (
    subject TEXT NOT NULL,
    version INTEGER NOT NULL,
    schema_id INTEGER NOT NULL REFERENCES contents (id),
    deleted INTEGER NOT NULL DEFAULT 0,
    ts INTEGER NOT NULL,
    PRIMARY KEY (subject, version)
);
CREATE INDEX IF NOT EXISTS versions_by_id ON versions (schema_id);
CREATE TABLE IF NOT EXISTS content_refs (
    schema_id INTEGER NOT NULL REFERENCES contents (id),
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS refs_by_target ON content_refs (subject, version);
CREATE TABLE IF NOT EXISTS configs (
    subject TEXT PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS modes (
    subject TEXT PRIMARY KEY,
    mode TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Content:
    """A schema as stored under one id: its canonical text and what travels with it."""

    id: int
    schema_type: str
    schema: str
    references: list[dict[str, Any]]
    metadata: dict[str, Any] | None
    rule_set: dict[str, Any] | None


@dataclass(frozen=True)
class Version:
    subject: str
    version: int
    schema_id: int
    deleted: bool


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"))


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Store:
    """One connection to the database, used by one request at a time (on whichever worker
    thread runs it: ``workers.Registries`` leases it out)."""

    def __init__(self, path: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                    timeout=busy_timeout_ms / 1000)
        self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        with self.write():
            for statement in _SCHEMA_SQL.split(";"):
                if statement.strip():
                    self.conn.execute(statement)

    def close(self) -> None:
        self.conn.close()

    def pragma(self, name: str) -> Any:
        return self.conn.execute(f"PRAGMA {name}").fetchone()[0]

    def read(self) -> AbstractContextManager[Store]:
        """A consistent snapshot for several reads."""
        return self._transaction("BEGIN")

    def write(self) -> AbstractContextManager[Store]:
        """One write transaction holding SQLite's write lock from its first statement."""
        return self._transaction("BEGIN IMMEDIATE")

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[Store]:
        self.conn.execute(begin)
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- contents -------------------------------------------------------------------------

    def content(self, schema_id: int) -> Content | None:
        row = self.conn.execute(
            "SELECT id, schema_type, schema, refs, metadata, rule_set FROM contents WHERE id = ?",
            (schema_id,)).fetchone()
        return None if row is None else _content(row)

    def content_ids(self, fingerprint: str) -> list[int]:
        """Ids holding this schema: one, unless IMPORT mode gave the same schema several."""
        rows = self.conn.execute("SELECT id FROM contents WHERE fingerprint = ? ORDER BY id",
                                 (fingerprint,)).fetchall()
        return [int(row[0]) for row in rows]

    def allocate_id(self) -> int:
        row = self.conn.execute("SELECT next_id FROM id_sequence WHERE name = 'schema'").fetchone()
        new_id = int(row[0])
        self.conn.execute("UPDATE id_sequence SET next_id = ? WHERE name = 'schema'",
                          (new_id + 1,))
        return new_id

    def reserve_id(self, schema_id: int) -> None:
        """Keep the sequence above an id chosen by the caller (IMPORT mode)."""
        self.conn.execute(
            "UPDATE id_sequence SET next_id = max(next_id, ?) WHERE name = 'schema'",
            (schema_id + 1,))

    def max_id(self) -> int:
        row = self.conn.execute("SELECT max(id) FROM contents").fetchone()
        return int(row[0] or 0)

    def insert_content(self, content: Content, fingerprint: str) -> None:
        self.conn.execute(
            "INSERT INTO contents (id, fingerprint, schema_type, schema, refs, metadata, rule_set)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (content.id, fingerprint, content.schema_type, content.schema,
             json.dumps(content.references), _dumps(content.metadata), _dumps(content.rule_set)))
        self.conn.executemany(
            "INSERT INTO content_refs (schema_id, name, subject, version) VALUES (?, ?, ?, ?)",
            [(content.id, ref["name"], ref["subject"], ref["version"])
             for ref in content.references])

    # -- versions -------------------------------------------------------------------------

    def versions(self, subject: str) -> list[Version]:
        """Every version of ``subject``, soft-deleted ones included, oldest first."""
        rows = self.conn.execute(
            "SELECT subject, version, schema_id, deleted FROM versions WHERE subject = ?"
            " ORDER BY version", (subject,)).fetchall()
        return [_version(row) for row in rows]

    def version(self, subject: str, version: int) -> Version | None:
        row = self.conn.execute(
            "SELECT subject, version, schema_id, deleted FROM versions"
            " WHERE subject = ? AND version = ?", (subject, version)).fetchone()
        return None if row is None else _version(row)

    def versions_of_id(self, schema_id: int) -> list[Version]:
        rows = self.conn.execute(
            "SELECT subject, version, schema_id, deleted FROM versions WHERE schema_id = ?"
            " ORDER BY subject, version", (schema_id,)).fetchall()
        return [_version(row) for row in rows]

    def all_versions(self) -> list[Version]:
        rows = self.conn.execute(
            "SELECT subject, version, schema_id, deleted FROM versions"
            " ORDER BY subject, version").fetchall()
        return [_version(row) for row in rows]

    def subjects(self) -> list[tuple[str, bool]]:
        """Each subject with whether it still has a version that is not soft-deleted."""
        rows = self.conn.execute(
            "SELECT subject, min(deleted) FROM versions GROUP BY subject ORDER BY subject"
        ).fetchall()
        return [(str(row[0]), not row[1]) for row in rows]

    def subjects_with_deleted(self) -> set[str]:
        rows = self.conn.execute("SELECT DISTINCT subject FROM versions WHERE deleted = 1")
        return {str(row[0]) for row in rows}

    def insert_version(self, subject: str, version: int, schema_id: int) -> None:
        self.conn.execute(
            "INSERT INTO versions (subject, version, schema_id, deleted, ts)"
            " VALUES (?, ?, ?, 0, ?)",
            (subject, version, schema_id, int(time.time() * 1000)))

    def soft_delete(self, subject: str, version: int) -> None:
        self.conn.execute("UPDATE versions SET deleted = 1 WHERE subject = ? AND version = ?",
                          (subject, version))

    def hard_delete(self, subject: str, version: int) -> None:
        self.conn.execute("DELETE FROM versions WHERE subject = ? AND version = ?",
                          (subject, version))

    def referrers(self, subject: str, version: int, *, include_deleted: bool) -> list[int]:
        """Ids of schemas that reference ``subject`` ``version`` and are still registered."""
        deleted_clause = "" if include_deleted else " AND v.deleted = 0"
        rows = self.conn.execute(
            "SELECT DISTINCT r.schema_id FROM content_refs r JOIN versions v"
            " ON v.schema_id = r.schema_id WHERE r.subject = ? AND r.version = ?"
            + deleted_clause + " ORDER BY r.schema_id", (subject, version)).fetchall()
        return [int(row[0]) for row in rows]

    def referrer_subjects(self, subject: str, version: int, *, include_deleted: bool) -> set[str]:
        deleted_clause = "" if include_deleted else " AND v.deleted = 0"
        rows = self.conn.execute(
            "SELECT DISTINCT v.subject FROM content_refs r JOIN versions v"
            " ON v.schema_id = r.schema_id WHERE r.subject = ? AND r.version = ?"
            + deleted_clause, (subject, version)).fetchall()
        return {str(row[0]) for row in rows}

    # -- config and mode ------------------------------------------------------------------

    def config(self, subject: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT body FROM configs WHERE subject = ?",
                                (subject,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def set_config(self, subject: str, body: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO configs (subject, body) VALUES (?, ?)"
            " ON CONFLICT (subject) DO UPDATE SET body = excluded.body",
            (subject, json.dumps(body)))

    def delete_config(self, subject: str) -> None:
        self.conn.execute("DELETE FROM configs WHERE subject = ?", (subject,))

    def mode(self, subject: str) -> str | None:
        row = self.conn.execute("SELECT mode FROM modes WHERE subject = ?", (subject,)).fetchone()
        return None if row is None else str(row[0])

    def set_mode(self, subject: str, mode: str) -> None:
        self.conn.execute(
            "INSERT INTO modes (subject, mode) VALUES (?, ?)"
            " ON CONFLICT (subject) DO UPDATE SET mode = excluded.mode", (subject, mode))

    def delete_mode(self, subject: str) -> None:
        self.conn.execute("DELETE FROM modes WHERE subject = ?", (subject,))


def _content(row: tuple[Any, ...]) -> Content:
    return Content(id=int(row[0]), schema_type=str(row[1]), schema=str(row[2]),
                   references=list(json.loads(row[3])), metadata=_loads(row[4]),
                   rule_set=_loads(row[5]))


def _version(row: tuple[Any, ...]) -> Version:
    return Version(subject=str(row[0]), version=int(row[1]), schema_id=int(row[2]),
                   deleted=bool(row[3]))
