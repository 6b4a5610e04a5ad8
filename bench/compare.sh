#!/usr/bin/env bash
# Roost against Mosquitto 2.x on this machine: the standard set of bench scenarios, interleaved rounds
# (roost, mosquitto, roost, mosquitto, ...), a fresh broker for every scenario run, medians per broker, and
# docs/BENCHMARKS.md with the table, the ratios, the machine, the versions, the date and the exact commands.
#
#   bench/compare.sh [--rounds N] [--quick] [--scenarios a,b,...] [--out FILE] [--keep-work]
#
#   --rounds N       interleaved rounds (default 3)
#   --quick          a smoke run: one round, tiny sizes, 2 s runs; writes to the work directory unless --out is given
#   --scenarios LIST only these (default: all): pairs-q0 pairs-q0-closed pairs-q1 fanout offline connect sessions
#   --out FILE       where the report goes (default docs/BENCHMARKS.md)
#   --keep-work      keep the work directory (broker logs, raw results) instead of deleting it
#
# Environment: ROOST_JAVA_OPTS, BENCH_JAVA_OPTS (JVM options), ROOST_BROKER_ARGS (extra `roost broker` flags),
# ROOST_PORT, MOSQUITTO_PORT (default 21883, 21884), MOSQUITTO (default /usr/sbin/mosquitto).
# Needs java 17+, mosquitto 2.x and jq. Builds cli/target/roost.jar and bench/target/roost-bench.jar when missing.
# Stops only the brokers it started, by PID. Exit code 0 when every run completed (even with lost messages, which
# the report shows), 1 when something could not run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ROUNDS=3
QUICK=0
KEEP_WORK=0
OUT=""
ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --scenarios) ONLY="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --keep-work) KEEP_WORK=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

ROOST_PORT=${ROOST_PORT:-21883}
MOSQUITTO_PORT=${MOSQUITTO_PORT:-21884}
MOSQUITTO=${MOSQUITTO:-/usr/sbin/mosquitto}
ROOST_JAR=cli/target/roost.jar
BENCH_JAR=bench/target/roost-bench.jar

for tool in java jq "$MOSQUITTO"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "compare.sh: $tool not found" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/roost-compare.XXXXXX")
RESULTS="$WORK/results.jsonl"
COMMANDS="$WORK/commands.txt"
: > "$RESULTS"
: > "$COMMANDS"
if [[ -z "$OUT" ]]; then
  if [[ $QUICK == 1 ]]; then OUT="$WORK/BENCHMARKS.md"; KEEP_WORK=1; else OUT="docs/BENCHMARKS.md"; fi
fi

BROKER_PID=""
stop_broker() {
  if [[ -n "$BROKER_PID" ]]; then
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$BROKER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
    BROKER_PID=""
  fi
}
cleanup() {
  stop_broker
  if [[ $KEEP_WORK == 1 ]]; then echo "compare.sh: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- build what is missing -------------------------------------------------------------------------------------
if [[ ! -f "$ROOST_JAR" ]]; then
  echo "compare.sh: building $ROOST_JAR" >&2
  ./mvnw -q -DskipTests -pl cli -am package
fi
if [[ ! -f "$BENCH_JAR" ]]; then
  echo "compare.sh: building $BENCH_JAR" >&2
  ./mvnw -q -DskipTests -pl bench -am package
fi

# ---- brokers -----------------------------------------------------------------------------------------------------
cat > "$WORK/mosquitto.conf" <<EOF
listener $MOSQUITTO_PORT 127.0.0.1
allow_anonymous true
# room for the offline scenario's queues (the default, 1000, would drop messages)
max_queued_messages 1000000
persistence false
connection_messages false
log_type error
log_type warning
EOF

wait_for_port() { # port pid log
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then
      echo "compare.sh: the broker exited before listening on $1; its log:" >&2
      tail -20 "$3" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "compare.sh: nothing listens on port $1 after 30 s" >&2
  return 1
}

# The same queue room as Mosquitto's max_queued_messages below, so neither broker drops what the other would keep.
export ROOST_QUEUE_MAX_MESSAGES=${ROOST_QUEUE_MAX_MESSAGES:-1000000}
START_ROOST=$(echo "ROOST_QUEUE_MAX_MESSAGES=$ROOST_QUEUE_MAX_MESSAGES java ${ROOST_JAVA_OPTS:-} -jar $ROOST_JAR broker --port $ROOST_PORT --bind 127.0.0.1" \
  "--data-dir <fresh temp dir> ${ROOST_BROKER_ARGS:-}" | tr -s ' ' | sed 's/ $//')
START_MOSQUITTO="$MOSQUITTO -c mosquitto.conf"
RUN_NO=0
start_broker() { # roost|mosquitto
  RUN_NO=$((RUN_NO + 1))
  local log="$WORK/$1-$RUN_NO.log"
  if [[ $1 == roost ]]; then
    local data="$WORK/roost-data-$RUN_NO"
    # shellcheck disable=SC2086
    java ${ROOST_JAVA_OPTS:-} -jar "$ROOST_JAR" broker --port "$ROOST_PORT" --bind 127.0.0.1 --data-dir "$data" \
      ${ROOST_BROKER_ARGS:-} >"$log" 2>&1 &
    BROKER_PID=$!
    wait_for_port "$ROOST_PORT" "$BROKER_PID" "$log"
  else
    "$MOSQUITTO" -c "$WORK/mosquitto.conf" >"$log" 2>&1 &
    BROKER_PID=$!
    wait_for_port "$MOSQUITTO_PORT" "$BROKER_PID" "$log"
  fi
}

# ---- the standard set ----------------------------------------------------------------------------------------------
if [[ $QUICK == 1 ]]; then
  ROUNDS=1; D=2s; W=0.5s; PAIRS=2; FANOUT_SUBS=10; OFF_SUBS=10; OFF_MSGS=50; CLIENTS=100; SESSIONS=500
else
  D=10s; W=2s; PAIRS=4; FANOUT_SUBS=100; OFF_SUBS=100; OFF_MSGS=200; CLIENTS=400; SESSIONS=5000
fi
# Roost admits 1,000 new connections per second by default, so the sessions scenario paces its connects below that,
# for both brokers alike; the scenarios with persistent sessions keep them (the broker is restarted anyway).
declare -A ARGS=(
  [pairs-q0]="pairs --qos 0 --pairs $PAIRS --duration $D --warmup $W"
  [pairs-q0-closed]="pairs --qos 0 --pairs $PAIRS --max-ahead 16 --duration $D --warmup $W"
  [pairs-q1]="pairs --qos 1 --pairs $PAIRS --inflight 256 --duration $D --warmup $W"
  [fanout]="fanout --qos 0 --subscribers $FANOUT_SUBS --rate 1000 --duration $D --warmup $W"
  [offline]="offline --qos 1 --subscribers $OFF_SUBS --messages $OFF_MSGS --keep-sessions"
  [connect]="connect --clients $CLIENTS --concurrency 32 --keep-sessions"
  [sessions]="sessions --sessions $SESSIONS --connect-rate 900 --settle 2s --keep-sessions --broker-pid {PID}"
)
ORDER=(pairs-q0 pairs-q0-closed pairs-q1 fanout offline connect sessions)
if [[ -n "$ONLY" ]]; then
  IFS=, read -r -a ORDER <<< "$ONLY"
  for s in "${ORDER[@]}"; do [[ -n "${ARGS[$s]:-}" ]] || { echo "compare.sh: unknown scenario $s" >&2; exit 2; }; done
fi
COMMON="--version 5 --quiet --json --timeout 10s"

FAILED_RUNS=0
run_one() { # broker scenario round
  local broker=$1 scenario=$2 round=$3 port
  [[ $broker == roost ]] && port=$ROOST_PORT || port=$MOSQUITTO_PORT
  start_broker "$broker"
  local args=${ARGS[$scenario]//\{PID\}/$BROKER_PID}
  local cmd="java ${BENCH_JAVA_OPTS:-} -jar $BENCH_JAR $args --port $port $COMMON"
  cmd=${cmd//--broker-pid $BROKER_PID/--broker-pid <broker pid>}
  echo "$broker $scenario ${cmd//  / }" >> "$COMMANDS"
  echo "compare.sh: round $round $broker $scenario" >&2
  local line code=0
  # shellcheck disable=SC2086
  line=$(java ${BENCH_JAVA_OPTS:-} -jar "$BENCH_JAR" $args --port "$port" $COMMON 2>>"$WORK/bench-errors.log") || code=$?
  stop_broker
  if [[ $code == 0 || $code == 3 ]] && jq -e . >/dev/null 2>&1 <<< "$line"; then
    jq -c --arg b "$broker" --arg s "$scenario" --argjson r "$round" '. + {compare: {broker: $b, scenario: $s, round: $r}}' \
      <<< "$line" >> "$RESULTS"
  else
    FAILED_RUNS=$((FAILED_RUNS + 1))
    echo "compare.sh: $broker $scenario round $round failed (exit $code); see $WORK/bench-errors.log" >&2
    jq -nc --arg b "$broker" --arg s "$scenario" --argjson r "$round" --argjson c "$code" \
      '{failed: true, exit: $c, compare: {broker: $b, scenario: $s, round: $r}}' >> "$RESULTS"
  fi
}

STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for round in $(seq 1 "$ROUNDS"); do
  for scenario in "${ORDER[@]}"; do
    run_one roost "$scenario" "$round"
    run_one mosquitto "$scenario" "$round"
  done
done
FINISHED=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# ---- the report ----------------------------------------------------------------------------------------------------
median() { # scenario broker jq-path → median over the clean and unclean completed rounds, or "n/a"
  jq -rs --arg s "$1" --arg b "$2" "
    [.[] | select(.compare.scenario == \$s and .compare.broker == \$b and (.failed | not)) | $3 | select(. != null)]
    | sort | if length == 0 then \"n/a\" elif length % 2 == 1 then .[length / 2 | floor]
      else (.[length / 2 - 1] + .[length / 2]) / 2 end" "$RESULTS"
}
fmt() { # number → readable: integers grouped by thousands from 100 up, three decimals below
  if [[ $1 == n/a ]]; then echo "n/a"; else LC_ALL=C awk -v v="$1" 'BEGIN {
    a = v < 0 ? -v : v
    if (a < 100 && v != int(v)) { printf "%.3f", v; exit }
    s = sprintf("%.0f", a); out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    printf "%s%s%s", (v < 0 ? "-" : ""), s, out }'
  fi
}
ratio() { # a b → a/b
  if [[ $1 == n/a || $2 == n/a ]] || awk -v b="$2" 'BEGIN { exit !(b + 0 == 0) }'; then echo "n/a"
  else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}
meets() { # ratio target(">=x" or "<=x") → yes/no/""
  [[ -z $2 || $1 == n/a ]] && { echo ""; return; }
  local op=${2:0:2} v=${2:2}
  if awk -v r="$1" -v v="$v" -v op="$op" 'BEGIN { exit !((op == ">=" && r >= v) || (op == "<=" && r <= v)) }'
  then echo "yes"; else echo "**no**"; fi
}

# scenario | jq path | label | better | target (Roost/Mosquitto)
ROWS=(
  "pairs-q0|.metrics.delivered_per_s|delivered msg/s|higher|>=1.5"
  "pairs-q0|.latency_us.p50|latency p50 µs|lower|"
  "pairs-q0|.latency_us.p99|latency p99 µs|lower|<=1"
  "pairs-q0-closed|.metrics.delivered_per_s|delivered msg/s|higher|"
  "pairs-q0-closed|.latency_us.p50|latency p50 µs|lower|"
  "pairs-q0-closed|.latency_us.p99|latency p99 µs|lower|<=1"
  "pairs-q1|.metrics.delivered_per_s|delivered msg/s|higher|>=1"
  "pairs-q1|.latency_us.p99|latency p99 µs|lower|"
  "pairs-q1|.metrics.window|publisher window (broker's Receive Maximum)|info|"
  "fanout|.metrics.delivered_per_s|delivered msg/s|higher|"
  "fanout|.latency_us.p50|latency p50 µs|lower|"
  "fanout|.latency_us.p99|latency p99 µs|lower|"
  "offline|.metrics.published_per_s|published msg/s (to last PUBACK)|higher|"
  "offline|.metrics.drain_s|drain time s|lower|"
  "offline|.metrics.drained_per_s|drained msg/s|higher|>=2"
  "connect|.metrics.connects_per_s|connects/s|higher|"
  "connect|.metrics.resumes_per_s|resumes/s|higher|"
  "connect|.metrics.session_present_share|share with Session Present 1|higher|"
  "sessions|.metrics.bytes_per_session|broker memory per offline session, bytes|lower|<=0.5"
)

in_order() { local s; for s in "${ORDER[@]}"; do [[ $s == "$1" ]] && return 0; done; return 1; }

GIT_COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git status --porcelain 2>/dev/null) ]] && GIT_COMMIT="$GIT_COMMIT (with uncommitted changes)"
JAVA_VERSION=$(java -version 2>&1 | head -1)
MOSQUITTO_VERSION=$("$MOSQUITTO" -h 2>&1 | head -1 || true)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)
MEM=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

mkdir -p "$(dirname "$OUT")"
{
  echo "# Benchmarks: Roost and Mosquitto"
  echo
  echo "Written by \`bench/compare.sh\`$([[ $QUICK == 1 ]] && echo ' --quick (a smoke run: tiny sizes, not figures to quote)'); do not edit by hand."
  echo "Medians of $ROUNDS interleaved round(s); each run on a freshly started broker, both brokers on the same machine"
  echo "as the load generator. The ratio is Roost / Mosquitto; \"better\" says which way is better."
  echo "What durability costs (sync vs memory, fan-out, recovery, heap per offline session): [BENCHMARKS-DURABILITY.md](BENCHMARKS-DURABILITY.md)."
  echo
  echo "| scenario | figure | better | Roost | Mosquitto | ratio | target | met |"
  echo "|---|---|---|---:|---:|---:|---|---|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r scenario path label better target <<< "$row"
    in_order "$scenario" || continue
    r=$(median "$scenario" roost "$path")
    m=$(median "$scenario" mosquitto "$path")
    q=$(ratio "$r" "$m")
    t=""; [[ -n $target ]] && t="${target:0:2} ${target:2}×"
    t=${t//>=/≥}; t=${t//<=/≤}
    echo "| $scenario | $label | $better | $(fmt "$r") | $(fmt "$m") | $q | $t | $(meets "$q" "$target") |"
  done
  echo
  echo "## Correctness"
  echo
  echo "Summed over all rounds. Anything but zeros means the broker lost, duplicated or reordered messages (or, for"
  echo "connect and sessions, failed connects or lost sessions) in that scenario: its figures above do not count."
  echo
  echo "| scenario | broker | runs | unclean runs | failed runs | sent | lost | duplicated | out of order |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for scenario in "${ORDER[@]}"; do
    for broker in roost mosquitto; do
      jq -rs --arg s "$scenario" --arg b "$broker" '
        [.[] | select(.compare.scenario == $s and .compare.broker == $b)] as $all
        | [$all[] | select(.failed | not)] as $ok
        | "| \($s) | \($b) | \($all | length) | \([$ok[] | select(.ok | not)] | length) | \([$all[] | select(.failed)] | length) | \([$ok[].counters.sent] | add // 0) | \([$ok[].counters.lost] | add // 0) | \([$ok[].counters.duplicated] | add // 0) | \([$ok[].counters.out_of_order] | add // 0) |"' "$RESULTS"
    done
  done
  notes=$(jq -rs '[.[] | select(.failed | not) | .compare as $c | .notes[]? | "\($c.broker) \($c.scenario) round \($c.round): \(.)"] | unique | .[]' "$RESULTS")
  if [[ -n $notes ]]; then
    echo
    echo "Notes from the runs:"
    echo
    while IFS= read -r n; do echo "- $n"; done <<< "$notes"
  fi
  echo
  echo "## Machine and versions"
  echo
  echo "- date: $STARTED to $FINISHED (UTC)"
  echo "- machine: $(nproc) processors, $MEM memory, $CPU, Linux $(uname -r)"
  echo "- Java: $JAVA_VERSION"
  echo "- Mosquitto: $MOSQUITTO_VERSION"
  echo "- Roost: commit $GIT_COMMIT"
  echo
  echo "## Commands"
  echo
  echo "Brokers, started afresh before every run and stopped after it:"
  echo
  echo '```'
  echo "$START_ROOST"
  echo "$START_MOSQUITTO"
  echo '```'
  echo
  echo "mosquitto.conf:"
  echo
  echo '```'
  cat "$WORK/mosquitto.conf"
  echo '```'
  echo
  echo "Load, each scenario once per broker and round (the same for both brokers but the port):"
  echo
  echo '```'
  for scenario in "${ORDER[@]}"; do
    grep -m1 "^roost $scenario " "$COMMANDS" | sed "s/^roost $scenario /# $scenario\n/; s/--port [0-9]*/--port PORT/" || true
  done
  echo '```'
  echo
  echo "Notes on method: latency is publish-to-delivery measured in the load generator's own process (send time in the"
  echo "payload), recorded after the warm-up; open-loop QoS 0 latency mostly measures queueing in the broker, the"
  echo "closed-loop row (a publisher at most 16 messages ahead of its subscriber) is the one to read for latency. The"
  echo "publisher's QoS 1 window is the smaller of 256 and the broker's Receive Maximum (Mosquitto announces its"
  echo "max_inflight_messages, 20 by default). Memory per session is the growth of the broker's VmRSS over N sessions;"
  echo "for the JVM it includes heap growth. The load generator shares the $(nproc) processors with the broker."
  echo
  echo "<details><summary>Raw results (one JSON line per run)</summary>"
  echo
  echo '```'
  cat "$RESULTS"
  echo '```'
  echo
  echo "</details>"
} > "$OUT"

echo "compare.sh: wrote $OUT" >&2
if [[ $FAILED_RUNS -gt 0 ]]; then
  echo "compare.sh: $FAILED_RUNS run(s) failed" >&2
  exit 1
fi
