#!/usr/bin/env python3
"""Turns an export (docs/hash-chain.md) into the CSV rows of the `events` table, for a psql COPY
baseline: `python3 docs/bench/export-to-csv.py EXPORT.ndjson > rows.csv`."""
import csv, json, sys
from datetime import datetime, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
writer = csv.writer(sys.stdout, lineterminator="\n")
for line in open(sys.argv[1], "rb"):
    record = json.loads(line)
    head = line.index(b',"id":')
    event = b"{" + line[head + 1:line.rindex(b',"hash":')] + b"}"
    text = record["occurredAt"].replace("Z", "+00:00")
    stamp, fraction = (text[:19] + text[-6:], "0")
    if "." in text:
        stamp, fraction = text[:19] + text[-6:], text[20:-6]
    seconds = int((datetime.fromisoformat(stamp) - EPOCH).total_seconds())
    nanos = seconds * 1_000_000_000 + int((fraction + "000000000")[:9])
    writer.writerow([record["position"], record["id"], record["stream"], record["version"], record["type"], nanos,
                     record["recordedAt"], "\\x" + event.hex(), "\\x" + record["hash"]])
