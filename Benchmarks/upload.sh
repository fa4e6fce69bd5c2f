#!/usr/bin/env bash
# Benchmarks/upload.sh — upload and sync throughput against a local HTTP sink (issue 4's target).
#
# What it measures
#   A local nginx answers every POST /v1/ingest with 200 (Benchmarks/upload/nginx.conf), so the
#   numbers are the client's. On a generated corpus (default 1,000,000 events in 8 gzip files,
#   customer_id from $.userId), it first converts the archives to NDJSON events once, then times,
#   alternating, --runs times each:
#     upload   segment-metronome upload EVENTS-DIR            (default settings: batches of 100,
#                                                              concurrency 8)
#     sync     segment-metronome sync ARCHIVES --mapping ...  (archives -> Metronome in one pass)
#     sdk      Benchmarks/peers/python_sdk_upload.py: Metronome's official Python SDK,
#              client.v1.usage.ingest in batches of 100 from 8 threads, on the first
#              --sdk-files files of the events (it is slow; events/s is what compares)
#   and prints events/s, wall seconds and peak RSS for each. Target: upload and sync >= 110,000
#   events/s (Metronome's default per-account allowance) on this 2-core machine.
#
# Usage
#   Benchmarks/upload.sh [--events N] [--files K] [--runs R] [--sdk-files K] [--work DIR]
#
# Needs: swift, nginx (Debian nginx-light), jq, GNU time at /usr/bin/time, python3 with metronome-sdk.

set -euo pipefail
EVENTS=1000000
FILES=8
RUNS=2
SDK_FILES=1
WORK="${TMPDIR:-/tmp}/segment-metronome-upload-bench"
while (($#)); do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --files) FILES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --sdk-files) SDK_FILES="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    *) echo "upload.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
mkdir -p "$WORK"
(cd "$ROOT" && swift build -c release >&2)
BIN="$ROOT/.build/release/segment-metronome"

CORPUS="$WORK/corpus-$EVENTS-$FILES"
if [[ ! -f "$CORPUS.stamp" ]]; then
  rm -rf "$CORPUS"
  "$BIN" generate --out "$CORPUS" --events "$EVENTS" --files "$FILES" --seed 42 >&2
  touch "$CORPUS.stamp"
fi
MAPPING="$WORK/userid-mapping.json"
cat > "$MAPPING" <<'JSON'
{"mappings":[{"name":"userId","subscribe":"type = \"track\"","mapping":{"transaction_id":{"@path":"$.messageId"},"customer_id":{"@path":"$.userId"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event"},"properties":{"@path":"$.properties"}}}]}
JSON
# Generated timestamps span years: a reference time and age limit that accept them all, so every
# event is sent and the numbers are pure throughput.
TIME_FLAGS=(--now 2100-01-01T00:00:00Z --max-age 100000d)
EVENTS_DIR="$WORK/events"
if [[ ! -f "$EVENTS_DIR.stamp" || "$EVENTS_DIR.stamp" -ot "$CORPUS.stamp" ]]; then
  rm -rf "$EVENTS_DIR"
  "$BIN" convert "$CORPUS" --out "$EVENTS_DIR" --mapping "$MAPPING" --quiet --rejects "$WORK/convert.rejects.ndjson" \
    "${TIME_FLAGS[@]}"
  touch "$EVENTS_DIR.stamp"
fi
SDK_DIR="$WORK/sdk-events"
rm -rf "$SDK_DIR" && mkdir -p "$SDK_DIR"
find "$EVENTS_DIR" -name '*.ndjson' | sort | head -n "$SDK_FILES" | while read -r f; do cp "$f" "$SDK_DIR/"; done

mkdir -p "$WORK/nginx/tmp"
cp "$HERE/upload/nginx.conf" "$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c nginx.conf
trap 'nginx -p "$WORK/nginx" -c nginx.conf -s stop 2>/dev/null || true' EXIT
sleep 0.5
export METRONOME_BEARER_TOKEN=benchmark-token
ENDPOINT=http://127.0.0.1:18090

# run NAME EVENTS COMMAND...: prints "NAME events seconds rss_mb"
run() {
  local name="$1" events="$2"; shift 2
  local out
  out=$( { /usr/bin/time -f "TIME %e %M" "$@" >/dev/null 2>"$WORK/$name.err"; } 2>&1 || true)
  grep -h 'TIME' "$WORK/$name.err" | tail -1 | awk -v n="$name" -v e="$events" '{printf "%s %d %.2f %.0f\n", n, e, $2, $3/1024}'
}
count_events() { find "$1" -name '*.ndjson' -print0 | xargs -0 cat | wc -l; }
N_EVENTS=$(count_events "$EVENTS_DIR")
N_SDK=$(count_events "$SDK_DIR")

RESULTS="$WORK/results.txt"
: > "$RESULTS"
for ((i = 1; i <= RUNS; i++)); do
  echo "==> run $i/$RUNS" >&2
  run upload "$N_EVENTS" "$BIN" upload "$EVENTS_DIR" --endpoint "$ENDPOINT" --quiet --rejects "$WORK/u.rejects" --report "$WORK/upload.report.json" \
    "${TIME_FLAGS[@]}" >> "$RESULTS"
  # A fresh ledger each run, as a first cron run over the dump would have (the ledger's cost included).
  rm -f "$WORK/sync.ledger.sqlite" "$WORK/sync.ledger.sqlite-wal" "$WORK/sync.ledger.sqlite-shm"
  run sync "$N_EVENTS" "$BIN" sync "$CORPUS" --mapping "$MAPPING" --endpoint "$ENDPOINT" --quiet \
    --ledger "$WORK/sync.ledger.sqlite" \
    --rejects "$WORK/s.rejects" --report "$WORK/sync.report.json" "${TIME_FLAGS[@]}" >> "$RESULTS"
  run sdk "$N_SDK" python3 "$HERE/peers/python_sdk_upload.py" --base-url "$ENDPOINT" "$SDK_DIR" >> "$RESULTS"
done

echo "| tool | events | mean s | events/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
for name in upload sync sdk; do
  awk -v n="$name" '$1 == n { e = $2; s += $3; k++; if ($4 > r) r = $4 } END { if (k) printf "| %s | %d | %.2f | %.0f | %d |\n", n, e, s / k, e / (s / k), r }' "$RESULTS"
done
# The throughput only counts if every event was delivered: check the last run's reports.
for name in upload sync; do
  delivered=$(jq '.upload.events_delivered' "$WORK/$name.report.json")
  balanced=$(jq '.upload.balanced' "$WORK/$name.report.json")
  echo "$name: delivered $delivered of $N_EVENTS events (balanced: $balanced)"
  [[ "$delivered" == "$N_EVENTS" && "$balanced" == "true" ]] || echo "$name: FAIL (not every event was delivered)"
done
for name in upload sync; do
  awk -v n="$name" '$1 == n { e = $2; s += $3; k++ } END { r = e / (s / k); printf "%s: %s (%.0f events/s, target 110000)\n", n, (r >= 110000 ? "PASS" : "FAIL"), r }' "$RESULTS"
done
