#!/usr/bin/env bash
# HTTP ingest and KPI latency of `motcua serve` on SQLite.
# Usage: docs/bench/http-sqlite.sh [SECONDS] [KPI_DOSSIERS]
#   ingest: 32 clients posting single events, then 32 clients posting batches of 100, SECONDS (default 20)
#           each, three runs on a fresh store each, median;
#   kpi:    p50/p99 of GET /v1/kpi?period=2025-Q2&by=agency (1 client, 300 requests, after 20 warm-up) on
#           a store of a simulated city of KPI_DOSSIERS dossiers (default 218000: about 1 million events).
# Set MOTCUA to a release binary to skip the build. The client is docs/bench/http-load.py (Python asyncio);
# it shares the machine's cores with the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
dossiers=${2:-218000}
source docs/bench/common.sh

# Starts `motcua serve` on $1 in the background; sets $port and $server.
start() {
    "$MOTCUA" serve --db "$1" --port 0 --token-rate 0 > "$work/serve.out" 2> "$work/serve.err" &
    server=$!
    for _ in $(seq 600); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
}
stop() { kill -TERM "$server"; wait "$server"; }

catalogue='{"id":"5f0c6a3e-0c1d-4f7e-9a51-1a2b3c4d5e6f","type":"AgencyRegistered","occurredAt":"2025-01-02T08:00:00+07:00","data":{"agency":"BENCH","name":"Bench","level":"province"}}
{"id":"6f0c6a3e-0c1d-4f7e-9a51-1a2b3c4d5e6f","type":"ProcedurePublished","occurredAt":"2025-01-02T08:00:00+07:00","data":{"procedure":"BENCH-P","name":"Bench","sector":"TP","field":"LLTP","timeLimitDays":10,"writtenResult":true,"fullOnlineEligible":true}}'

for batch in 1 100; do
    for run in 1 2 3; do
        db="sqlite:$work/ingest-$batch-$run.sqlite"
        echo "$catalogue" | "$MOTCUA" import - --db "$db" > /dev/null
        token=$("$MOTCUA" token create --db "$db" --role center --agency BENCH)
        start "$db"
        python3 docs/bench/http-load.py post --port "$port" --token "$token" --clients 32 --batch "$batch" \
            --seconds "$seconds" | tee -a "$work/ingest-$batch.json"
        stop
        "$MOTCUA" verify --db "$db" > /dev/null
    done
    rate=$(python3 -c 'import json,sys; print("\n".join(str(json.loads(l)["eventsPerSecond"]) for l in open(sys.argv[1])))' "$work/ingest-$batch.json" | median)
    echo "median: 32 clients, batches of $batch: $rate events/s"
done

"$MOTCUA" simulate --dossiers "$dossiers" --seed 2025 > "$work/city.ndjson"
"$MOTCUA" import "$work/city.ndjson" --db "sqlite:$work/city.sqlite" --batch-size 10000 > /dev/null
echo "kpi store: $(wc -l < "$work/city.ndjson") events"
token=$("$MOTCUA" token create --db "sqlite:$work/city.sqlite" --role monitor)
start "sqlite:$work/city.sqlite"
path="/v1/kpi?period=2025-Q2&by=agency"
python3 docs/bench/http-load.py get --port "$port" --token "$token" --clients 1 --requests 20 --seconds 600 --path "$path" > /dev/null
for run in 1 2 3; do
    python3 docs/bench/http-load.py get --port "$port" --token "$token" --clients 1 --requests 300 --seconds 600 --path "$path"
done
stop
