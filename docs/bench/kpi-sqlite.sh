#!/usr/bin/env bash
# Replay throughput, peak memory and kpi latency on a simulated city, and kpi/replay agreement.
# Usage: docs/bench/kpi-sqlite.sh [DOSSIERS]   (default 218000 dossiers, about 1 million events)
# Set MOTCUA to a release binary to skip the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
dossiers=${1:-218000}
source docs/bench/common.sh
"$MOTCUA" simulate --dossiers "$dossiers" --seed 2025 > "$work/city.ndjson"
events=$(wc -l < "$work/city.ndjson")
echo "simulated: $events events"
/usr/bin/time -f "import: %e s, peak %M KB" "$MOTCUA" import "$work/city.ndjson" --db "sqlite:$work/city.sqlite" --batch-size 10000
for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$MOTCUA" replay --db "sqlite:$work/city.sqlite" --period 2025-Q2 --by agency --format json > /dev/null
    cat "$work/t"
done > "$work/replay.txt"
sed 's/^/replay 2025-Q2 by agency: s, peak KB = /' "$work/replay.txt"
replay_s=$(cut -d' ' -f1 "$work/replay.txt" | median)
echo "median replay: $replay_s s = $(echo "$events / $replay_s" | bc) events/s; peak $(cut -d' ' -f2 "$work/replay.txt" | median) KB"
for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$MOTCUA" kpi --db "sqlite:$work/city.sqlite" --period 2025-Q2 --by agency --format json > /dev/null
    cat "$work/t"
done > "$work/kpi.txt"
sed 's/^/kpi 2025-Q2 by agency (process start, checkpoint load, report): s, peak KB = /' "$work/kpi.txt"
echo "median kpi: $(cut -d' ' -f1 "$work/kpi.txt" | median) s"
for period in 2025-Q1 2025-Q2 2025-H1 2025; do
    for by in agency sector; do
        "$MOTCUA" kpi --db "sqlite:$work/city.sqlite" --period "$period" --by "$by" --format json > "$work/kpi.json"
        "$MOTCUA" replay --db "sqlite:$work/city.sqlite" --period "$period" --by "$by" --format json > "$work/replay.json"
        if cmp -s "$work/kpi.json" "$work/replay.json"; then echo "agree: $period by $by"; else echo "DIFFER: $period by $by"; exit 1; fi
    done
done
