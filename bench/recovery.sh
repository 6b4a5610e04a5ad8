#!/usr/bin/env bash
# Recovery and memory of Roost with many offline sessions and queued messages (RocksDB store).
#
#   bench/recovery.sh [--sessions S] [--messages M] [--payload BYTES] [--heap SIZE] [--group-size N]
#                     [--sample N] [--fill-heap SIZE] [--publishers N] [--out FILE] [--keep-work]
#
# Defaults: 100,000 sessions × 10 messages of 64 bytes, --heap 1g, groups of 100, a sample of 1,000, fill heap 4g.
#
# 1. Baseline: a broker on an empty data dir with -Xmx<heap>; heap used after `jcmd GC.run` (GC.heap_info).
# 2. Fill: a broker with --durability none (the fill measures nothing durable; it only has to be fast) and
#    -Xmx<fill-heap>; `roost-bench fill` creates S persistent QoS 1 sessions (Session Expiry a week), in groups of N
#    sharing a topic rec/g/<group>, lets them go offline and publishes M QoS 1 messages to every group: S × M queued
#    entries from S / N × M publishes. The broker is stopped with SIGTERM; `du -sb` of its data dir → bytes on disk.
# 3. Recovery: a broker on that data dir with -Xmx<heap> (durability sync, the default); time from the process start
#    to the port accepting, and the broker's own "Recovered N sessions, M queued ... in X ms" line; then heap used
#    after `jcmd GC.run` → heap per offline session = (used − baseline) / S.
# 4. Verify: `roost-bench drain` resumes a random sample of the sessions (Clean Start 0), each must get exactly its M
#    messages in order; FAIL otherwise. Whether the broker survived the heap cap: alive, its exit code after SIGTERM,
#    OutOfMemoryError in its log.
# Prints a markdown report (also to --out FILE) with the commands. Brokers are child processes on 127.0.0.1, data in a
# temp dir, each stopped by its PID.
#
# Environment: ROOST_JAVA_OPTS, BENCH_JAVA_OPTS (extra JVM options), ROOST_PORT (default 21886).
# Exit code 0 when everything ran and verified, 3 when the verification or the heap cap failed, 1 when something could
# not run.
set -euo pipefail

SCRIPT=recovery.sh
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/bench-lib.sh
source bench/bench-lib.sh

SESSIONS=100000
MESSAGES=10
PAYLOAD=64
HEAP=1g
FILL_HEAP=4g
GROUP=100
SAMPLE=1000
PUBLISHERS=4
OUT=""
KEEP_WORK=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sessions) SESSIONS="$2"; shift 2 ;;
    --messages) MESSAGES="$2"; shift 2 ;;
    --payload) PAYLOAD="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    --fill-heap) FILL_HEAP="$2"; shift 2 ;;
    --group-size) GROUP="$2"; shift 2 ;;
    --sample) SAMPLE="$2"; shift 2 ;;
    --publishers) PUBLISHERS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --keep-work) KEEP_WORK=1; shift ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "$SCRIPT: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
for v in SESSIONS MESSAGES PAYLOAD GROUP SAMPLE PUBLISHERS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "$SCRIPT: ${v,,} must be a positive integer: ${!v}" >&2; exit 2; }
done

need_tools java jq jcmd du
need_jars
PORT=${ROOST_PORT:-21886}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/roost-recovery.XXXXXX")
DATA="$WORK/data"
cleanup() {
  stop_broker 120
  if [[ $KEEP_WORK == 1 ]]; then echo "$SCRIPT: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

QUEUE_MAX=$(( MESSAGES > 10000 ? MESSAGES : 10000 ))
cat > "$WORK/roost.conf" <<EOF
# S sessions connect as fast as the load generator can: lift the admission limit (1,000 new connections per second).
connections.max-per-second = 100000
queue.max-messages = $QUEUE_MAX
EOF
BROKER_JVM="-Xlog:gc=off ${ROOST_JAVA_OPTS:-}"
PLAN="--sessions $SESSIONS --messages $MESSAGES --group-size $GROUP --prefix rec"
COMMON="--port $PORT --version 5 --quiet --json --timeout 30s --concurrency 256"
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
MACHINE=$(machine_line)
log() { echo "$SCRIPT: $*" >&2; }
oom_in() { if grep -q 'OutOfMemoryError' "$1" 2>/dev/null; then echo yes; else echo no; fi; }
PROBLEMS=()

# ---- 1. baseline: an empty broker ---------------------------------------------------------------------------------
log "baseline: an empty broker with -Xmx$HEAP"
start_broker "$WORK/baseline.log" "-Xmx$HEAP $BROKER_JVM" --data-dir "$WORK/empty" --config "$WORK/roost.conf"
wait_for_port "$WORK/baseline.log" 60 || exit 1
BASE_HEAP=$(heap_used_bytes "$BROKER_PID")
BASE_RSS=$(rss_bytes "$BROKER_PID")
stop_broker 30

# ---- 2. fill ------------------------------------------------------------------------------------------------------
log "fill: $SESSIONS sessions × $MESSAGES messages, broker with -Xmx$FILL_HEAP --durability none"
start_broker "$WORK/fill-broker.log" "-Xmx$FILL_HEAP $BROKER_JVM" --data-dir "$DATA" --config "$WORK/roost.conf" \
  --durability none
wait_for_port "$WORK/fill-broker.log" 60 || exit 1
FILL_CODE=0
# shellcheck disable=SC2086
FILL_JSON=$(java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" fill $PLAN --size "$PAYLOAD" --publishers "$PUBLISHERS" \
  --inflight 256 $COMMON 2>"$WORK/fill.err") || FILL_CODE=$?
FILL_ALIVE=yes
kill -0 "$BROKER_PID" 2>/dev/null || FILL_ALIVE=no
stop_broker 300
FILL_EXIT=$BROKER_EXIT
FILL_OOM=$(oom_in "$WORK/fill-broker.log")
if ! jq -e . >/dev/null 2>&1 <<< "$FILL_JSON"; then
  log "the fill did not complete (exit $FILL_CODE):"; tail -5 "$WORK/fill.err" >&2
  FILL_JSON='{}'
  PROBLEMS+=("the fill did not complete (exit $FILL_CODE): $(tail -1 "$WORK/fill.err")")
elif [[ $FILL_CODE != 0 ]]; then
  PROBLEMS+=("the fill was not clean: $(jq -r '"queued \(.counters.received) of \(.counters.sent); \(.notes | join("; "))"' <<< "$FILL_JSON")")
fi
[[ $FILL_OOM == yes ]] && PROBLEMS+=("OutOfMemoryError in the fill broker's log (-Xmx$FILL_HEAP)")
DISK=$(du -sb "$DATA" | cut -f1)
f() { jq -r "$1 // \"n/a\"" <<< "$FILL_JSON"; }
QUEUED=$(f .metrics.queued)

# ---- 3. recovery --------------------------------------------------------------------------------------------------
log "recovery: the same data dir, -Xmx$HEAP"
start_broker "$WORK/recovery.log" "-Xmx$HEAP $BROKER_JVM" --data-dir "$DATA" --config "$WORK/roost.conf"
REC_UP=yes
wait_for_port "$WORK/recovery.log" 1800 || REC_UP=no
READY_S="n/a"; HEAP_USED="n/a"; RSS="n/a"
DRAIN_JSON='{}'; DRAIN_CODE="not run"
if [[ $REC_UP == yes ]]; then
  READY_S=$(calc '(r - s) / 1e9' r="$READY_NANOS" s="$START_NANOS")
  HEAP_USED=$(heap_used_bytes "$BROKER_PID")
  RSS=$(rss_bytes "$BROKER_PID")
  # ---- 4. verify ----------------------------------------------------------------------------------------------------
  log "verify: $SAMPLE sampled sessions drain"
  DRAIN_CODE=0
  # shellcheck disable=SC2086
  DRAIN_JSON=$(java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" drain $PLAN --sample "$SAMPLE" --seed 1 \
    --drain-timeout 120s $COMMON 2>"$WORK/drain.err") || DRAIN_CODE=$?
  jq -e . >/dev/null 2>&1 <<< "$DRAIN_JSON" || { DRAIN_JSON='{}'; log "drain failed: $(tail -1 "$WORK/drain.err")"; }
fi
REC_ALIVE=no
[[ -n $BROKER_PID ]] && kill -0 "$BROKER_PID" 2>/dev/null && REC_ALIVE=yes
stop_broker 300
REC_EXIT=${BROKER_EXIT:-n/a}
REC_OOM=$(oom_in "$WORK/recovery.log")
FINISHED=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# The broker's own figures: the store's open line and the recovery line (absent when nothing was recovered).
OPEN_LINE=$(grep -m1 -E 'Opened the session store' "$WORK/recovery.log" || true)
OPEN_MS=$(grep -oE 'in [0-9]+ ms' <<< "$OPEN_LINE" | grep -oE '[0-9]+' || echo n/a)
REC_LINE=$(grep -m1 -E 'Recovered [0-9]+ sessions' "$WORK/recovery.log" || true)
REC_SESSIONS=$(sed -nE 's/.*Recovered ([0-9]+) sessions.*/\1/p' <<< "$REC_LINE")
REC_MESSAGES=$(sed -nE 's/.*sessions, ([0-9]+) queued.*/\1/p' <<< "$REC_LINE")
REC_MS=$(sed -nE 's/.* in ([0-9]+) ms.*/\1/p' <<< "$REC_LINE")

d() { jq -r "$1 // \"n/a\"" <<< "$DRAIN_JSON"; }
VERIFIED=no
if [[ $(d .ok) == true && $(d .metrics.incomplete_sessions) == 0 ]]; then VERIFIED=yes; fi
SURVIVED=yes
if [[ $REC_UP == no || $REC_ALIVE == no || $REC_OOM == yes ]]; then SURVIVED=no; fi
[[ $VERIFIED == no ]] && PROBLEMS+=("verification failed: $(d .metrics.complete_sessions) of $(d .metrics.sessions) sampled sessions complete, lost $(d .counters.lost), duplicated $(d .counters.duplicated), out of order $(d .counters.out_of_order) (drain exit $DRAIN_CODE); $(d '.notes | join("; ")')")
[[ $SURVIVED == no ]] && PROBLEMS+=("the broker did not survive -Xmx$HEAP: listening $REC_UP, alive after the checks $REC_ALIVE, OutOfMemoryError in its log $REC_OOM, exit code $REC_EXIT")
[[ -n $REC_SESSIONS && $REC_SESSIONS != "$SESSIONS" ]] && PROBLEMS+=("the broker recovered $REC_SESSIONS sessions, not $SESSIONS")

ENTRIES=$(( SESSIONS * MESSAGES ))
report() {
  echo "## Recovery and memory: $(fmt "$SESSIONS") offline sessions × $(fmt "$MESSAGES") queued messages"
  echo
  echo "Written by \`bench/recovery.sh\`, $STARTED to $FINISHED (UTC). One run. Machine: $MACHINE."
  echo
  echo "| figure | value |"
  echo "|---|---:|"
  echo "| sessions × messages each (payload) | $(fmt "$SESSIONS") × $(fmt "$MESSAGES") = $(fmt "$ENTRIES") ($PAYLOAD B) |"
  echo "| fill: sessions created per second | $(fmt "$(f .metrics.sessions_per_s)") |"
  echo "| fill: publishes (groups of $GROUP) / queued entries acknowledged | $(fmt "$(f .metrics.published)") / $(fmt "$QUEUED") |"
  echo "| fill: queued entries per second | $(fmt "$(f .metrics.queued_per_s)") |"
  echo "| bytes on disk, data dir after SIGTERM | $(fmt "$DISK") |"
  echo "| bytes on disk per session (with its messages) | $(fmt "$(calc 'a / b' a="$DISK" b="$SESSIONS")") |"
  echo "| bytes on disk per queued message | $(fmt "$(calc 'a / b' a="$DISK" b="$ENTRIES")") |"
  echo "| recovery: process start to port accepting, s | $(fmt "$READY_S") |"
  echo "| recovery: broker log, store opened in, ms | $(fmt "$OPEN_MS") |"
  echo "| recovery: broker log, \"Recovered N sessions, M queued …\" | $(fmt "${REC_SESSIONS:-n/a}") sessions, $(fmt "${REC_MESSAGES:-n/a}") messages in $(fmt "${REC_MS:-n/a}") ms |"
  echo "| heap used after GC.run, empty broker | $(fmt "$BASE_HEAP") |"
  echo "| heap used after GC.run, recovered broker (-Xmx$HEAP) | $(fmt "$HEAP_USED") |"
  echo "| **heap per offline session** (with its $MESSAGES messages), bytes | **$(fmt "$(calc '(a - b) / s' a="$HEAP_USED" b="$BASE_HEAP" s="$SESSIONS")")** |"
  echo "| RSS, empty / recovered broker | $(fmt "$BASE_RSS") / $(fmt "$RSS") |"
  echo "| verify: sampled sessions complete (exactly $MESSAGES, in order) | $(fmt "$(d .metrics.complete_sessions)") of $(fmt "$(d .metrics.sessions)"), lost $(d .counters.lost), duplicated $(d .counters.duplicated), out of order $(d .counters.out_of_order) |"
  echo "| verify: drained per second | $(fmt "$(d .metrics.drained_per_s)") |"
  echo "| **survived with -Xmx$HEAP** | **$SURVIVED** (listening $REC_UP, OutOfMemoryError in log $REC_OOM, exit code after SIGTERM $REC_EXIT) |"
  echo "| fill broker (-Xmx$FILL_HEAP): alive at the end, OutOfMemoryError, exit code | $FILL_ALIVE, $FILL_OOM, $FILL_EXIT |"
  echo
  if [[ ${#PROBLEMS[@]} -gt 0 ]]; then
    local p
    for p in "${PROBLEMS[@]}"; do echo "**FAIL**: $p"; echo; done
  else
    echo "OK: every sampled session drained exactly its messages, in order, and the broker lived within -Xmx$HEAP."
    echo
  fi
  echo "Notes: heap per session is (used − used of an empty broker) / sessions, both read with \`jcmd <pid> GC.heap_info\`"
  echo "right after \`jcmd <pid> GC.run\`; the recovery time counts the JVM's start; the fill ran with \`--durability none\`,"
  echo "the recovery with \`sync\` (the default). The drain empties the sampled sessions' queues."
  echo
  echo "Commands:"
  echo
  echo '```'
  echo "# roost.conf: connections.max-per-second = 100000, queue.max-messages = $QUEUE_MAX"
  echo "java -Xmx$HEAP $BROKER_JVM -jar $ROOST_JAR broker --port $PORT --bind 127.0.0.1 --data-dir <empty dir> --config roost.conf" | tr -s ' '
  echo "java -Xmx$FILL_HEAP $BROKER_JVM -jar $ROOST_JAR broker --port $PORT --bind 127.0.0.1 --data-dir DATA --config roost.conf --durability none" | tr -s ' '
  echo "java ${BENCH_JAVA_OPTS:-} -jar $BENCH_JAR fill $PLAN --size $PAYLOAD --publishers $PUBLISHERS --inflight 256 $COMMON" | tr -s ' '
  echo "kill -TERM <pid>; du -sb DATA"
  echo "java -Xmx$HEAP $BROKER_JVM -jar $ROOST_JAR broker --port $PORT --bind 127.0.0.1 --data-dir DATA --config roost.conf" | tr -s ' '
  echo "jcmd <pid> GC.run; jcmd <pid> GC.heap_info"
  echo "java ${BENCH_JAVA_OPTS:-} -jar $BENCH_JAR drain $PLAN --sample $SAMPLE --seed 1 --drain-timeout 120s $COMMON" | tr -s ' '
  echo '```'
  echo
  echo "<details><summary>Raw results: fill, drain, the broker's recovery lines</summary>"
  echo
  echo '```'
  echo "$FILL_JSON"
  echo "$DRAIN_JSON"
  echo "$OPEN_LINE"
  echo "$REC_LINE"
  echo '```'
  echo
  echo "</details>"
}

report > "$WORK/report.md"
cat "$WORK/report.md"
if [[ -n $OUT ]]; then
  mkdir -p "$(dirname "$OUT")"
  cp "$WORK/report.md" "$OUT"
  log "wrote $OUT"
fi
if [[ ${#PROBLEMS[@]} -gt 0 ]]; then
  for p in "${PROBLEMS[@]}"; do red "FAIL: $p" >&2; done
  exit 3
fi
