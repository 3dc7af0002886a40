#!/usr/bin/env python3
"""Verify a `motcua export` (NDJSON, recorded form) without MotCua's code.

Usage: python3 docs/verify-export.py EXPORT.ndjson [--previous-hash HEX]
       (EXPORT may be `-` for stdin)

Checks every line: valid UTF-8 JSON, members in the order position, stream, version, recordedAt, id,
type, occurredAt, data, hash; the line is canonical (exactly what
json.dumps(..., ensure_ascii=False, separators=(",", ":")) writes); positions gapless; versions
consecutive per stream; stream = <kind>/<subject code>; recordedAt non-decreasing; and the hash chain
hash(n) = SHA-256(hash(n-1) || record bytes of n), hash(0) = 32 zero bytes (docs/hash-chain.md).

An export written with --after starts later than position 1: pass --previous-hash, the hash of the
event just before it. Prints `ok: N events, head position P, hash H` and exits 0, or names the first
failure on stderr and exits 1 (2 for bad usage). Compare H with a head hash obtained independently.
Python 3 standard library only.
"""
import argparse, hashlib, json, re, sys

MEMBERS = ["position", "stream", "version", "recordedAt", "id", "type", "occurredAt", "data", "hash"]
HEX64 = re.compile(r"[0-9a-f]{64}")
RECORDED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def kind_of(event_type):
    if event_type.startswith("Agency"):
        return "agency"
    if event_type.startswith("Procedure") or event_type == "OnlineServiceChanged":
        return "procedure"
    return "complaint" if event_type.startswith("Complaint") else "dossier"


def reject(what):
    raise ValueError(what)


def verify(lines, previous):
    count, head, last_recorded, versions, from_start = 0, None, "", {}, True
    for n, raw in enumerate(lines, 1):
        guess = re.match(rb'\{"position":(\d+),', raw)
        where = f"line {n} (position {guess.group(1).decode()})" if guess else f"line {n}"
        try:
            text = raw.decode("utf-8")
            obj = json.loads(text, parse_float=reject, parse_constant=reject)
        except ValueError as error:
            return f"{where}: not valid UTF-8 JSON with integer numbers ({error})"
        if not isinstance(obj, dict) or list(obj) != MEMBERS:
            return f"{where}: members must be exactly, in order: {', '.join(MEMBERS)}"
        digest = obj.pop("hash")
        record = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        if not isinstance(digest, str) or text != record[:-1] + ',"hash":"' + digest + '"}':
            return f"{where}: not in canonical form"
        p, stream, v, recorded, data = (obj[k] for k in ("position", "stream", "version", "recordedAt", "data"))
        if type(p) is not int or type(v) is not int or not isinstance(stream, str) or not isinstance(data, dict):
            return f"{where}: position and version must be integers, stream a string, data an object"
        if p < 1:
            return f"position {p}: positions start at 1"
        if head is None:
            from_start = p == 1
        if head is None and p != 1 and previous == bytes(32):
            return f"position {p}: export starts after position 1; pass --previous-hash (the hash of position {p - 1})"
        if head is None and p == 1 and previous != bytes(32):
            return f"position {p}: export starts at position 1, so the previous hash must be 64 zeros"
        if head is not None and p != head + 1:
            return f"position {p}: expected position {head + 1} (gap or reordering)"
        if not isinstance(obj["type"], str) or not isinstance(obj["id"], str) or not UUID.fullmatch(obj["id"]):
            return f"position {p}: id must be a lower-case hyphenated UUID and type a string"
        kind = kind_of(obj["type"])
        if not isinstance(data.get(kind), str) or stream != f"{kind}/{data[kind]}":
            return f"position {p}: stream {stream!r} is not {kind}/<data.{kind}> for type {obj['type']}"
        # Versions are fully checkable from position 1; a later start checks them from each stream's first event.
        expected = versions[stream] + 1 if stream in versions else (1 if from_start else max(v, 1))
        if v != expected:
            return f"position {p}: stream {stream} has version {v}, expected {expected}"
        versions[stream] = v
        if not isinstance(recorded, str) or not RECORDED_AT.fullmatch(recorded) or recorded < last_recorded:
            return f"position {p}: recordedAt {recorded!r} is not UTC with 6 fraction digits, or goes back in time"
        if not HEX64.fullmatch(digest):
            return f"position {p}: hash is not 64 lower-case hex digits"
        previous = hashlib.sha256(previous + record.encode("utf-8")).digest()
        if previous.hex() != digest:
            return f"position {p}: hash mismatch (computed {previous.hex()}, export says {digest})"
        count, head, last_recorded = count + 1, p, recorded
    return count, head, previous


def main():
    parser = argparse.ArgumentParser(description="Verify a motcua export and its hash chain.")
    parser.add_argument("export", help="NDJSON export, or - for stdin")
    parser.add_argument("--previous-hash", default="0" * 64, help="hash of the event before the first line")
    args = parser.parse_args()
    if not HEX64.fullmatch(args.previous_hash):
        parser.error("--previous-hash must be 64 lower-case hex digits")
    if args.export == "-":
        content = sys.stdin.buffer.read()
    else:
        with open(args.export, "rb") as f:
            content = f.read()
    if content and not content.endswith(b"\n"):
        print("the export's last line is not terminated by \\n (truncated?)", file=sys.stderr)
        return 1
    result = verify(content.split(b"\n")[:-1], bytes.fromhex(args.previous_hash))
    if isinstance(result, str):
        print(result, file=sys.stderr)
        return 1
    count, head, digest = result
    print(f"ok: {count} events, head position {head if head is not None else 0}, hash {digest.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
