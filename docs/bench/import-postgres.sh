#!/usr/bin/env bash
# Import throughput on PostgreSQL beside psql COPY of the same rows, median of 3 runs each.
# Usage: docs/bench/import-postgres.sh SERVER_URL [EVENTS] [BATCH]
#   SERVER_URL: a PostgreSQL server where the user may create databases, e.g.
#   postgres://postgres@127.0.0.1:5432 (databases motcua_bench_* are created and dropped).
# Set MOTCUA to a release binary to skip the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
server=${1:?usage: $0 SERVER_URL [EVENTS] [BATCH]}
events=${2:-1000000}
batch=${3:-10000}
source docs/bench/common.sh
fresh() { psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; }
python3 docs/bench/make-log.py "$events" > "$work/log.ndjson"
lines=$(wc -l < "$work/log.ndjson")
echo "log: $lines events, batches of $batch"
for run in 1 2 3; do
    fresh motcua_bench_import
    start=$(date +%s.%N)
    "$MOTCUA" import "$work/log.ndjson" --db "$server/motcua_bench_import" --batch-size "$batch" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
done | tee "$work/import.txt" | sed 's/^/motcua import: s = /'
"$MOTCUA" export --db "$server/motcua_bench_import" --output "$work/export.ndjson"
python3 docs/bench/export-to-csv.py "$work/export.ndjson" > "$work/rows.csv"
for run in 1 2 3; do
    fresh motcua_bench_copy
    "$MOTCUA" verify --db "$server/motcua_bench_copy" >/dev/null   # creates the same schema
    start=$(date +%s.%N)
    psql "$server/motcua_bench_copy" -qc "\\copy events (position, id, stream, version, type, occurred_at, recorded_at, event, hash) FROM '$work/rows.csv' WITH (FORMAT csv)"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
done | tee "$work/copy.txt" | sed 's/^/psql COPY: s = /'
import_s=$(median < "$work/import.txt")
copy_s=$(median < "$work/copy.txt")
echo "median motcua import: $import_s s = $(echo "$lines / $import_s" | bc) events/s"
echo "median psql COPY: $copy_s s = $(echo "$lines / $copy_s" | bc) rows/s"
echo "ratio: $(echo "scale=2; $import_s / $copy_s" | bc)x"
psql "$server/postgres" -qc "DROP DATABASE motcua_bench_import" -c "DROP DATABASE motcua_bench_copy" >/dev/null
