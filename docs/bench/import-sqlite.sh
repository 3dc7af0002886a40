#!/usr/bin/env bash
# Import throughput on SQLite beside a raw-SQLite baseline, median of 3 runs each.
# Usage: docs/bench/import-sqlite.sh [EVENTS] [BATCH]   (defaults: 1000000 events, batches of 10000)
# Set MOTCUA to a release binary to skip the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
events=${1:-1000000}
batch=${2:-10000}
source docs/bench/common.sh
python3 docs/bench/make-log.py "$events" > "$work/log.ndjson"
lines=$(wc -l < "$work/log.ndjson")
echo "log: $lines events, batches of $batch"
for run in 1 2 3; do
    rm -f "$work"/db.sqlite*
    start=$(date +%s.%N)
    "$MOTCUA" import "$work/log.ndjson" --db "sqlite:$work/db.sqlite" --batch-size "$batch" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
done | tee "$work/import.txt" | sed 's/^/motcua import: s = /'
"$MOTCUA" export --db "sqlite:$work/db.sqlite" --output "$work/export.ndjson"
for run in 1 2 3; do
    rm -f "$work"/raw.sqlite*
    python3 docs/bench/raw-sqlite-insert.py "$work/export.ndjson" "$work/raw.sqlite" --batch "$batch" \
        | sed -n 's/.* in \([0-9.]*\) s.*/\1/p'
done | tee "$work/raw.txt" | sed 's/^/raw insert: s = /'
import_s=$(median < "$work/import.txt")
raw_s=$(median < "$work/raw.txt")
echo "median motcua import: $import_s s = $(echo "$lines / $import_s" | bc) events/s"
echo "median raw SQLite insert: $raw_s s = $(echo "$lines / $raw_s" | bc) rows/s"
echo "overhead: $(echo "scale=2; $import_s / $raw_s" | bc)x"
