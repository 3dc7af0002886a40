#!/usr/bin/env python3
"""Baseline for import throughput: raw SQLite inserts of an export, with no MotCua code in the way.

Usage: python3 docs/bench/raw-sqlite-insert.py EXPORT.ndjson DB_PATH [--batch 1000]

Reads the export (the recorded form, docs/hash-chain.md) into memory and converts it to rows first,
untimed; then creates a fresh database at DB_PATH (which must not exist) in WAL mode with
synchronous=FULL, the same `events` table as the store, and times only inserting the rows with
executemany, one transaction per --batch rows (each commit durable, as the store's are).
Prints the SQLite version and `N rows in S s: R rows/s`. Python 3 standard library only; it does not
verify the export (use docs/verify-export.py for that).
"""
import argparse, json, os, sqlite3, sys, time, uuid
from datetime import datetime, timedelta, timezone

SCHEMA = """
CREATE TABLE events (
    position    INTEGER PRIMARY KEY,
    id          BLOB    NOT NULL UNIQUE,   -- the 16 bytes of the UUID
    stream      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    occurred_at INTEGER NOT NULL,          -- occurredAt in nanoseconds since the epoch
    recorded_at TEXT    NOT NULL,
    event       BLOB    NOT NULL,          -- canonical event bytes (the record minus position/stream/version/recordedAt)
    hash        BLOB    NOT NULL,          -- 32 bytes
    UNIQUE (stream, version),
    CHECK (position > 0 AND version > 0 AND length(id) = 16 AND length(hash) = 32)
) STRICT;
CREATE INDEX events_occurred_at ON events (occurred_at);
CREATE INDEX events_recorded_at ON events (recorded_at);
"""
INSERT = "INSERT INTO events (position, id, stream, version, type, occurred_at, recorded_at, event, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def row(line):
    obj = json.loads(line)
    digest = obj.pop("hash")
    record = dumps(obj).encode("utf-8")  # the record bytes: the line without its hash member
    prefix = '{"position":%d,"stream":%s,"version":%d,"recordedAt":%s,' % (
        obj["position"], dumps(obj["stream"]), obj["version"], dumps(obj["recordedAt"]))
    prefix = prefix.encode("utf-8")
    if not record.startswith(prefix):
        raise ValueError(f"position {obj['position']}: unexpected member order")
    occurred = obj["occurredAt"]
    occurred = datetime.fromisoformat(occurred[:-1] + "+00:00" if occurred.endswith("Z") else occurred)
    nanoseconds = (occurred - EPOCH) // timedelta(microseconds=1) * 1000  # integer arithmetic, no float rounding
    return (obj["position"], uuid.UUID(obj["id"]).bytes, obj["stream"], obj["version"], obj["type"],
            nanoseconds, obj["recordedAt"], b"{" + record[len(prefix):], bytes.fromhex(digest))


def main():
    parser = argparse.ArgumentParser(description="Time raw SQLite inserts of a motcua export.")
    parser.add_argument("export", help="NDJSON export, or - for stdin")
    parser.add_argument("db", help="path of the database to create (must not exist)")
    parser.add_argument("--batch", type=int, default=1000, help="rows per transaction (default 1000)")
    args = parser.parse_args()
    if args.batch < 1:
        parser.error("--batch must be at least 1")
    if any(os.path.exists(args.db + suffix) for suffix in ("", "-wal", "-shm")):
        parser.error(f"{args.db} already exists; give a fresh path")

    source = sys.stdin.buffer if args.export == "-" else open(args.export, "rb")
    with source:
        rows = [row(line) for line in source if line.strip()]

    db = sqlite3.connect(args.db, isolation_level=None)  # autocommit: we issue BEGIN/COMMIT ourselves
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-65536")  # the store uses the same 64 MiB page cache
    db.executescript(SCHEMA)
    print(f"SQLite {sqlite3.sqlite_version} (journal_mode={mode}, synchronous=FULL, batch={args.batch})")

    start = time.perf_counter()
    for i in range(0, len(rows), args.batch):
        db.execute("BEGIN")
        db.executemany(INSERT, rows[i:i + args.batch])
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()

    rate = len(rows) / elapsed if elapsed > 0 else float("inf")
    print(f"{len(rows)} rows in {elapsed:.3f} s: {rate:,.0f} rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
