#!/usr/bin/env bash
# Durability benchmarks of Roost: what the RocksDB store's durability policies cost, against the in-memory store.
#
#   bench/durability.sh [--rounds N] [--quick] [--only pairs,fanout] [--out FILE] [--keep-work]
#
# a. QoS 1 pairs: 8 publisher/subscriber pairs, persistent subscribers (Session Expiry 3600 s, so the broker stores
#    what it queues for them), each publisher keeping a window of 32 QoS 1 publishes in flight (256 in all: room for
#    group commit) and at most 64 messages ahead of its subscriber. Brokers: --store memory, and --store rocksdb with
#    --durability sync, interval and none. msg/s, publish->PUBACK latency, publish->delivery latency, sync/memory.
# b. Fan-out: one QoS 1 publisher (window 16, at most 16 messages ahead of its slowest subscriber) to 1,000 persistent
#    QoS 1 subscribers of one topic, and to 1 as the baseline; memory and sync. Publishes/s, deliveries/s, both
#    latencies, and the per-subscriber cost.
#
# Every run is on a freshly started broker (a child process on 127.0.0.1, data in a temp dir, stopped by its PID);
# the rounds interleave the brokers and the report gives medians. --quick: 1 round, 2 s runs, 100 subscribers.
# Prints a markdown report (also to --out FILE) with the exact commands.
#
# Environment: ROOST_JAVA_OPTS, BENCH_JAVA_OPTS (JVM options), ROOST_PORT (default 21885).
# Exit code 0 when every run completed (even unclean ones, which the report shows), 1 when something could not run.
set -euo pipefail

SCRIPT=durability.sh
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/bench-lib.sh
source bench/bench-lib.sh

ROUNDS=3
QUICK=0
KEEP_WORK=0
OUT=""
ONLY="pairs,fanout"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --keep-work) KEEP_WORK=1; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "$SCRIPT: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "$SCRIPT: --rounds needs a positive integer" >&2; exit 2; }

need_tools java jq
need_jars
PORT=${ROOST_PORT:-21885}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/roost-durability.XXXXXX")
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
cleanup() {
  stop_broker 30
  if [[ $KEEP_WORK == 1 ]]; then echo "$SCRIPT: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1,000 subscribers connect at once: lift the broker's admission limit (1,000 new connections per second) for all.
cat > "$WORK/roost.conf" <<EOF
connections.max-per-second = 100000
EOF

if [[ $QUICK == 1 ]]; then
  ROUNDS=1; D=2s; W=0.5s; FAN=100
else
  D=10s; W=2s; FAN=1000
fi
declare -A BROKER=(
  [memory]="--store memory"
  [sync]="--store rocksdb --durability sync"
  [interval]="--store rocksdb --durability interval"
  [none]="--store rocksdb --durability none"
)
PAIRS_ARGS="pairs --qos 1 --pairs 8 --inflight 32 --max-ahead 64 --session-expiry 3600 --keep-sessions --duration $D --warmup $W"
FAN_ARGS="fanout --qos 1 --publishers 1 --rate 0 --inflight 16 --max-ahead 16 --session-expiry 3600 --keep-sessions --duration $D --warmup $W"
COMMON="--version 5 --quiet --json --timeout 10s --concurrency 128"

RUNS=()   # "scenario|broker|bench args"
if [[ ,$ONLY, == *,pairs,* ]]; then
  for b in memory sync interval none; do RUNS+=("pairs-q1|$b|$PAIRS_ARGS"); done
fi
if [[ ,$ONLY, == *,fanout,* ]]; then
  for b in memory sync; do
    RUNS+=("fanout-1|$b|$FAN_ARGS --subscribers 1")
    RUNS+=("fanout-$FAN|$b|$FAN_ARGS --subscribers $FAN")
  done
fi
[[ ${#RUNS[@]} -gt 0 ]] || { echo "$SCRIPT: --only takes pairs, fanout or both" >&2; exit 2; }

FAILED=0
RUN_NO=0
run_one() { # round scenario broker args
  local round=$1 scenario=$2 broker=$3 args=$4 line code=0
  RUN_NO=$((RUN_NO + 1))
  echo "$SCRIPT: round $round $scenario $broker" >&2
  # shellcheck disable=SC2086
  start_broker "$WORK/broker-$RUN_NO.log" "${ROOST_JAVA_OPTS:-}" --data-dir "$WORK/data-$RUN_NO" \
    --config "$WORK/roost.conf" ${BROKER[$broker]}
  if ! wait_for_port "$WORK/broker-$RUN_NO.log" 60; then
    FAILED=$((FAILED + 1)); stop_broker 5; return
  fi
  # shellcheck disable=SC2086
  line=$(java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" $args --port "$PORT" $COMMON 2>>"$WORK/bench-errors.log") \
    || code=$?
  stop_broker 30
  rm -rf "$WORK/data-$RUN_NO"
  if [[ $code == 0 || $code == 3 ]] && jq -e . >/dev/null 2>&1 <<< "$line"; then
    jq -c --arg s "$scenario" --arg b "$broker" --argjson r "$round" '. + {run: {scenario: $s, broker: $b, round: $r}}' \
      <<< "$line" >> "$RESULTS"
  else
    FAILED=$((FAILED + 1))
    echo "$SCRIPT: $scenario $broker round $round failed (exit $code); see $WORK/bench-errors.log" >&2
    jq -nc --arg s "$scenario" --arg b "$broker" --argjson r "$round" --argjson c "$code" \
      '{failed: true, exit: $c, run: {scenario: $s, broker: $b, round: $r}}' >> "$RESULTS"
  fi
}

STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
MACHINE=$(machine_line)
for round in $(seq 1 "$ROUNDS"); do
  for r in "${RUNS[@]}"; do
    IFS='|' read -r scenario broker args <<< "$r"
    run_one "$round" "$scenario" "$broker" "$args"
  done
done
FINISHED=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# ---- the report --------------------------------------------------------------------------------------------------
m() { # scenario broker jq-path → median
  median_of "$RESULTS" ".run.scenario == \"$1\" and .run.broker == \"$2\" and (.failed | not)" "$3"
}
runs_line() { # scenario broker → "clean/completed/all"
  jq -rs --arg s "$1" --arg b "$2" '[.[] | select(.run.scenario == $s and .run.broker == $b)] as $a
    | "\([$a[] | select(.ok == true)] | length)/\($a | length)"' "$RESULTS"
}
US="µs"
report() {
  echo "## Durability"
  echo
  echo "Written by \`bench/durability.sh$([[ $QUICK == 1 ]] && echo ' --quick')\`$([[ $QUICK == 1 ]] && echo ': a smoke run with tiny sizes, not figures to quote'). Medians of $ROUNDS interleaved"
  echo "round(s), each run on a freshly started broker; the load generator shares the machine. $STARTED to $FINISHED (UTC)."
  echo "Machine: $MACHINE."
  echo
  if [[ ,$ONLY, == *,pairs,* ]]; then
    echo "### QoS 1 pairs: 8 pairs, persistent subscribers, 8 × 32 publishes in flight"
    echo
    echo "| broker | msg/s | vs memory | PUBACK p50 $US | PUBACK p99 $US | delivery p50 $US | delivery p99 $US | clean runs |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    local mem_rate b rate
    mem_rate=$(m pairs-q1 memory .metrics.delivered_per_s)
    for b in memory sync interval none; do
      rate=$(m pairs-q1 "$b" .metrics.delivered_per_s)
      echo "| ${BROKER[$b]} | $(fmt "$rate") | $(ratio "$rate" "$mem_rate") | $(fmt "$(m pairs-q1 "$b" .ack_latency_us.p50)") | $(fmt "$(m pairs-q1 "$b" .ack_latency_us.p99)") | $(fmt "$(m pairs-q1 "$b" .latency_us.p50)") | $(fmt "$(m pairs-q1 "$b" .latency_us.p99)") | $(runs_line pairs-q1 "$b") |"
    done
    echo
    echo "sync / memory: **$(ratio "$(m pairs-q1 sync .metrics.delivered_per_s)" "$mem_rate")** of the in-memory throughput."
    echo
  fi
  if [[ ,$ONLY, == *,fanout,* ]]; then
    echo "### Fan-out: 1 QoS 1 publisher → N persistent QoS 1 subscribers of one topic"
    echo
    echo "| N | broker | publishes/s | deliveries/s | PUBACK p50 $US | PUBACK p99 $US | delivery p50 $US | delivery p99 $US | clean runs |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    local n b
    for n in 1 "$FAN"; do
      for b in memory sync; do
        echo "| $(fmt "$n") | ${BROKER[$b]} | $(fmt "$(m "fanout-$n" "$b" .metrics.published_per_s)") | $(fmt "$(m "fanout-$n" "$b" .metrics.delivered_per_s)") | $(fmt "$(m "fanout-$n" "$b" .ack_latency_us.p50)") | $(fmt "$(m "fanout-$n" "$b" .ack_latency_us.p99)") | $(fmt "$(m "fanout-$n" "$b" .latency_us.p50)") | $(fmt "$(m "fanout-$n" "$b" .latency_us.p99)") | $(runs_line "fanout-$n" "$b") |"
      done
    done
    echo
    echo "Per-subscriber cost, from the inverse throughputs: (1/publishes/s at N − 1/publishes/s at 1) / (N − 1)."
    echo
    echo "| broker | $US per publish at 1 | $US per publish at $(fmt "$FAN") | $US per added subscriber | $US per delivery at $(fmt "$FAN") | sync / memory deliveries/s |"
    echo "|---|---:|---:|---:|---:|---:|"
    local p1 pn dn mem_dn
    mem_dn=$(m "fanout-$FAN" memory .metrics.delivered_per_s)
    for b in memory sync; do
      p1=$(m fanout-1 "$b" .metrics.published_per_s)
      pn=$(m "fanout-$FAN" "$b" .metrics.published_per_s)
      dn=$(m "fanout-$FAN" "$b" .metrics.delivered_per_s)
      echo "| ${BROKER[$b]} | $(fmt "$(calc '1e6 / a' a="$p1")") | $(fmt "$(calc '1e6 / a' a="$pn")") | $(fmt "$(calc '(1e6 / n - 1e6 / o) / (k - 1)' n="$pn" o="$p1" k="$FAN")") | $(fmt "$(calc '1e6 / a' a="$dn")") | $([[ $b == sync ]] && ratio "$dn" "$mem_dn" || echo 1.00) |"
    done
    echo
  fi
  local unclean
  unclean=$(jq -rs '[.[] | select((.failed | not) and .ok == false) | "\(.run.scenario) \(.run.broker) round \(.run.round): lost \(.counters.lost), duplicated \(.counters.duplicated), out of order \(.counters.out_of_order); \(.notes | join("; "))"] | .[]' "$RESULTS")
  if [[ -n $unclean || $FAILED -gt 0 ]]; then
    echo "**FAIL**: runs that lost, duplicated or reordered messages, or did not complete ($FAILED), do not count:"
    echo
    [[ -n $unclean ]] && while IFS= read -r u; do echo "- $u"; done <<< "$unclean"
    echo
  fi
  echo "Commands (broker started afresh for every run, stopped by SIGTERM to its PID afterwards):"
  echo
  echo '```'
  echo "# roost.conf: connections.max-per-second = 100000"
  local b
  for b in memory sync interval none; do
    echo "java ${ROOST_JAVA_OPTS:-} -jar $ROOST_JAR broker --port $PORT --bind 127.0.0.1 --data-dir <fresh temp dir> --config roost.conf ${BROKER[$b]}" | tr -s ' '
  done
  local r seen=""
  for r in "${RUNS[@]}"; do
    IFS='|' read -r scenario broker args <<< "$r"
    [[ $seen == *"|$scenario|"* ]] && continue
    seen="$seen|$scenario|"
    echo "java ${BENCH_JAVA_OPTS:-} -jar $BENCH_JAR $args --port $PORT $COMMON" | tr -s ' '
  done
  echo '```'
  echo
  echo "<details><summary>Raw results (one JSON line per run)</summary>"
  echo
  echo '```'
  cat "$RESULTS"
  echo '```'
  echo
  echo "</details>"
}

report > "$WORK/report.md"
cat "$WORK/report.md"
if [[ -n $OUT ]]; then
  mkdir -p "$(dirname "$OUT")"
  cp "$WORK/report.md" "$OUT"
  echo "$SCRIPT: wrote $OUT" >&2
fi
if grep -q '^\*\*FAIL\*\*' "$WORK/report.md"; then
  red "FAIL: some runs were not clean or did not complete; see the report" >&2
fi
[[ $FAILED == 0 ]] || exit 1
