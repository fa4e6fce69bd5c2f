#!/usr/bin/env bash
# Benchmarks/compare.sh — segment-metronome side by side with its peers.
#
# What it measures
#   On one generated Segment S3 archive corpus (default 1,000,000 events in
#   8 gzip NDJSON files, ~1.3 GB uncompressed), mapping customer_id from
#   $.userId, it times in a single hyperfine run (--warmup 1 --runs 3):
#     zcat        find … | xargs -0 -P2 -n1 zcat > /dev/null      (decompress only)
#     igzip       find … | xargs -0 -P2 -n1 igzip -dc > /dev/null (decompress only)
#     duckdb      Benchmarks/peers/duckdb_convert.py, 2 threads (read_json -> COPY FORMAT JSON)
#     python      Benchmarks/peers/python_orjson_isal.py, 2 processes (orjson + ISA-L)
#     ours        segment-metronome convert … --threads 2 --quiet
#   Every converter does the same job: keep `track` events with messageId,
#   userId, timestamp, event and object properties; write NDJSON Metronome
#   events (transaction_id, customer_id, UTC ms timestamp, event_type, properties).
#   It also measures the peak RSS of ours with GNU time (%M) on the corpus and,
#   with --events-4m / --rss-events N, on larger corpora; and with --single-gb
#   times ours against `igzip -dc file > /dev/null` on one ~1 GB gzip file.
#
# How to read the result
#   The Markdown table lists mean and stddev (seconds) per tool and
#   "ratio to ours" = tool mean / ours mean (above 1 means ours is faster).
#   The PASS/FAIL lines are the targets:
#     ours <= DuckDB / 3;  ours < zcat (decompression alone);
#     single file: ours <= 1.5 x igzip -dc;  peak RSS <= 100 MB (10^6 bytes) and
#     about the same for every corpus size (largest <= 1.15 x first + 5 MB);
#     ours writes as many events as the Python and DuckDB peers.
#   Progress and hyperfine's own output go to stderr; the report to stdout.
#   The machine is shared and noisy: look at the stddev before trusting a ratio.
#   The report is also saved to WORK/report.md with hyperfine JSON next to it.
#   Exit status: 0 if every check passes, 1 if one fails (or on error).
#
# Usage
#   Benchmarks/compare.sh [--events N] [--files K] [--single-gb]
#                         [--events-4m] [--rss-events N]... [--work DIR]
#
# Needs: swift, hyperfine, jq, igzip, zcat, GNU time at /usr/bin/time,
#        python3 with orjson, isal and duckdb.
# Generated corpora are kept in WORK (reused when their stamp file matches);
# converter outputs are deleted at the end.

set -euo pipefail
shopt -s inherit_errexit   # failures inside $(...) abort too

usage() { sed -n '/^# Usage/,/^# Needs/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' | sed '$d'; }

EVENTS=1000000
FILES=8
SINGLE_GB=0
WORK="${TMPDIR:-/tmp}/segment-metronome-bench"
RSS_EXTRA=()
SEED=42
THREADS=2
WARMUP=1
RUNS=3
RSS_LIMIT_MB=100

while (($#)); do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --files) FILES="$2"; shift 2 ;;
    --single-gb) SINGLE_GB=1; shift ;;
    --events-4m) RSS_EXTRA+=(4000000); shift ;;
    --rss-events) RSS_EXTRA+=("$2"); shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown argument: $1" >&2; usage >&2; exit 64 ;;
  esac
done
for n in "$EVENTS" "$FILES" ${RSS_EXTRA[@]+"${RSS_EXTRA[@]}"}; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: not a positive integer: $n" >&2; exit 64; }
done

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="$REPO_ROOT/Benchmarks/peers"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
REPORT="$WORK/report.md"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'compare.sh: %s\n' "$*" >&2; exit 1; }
q() { printf '%q' "$1"; }                      # quote a path for a hyperfine command line
fcalc() { awk "BEGIN { printf \"%.${2:-3}f\", $1 }"; }   # float arithmetic
ftest() { awk "BEGIN { exit !($1) }"; }                  # float comparison

# --- prerequisites ---------------------------------------------------------
for cmd in swift hyperfine jq igzip zcat xargs find python3; do
  command -v "$cmd" >/dev/null || die "$cmd not found on PATH"
done
[[ -x /usr/bin/time ]] || die "GNU time not found at /usr/bin/time"
python3 -c 'import orjson, isal, duckdb' 2>/dev/null \
  || die "python3 needs orjson, isal (python-isal) and duckdb"

# --- build -----------------------------------------------------------------
log "building segment-metronome (release)"
(cd "$REPO_ROOT" && swift build -c release --product segment-metronome)
BIN="$(cd "$REPO_ROOT" && swift build -c release --show-bin-path)/segment-metronome"
[[ -x "$BIN" ]] || die "built binary not found: $BIN"

# --- corpora ---------------------------------------------------------------
# ensure_corpus DIR EVENTS FILES: generate once; DIR.stamp records the parameters.
ensure_corpus() {
  local dir="$1" events="$2" files="$3"
  local stamp="$dir.stamp" want="events=$events files=$files seed=$SEED"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -d "$dir" ]]; then
    log "reusing corpus $dir ($want)"
    return
  fi
  log "generating corpus $dir ($want)"
  rm -rf "$dir" "$stamp"
  "$BIN" generate --out "$dir" --events "$events" --files "$files" --seed "$SEED"
  [[ -n "$(find "$dir" -name '*.gz' -print -quit)" ]] || die "generate wrote no .gz files in $dir"
  printf '%s\n' "$want" > "$stamp"
}

# corpus_desc DIR: "8 files, 260.1 MB gz, 1302.4 MB uncompressed"
corpus_desc() {
  local dir="$1" nfiles gz raw
  nfiles="$(find "$dir" -name '*.gz' | wc -l)"
  gz="$(find "$dir" -name '*.gz' -print0 | xargs -0 cat | wc -c)"
  raw="$(find "$dir" -name '*.gz' -print0 | xargs -0 igzip -dc | wc -c)"
  printf '%d gzip file(s), %s MB gz, %s MB uncompressed' \
    "$nfiles" "$(fcalc "$gz / 1e6" 1)" "$(fcalc "$raw / 1e6" 1)"
}

# count_events DIR: lines in all (possibly gzip) output files, hidden paths excluded.
count_events() {
  local dir="$1"
  [[ -d "$dir" ]] || { echo 0; return; }
  find "$dir" -type f -not -path '*/.*' -print0 | xargs -0 -r zcat -f | wc -l
}

CORPUS="$WORK/corpus"
ensure_corpus "$CORPUS" "$EVENTS" "$FILES"

MAPPING="$WORK/userid-mapping.json"
cat > "$MAPPING" <<'JSON'
{"mappings":[{"name":"userId","enabled":true,"subscribe":"type = \"track\"","mapping":{"transaction_id":{"@path":"$.messageId"},"customer_id":{"@path":"$.userId"},"timestamp":{"@path":"$.timestamp"},"event_type":{"@path":"$.event"},"properties":{"@path":"$.properties"}}}]}
JSON
jq -e . "$MAPPING" >/dev/null

OUT_DUCK="$WORK/out-duckdb"
OUT_PY="$WORK/out-python"
OUT_OURS="$WORK/out-ours"
# ours writes its rejects beside its output dir, as <out>.rejects.ndjson
rm -rf "$OUT_DUCK" "$OUT_PY" "$OUT_OURS" "$OUT_OURS.rejects.ndjson"

# --- peak RSS; this first run of ours also smoke-tests it before hyperfine ---
# peak_rss_kib CORPUS_DIR: one conversion under GNU time, prints max RSS in KiB.
peak_rss_kib() {
  local corpus="$1" out="$WORK/out-rss" f="$WORK/rss.txt"
  rm -rf "$out" "$out.rejects.ndjson"
  /usr/bin/time -f '%M' -o "$f" \
    "$BIN" convert "$corpus" --out "$out" --mapping "$MAPPING" --threads "$THREADS" --quiet
  rm -rf "$out" "$out.rejects.ndjson"
  tail -n 1 "$f"
}
RSS_LABELS=() RSS_KIB=()
log "smoke run of ours + peak RSS on $CORPUS"
RSS_LABELS+=("$EVENTS events"); RSS_KIB+=("$(peak_rss_kib "$CORPUS")")

HF_OPTS=(--shell=bash --warmup "$WARMUP" --runs "$RUNS" --style basic)

# --- side-by-side run --------------------------------------------------------
# One --prepare per command (hyperfine pairs them up in order): converters get
# their output dir removed; `sync` so no write-back of the previous run's output
# is charged to the next measurement.
log "side-by-side run on $CORPUS"
CQ="$(q "$CORPUS")"
hyperfine "${HF_OPTS[@]}" --export-json "$WORK/hyperfine-main.json" >&2 \
  -n zcat   --prepare 'sync' \
    "find $CQ -name '*.gz' -print0 | xargs -0 -P$THREADS -n1 zcat > /dev/null" \
  -n igzip  --prepare 'sync' \
    "find $CQ -name '*.gz' -print0 | xargs -0 -P$THREADS -n1 igzip -dc > /dev/null" \
  -n duckdb --prepare "rm -rf $(q "$OUT_DUCK"); sync" \
    "python3 $(q "$PEERS/duckdb_convert.py") --quiet --out $(q "$OUT_DUCK") --threads $THREADS $CQ" \
  -n python --prepare "rm -rf $(q "$OUT_PY"); sync" \
    "python3 $(q "$PEERS/python_orjson_isal.py") --quiet --out $(q "$OUT_PY") --procs $THREADS $CQ" \
  -n ours   --prepare "rm -rf $(q "$OUT_OURS") $(q "$OUT_OURS.rejects.ndjson"); sync" \
    "$(q "$BIN") convert $CQ --out $(q "$OUT_OURS") --mapping $(q "$MAPPING") --threads $THREADS --quiet"

log "counting output events"
N_OURS="$(count_events "$OUT_OURS")"
N_PY="$(count_events "$OUT_PY")"
N_DUCK="$(count_events "$OUT_DUCK")"
rm -rf "$OUT_DUCK" "$OUT_PY" "$OUT_OURS" "$OUT_OURS.rejects.ndjson"

# --- single ~1 GB file -------------------------------------------------------
if ((SINGLE_GB)); then
  SINGLE="$WORK/single"
  ensure_corpus "$SINGLE" 770000 1
  SINGLE_FILE="$(find "$SINGLE" -name '*.gz' -print -quit)"
  OUT_SINGLE="$WORK/out-single"
  log "single-file run on $SINGLE_FILE"
  hyperfine "${HF_OPTS[@]}" --export-json "$WORK/hyperfine-single.json" >&2 \
    -n 'igzip -dc' --prepare 'sync' \
      "igzip -dc $(q "$SINGLE_FILE") > /dev/null" \
    -n ours --prepare "rm -rf $(q "$OUT_SINGLE") $(q "$OUT_SINGLE.rejects.ndjson"); sync" \
      "$(q "$BIN") convert $(q "$SINGLE") --out $(q "$OUT_SINGLE") --mapping $(q "$MAPPING") --threads $THREADS --quiet"
  rm -rf "$OUT_SINGLE" "$OUT_SINGLE.rejects.ndjson"
fi

# --- peak RSS on larger corpora ---------------------------------------------
for n in ${RSS_EXTRA[@]+"${RSS_EXTRA[@]}"}; do
  [[ "$n" == "$EVENTS" ]] && continue
  dir="$WORK/corpus-$n"
  ensure_corpus "$dir" "$n" "$FILES"
  log "peak RSS on $dir"
  RSS_LABELS+=("$n events"); RSS_KIB+=("$(peak_rss_kib "$dir")")
done

# --- report ------------------------------------------------------------------
mean_of()   { jq -r --arg n "$2" '.results[] | select(.command == $n) | .mean'   "$1"; }
stddev_of() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .stddev' "$1"; }
check() {  # check "description" "awk condition"
  if ftest "$2"; then echo "- PASS: $1"; else echo "- FAIL: $1"; fi
}
mb() { fcalc "$1 * 1024 / 1e6" 1; }   # KiB -> MB

MAIN="$WORK/hyperfine-main.json"
T_OURS="$(mean_of "$MAIN" ours)"
T_DUCK="$(mean_of "$MAIN" duckdb)"
T_ZCAT="$(mean_of "$MAIN" zcat)"

{
  echo "## segment-metronome vs peers"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "Corpus: $EVENTS events, $(corpus_desc "$CORPUS"); $THREADS threads/processes each;" \
       "hyperfine --warmup $WARMUP --runs $RUNS."
  echo
  echo "| tool | mean s | stddev s | ratio to ours |"
  echo "|---|---:|---:|---:|"
  for name in zcat igzip duckdb python ours; do
    m="$(mean_of "$MAIN" "$name")"; s="$(stddev_of "$MAIN" "$name")"
    echo "| $name | $(fcalc "$m") | $(fcalc "$s") | $(fcalc "$m / $T_OURS" 2) |"
  done
  if ((SINGLE_GB)); then
    SJ="$WORK/hyperfine-single.json"
    S_OURS="$(mean_of "$SJ" ours)"; S_IGZ="$(mean_of "$SJ" 'igzip -dc')"
    echo
    echo "Single file: $(corpus_desc "$SINGLE")"
    echo
    echo "| tool | mean s | stddev s | ratio to ours |"
    echo "|---|---:|---:|---:|"
    for name in 'igzip -dc' ours; do
      m="$(mean_of "$SJ" "$name")"; s="$(stddev_of "$SJ" "$name")"
      echo "| $name | $(fcalc "$m") | $(fcalc "$s") | $(fcalc "$m / $S_OURS" 2) |"
    done
  fi
  echo
  echo "| ours, peak RSS | MB | KiB |"
  echo "|---|---:|---:|"
  for i in "${!RSS_KIB[@]}"; do
    echo "| ${RSS_LABELS[$i]} | $(mb "${RSS_KIB[$i]}") | ${RSS_KIB[$i]} |"
  done
  echo
  echo "Output events: ours $N_OURS, python $N_PY, duckdb $N_DUCK"
  echo
  echo "### Targets"
  check "ours $(fcalc "$T_OURS") s <= DuckDB/3 $(fcalc "$T_DUCK / 3") s" "$T_OURS <= $T_DUCK / 3"
  check "ours $(fcalc "$T_OURS") s < zcat $(fcalc "$T_ZCAT") s" "$T_OURS < $T_ZCAT"
  if ((SINGLE_GB)); then
    check "single file: ours $(fcalc "$S_OURS") s <= 1.5 x igzip -dc $(fcalc "1.5 * $S_IGZ") s" \
      "$S_OURS <= 1.5 * $S_IGZ"
  fi
  for i in "${!RSS_KIB[@]}"; do
    check "peak RSS $(mb "${RSS_KIB[$i]}") MB <= $RSS_LIMIT_MB MB (${RSS_LABELS[$i]})" \
      "${RSS_KIB[$i]} * 1024 <= $RSS_LIMIT_MB * 1e6"
  done
  for ((i = 1; i < ${#RSS_KIB[@]}; i++)); do
    check "peak RSS flat: ${RSS_LABELS[$i]} $(mb "${RSS_KIB[$i]}") MB <= 1.15 x ${RSS_LABELS[0]} + 5 MB" \
      "${RSS_KIB[$i]} * 1024 <= 1.15 * ${RSS_KIB[0]} * 1024 + 5e6"
  done
  check "ours writes as many events as the peers ($N_OURS = python $N_PY = duckdb $N_DUCK)" \
    "$N_OURS == $N_PY && $N_OURS == $N_DUCK && $N_OURS > 0"
} | tee "$REPORT"

if grep -q '^- FAIL:' "$REPORT"; then exit 1; fi
