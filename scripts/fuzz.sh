#!/usr/bin/env bash
# scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#
# Builds one libFuzzer target of Fuzz/ (Swift with -sanitize=fuzzer,address) and runs it for SECONDS,
# starting from the seed corpus Fuzz/corpus/TARGET (committed) and a working corpus under
# Fuzz/.work/TARGET (not committed). Crashes, leaks and timeouts are written to Fuzz/.work/TARGET/
# crashes/. Targets: json, json-diff, archive, trigger, mapping, evaluate.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${1:?usage: scripts/fuzz.sh TARGET SECONDS}"
SECONDS_TO_RUN="${2:?usage: scripts/fuzz.sh TARGET SECONDS}"
shift 2
case "$TARGET" in
  json | json-diff | trigger) MAX_LEN=4096 ;;
  mapping) MAX_LEN=16384 ;;
  # The compiled mapping set lives in a global that LeakSanitizer reports as leaked at exit; the
  # mapping target checks compilation for leaks on every input instead.
  # -detect_leaks=0 stops libFuzzer's per-input check; ASAN_OPTIONS stops LeakSanitizer's report at
  # exit too, which names only that global's boxes (Fuzz/RESULTS.md).
  evaluate) MAX_LEN=16384; set -- -detect_leaks=0 "$@"
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" ;;
  archive) MAX_LEN=65536 ;;
  *) echo "fuzz.sh: unknown target $TARGET (json, json-diff, archive, trigger, mapping, evaluate)" >&2; exit 64 ;;
esac
(cd Fuzz && swift build -c debug --product "fuzz-$TARGET" -Xswiftc -sanitize=fuzzer,address >&2)
BIN="Fuzz/.build/debug/fuzz-$TARGET"
WORK="Fuzz/.work/$TARGET"
mkdir -p "$WORK/corpus" "$WORK/crashes"
SEEDS="Fuzz/corpus/$TARGET"
[ -d "$SEEDS" ] || SEEDS=""
export SWIFT_BACKTRACE=enable=no  # Swift's backtracer and ASan do not mix on a fatal error
exec "$BIN" "$WORK/corpus" $SEEDS -max_total_time="$SECONDS_TO_RUN" -max_len="$MAX_LEN" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$WORK/crashes/" "$@"
