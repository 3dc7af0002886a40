#!/usr/bin/env bash
# Regenerates the seed corpora of the fuzz targets (Tests/Fuzz/<target>/) from Replays/ and `simulate`.
# Usage: Tests/Fuzz/make-seeds.sh [MOTCUA]   (default: .build/debug/motcua). Needs sqlite3 and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
motcua=${1:-.build/debug/motcua}
out=Tests/Fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for target in event-line recorded-line notice-file kpi-query stream-head snapshot; do
    rm -rf "${out:?}/$target"
    mkdir -p "$out/$target"
done

# A simulated city plus every Replays log, imported into one store, exported, checkpointed.
"$motcua" simulate --dossiers 300 --complaints 40 --seed 11 >"$work/sim.ndjson"
cat Replays/*/log.ndjson Replays/demo.ndjson >"$work/replays.ndjson"
"$motcua" import "$work/sim.ndjson" --db "sqlite:$work/sim.sqlite" >/dev/null
"$motcua" export --db "sqlite:$work/sim.sqlite" --output "$work/export.ndjson"
"$motcua" kpi --db "sqlite:$work/sim.sqlite" --period 2025 >/dev/null
for dir in Replays/*/; do
    [ -s "$dir/log.ndjson" ] || continue
    db="$work/$(basename "$dir").sqlite"
    "$motcua" import "$dir/log.ndjson" --db "sqlite:$db" >/dev/null
    "$motcua" kpi --db "sqlite:$db" --period 2025 >/dev/null
done

python3 - "$work" "$out" <<'PY'
import glob, hashlib, json, sqlite3, sys
work, out = sys.argv[1], sys.argv[2]

def put(target, data, limit):
    files = glob.glob(f"{out}/{target}/*")
    if len(files) >= limit:
        return
    if isinstance(data, str):
        data = data.encode()
    with open(f"{out}/{target}/{hashlib.sha1(data).hexdigest()[:16]}", "wb") as f:
        f.write(data)

# One line of every event type from each source, then the first lines of the rest.
seen = set()
for source in ["replays.ndjson", "sim.ndjson"]:
    for line in open(f"{work}/{source}", encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        kind = (source, json.loads(line)["type"])
        if kind not in seen:
            seen.add(kind)
            put("event-line", line, 120)
for line in open(f"{work}/replays.ndjson", encoding="utf-8"):
    if line.strip():
        put("event-line", line.rstrip("\n"), 80)

seen = set()
for line in open(f"{work}/export.ndjson", encoding="utf-8"):
    kind = json.loads(line)["type"]
    if kind not in seen:
        seen.add(kind)
        put("recorded-line", line.rstrip("\n"), 60)

notice = {"notices": [{"year": 2027, "reference": "TB 1234/TB-BNV",
           "daysOff": [{"date": "2027-02-05", "name": "Tết Nguyên đán"}, {"date": "2027-02-08", "name": "Tết Nguyên đán"}],
           "saturdaysWorked": [{"date": "2027-02-20", "name": "Làm bù cho 2027-02-12"}]}]}
put("notice-file", json.dumps(notice, ensure_ascii=False), 10)
put("notice-file", json.dumps({"notices": []}), 10)
put("notice-file", json.dumps({"notices": [{"year": 2099, "reference": "TB 1", "daysOff": [], "saturdaysWorked": []},
                                           {"year": 1900, "reference": "TB 2", "daysOff": [{"date": "1900-01-01", "name": "Tết"}], "saturdaysWorked": []}]}), 10)

for query in ["period=2025-Q1\nby=agency", "period=2025\nbasis=calendar\nby=level", "period=2025-H1\nasOf=2025-03-01",
              "period=2025-9M\nby=sector\nfoldSuccessors=true", "period=2025-03\nagency=000.00.20.H26",
              "period=2024-12-01..2025-02-28\nasOf=2025-01-15T12:00:00+07:00\nby=field", "period=9998-Q4\nasOf=9999-12-31",
              "period=1900-01-01..9998-12-31"]:
    put("kpi-query", query, 20)

for db in sorted(glob.glob(f"{work}/*.sqlite")):
    con = sqlite3.connect(db)
    kinds = set()
    for stream, state in con.execute("SELECT name, state FROM streams ORDER BY name"):
        kind = stream.split("/")[0]
        if (kind, len(state) // 8) not in kinds:
            kinds.add((kind, len(state) // 8))
            put("stream-head", bytes(state), 60)
    for (state,) in con.execute("SELECT state FROM projection_checkpoints"):
        if len(state) < 64 * 1024:
            put("snapshot", bytes(state), 20)
PY
for target in event-line recorded-line notice-file kpi-query stream-head snapshot; do
    echo "$target: $(ls "$out/$target" | wc -l) seeds"
done
