# Shared by bench/durability.sh and bench/recovery.sh (sourced, not run): starting and stopping one broker process
# at a time by its PID, and formatting figures. Expects ROOT (the repository) and WORK (a temp dir) to be set, and
# `set -euo pipefail`. Only the process it started is ever signalled.

ROOST_JAR=${ROOST_JAR:-cli/target/roost.jar}
BENCH_JAR=${BENCH_JAR:-bench/target/roost-bench.jar}
BROKER_PID=""
BROKER_EXIT=""

need_tools() { # tool...
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || { echo "$SCRIPT: $t not found" >&2; exit 1; }
  done
}

need_jars() { # builds the jars once when missing (offline), as the task allows
  if [[ ! -f "$ROOST_JAR" || ! -f "$BENCH_JAR" ]]; then
    echo "$SCRIPT: building $ROOST_JAR and $BENCH_JAR" >&2
    ./mvnw -q -o -pl bench,cli -am install -DskipTests
  fi
}

port_is_open() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_broker LOG JAVA_OPTS BROKER_ARGS...: starts `java JAVA_OPTS -jar roost.jar broker BROKER_ARGS` in the
# background; BROKER_PID is its PID, START_NANOS the time just before. Fails when the port is taken already.
start_broker() {
  local log=$1 opts=$2
  shift 2
  if port_is_open "$PORT"; then
    echo "$SCRIPT: port $PORT is in use already (another broker?); set ROOST_PORT" >&2
    return 1
  fi
  START_NANOS=$(date +%s%N)
  # shellcheck disable=SC2086
  java $opts -jar "$ROOST_JAR" broker --port "$PORT" --bind 127.0.0.1 "$@" >"$log" 2>&1 &
  BROKER_PID=$!
  BROKER_EXIT=""
}

# wait_for_port LOG TIMEOUT_S: polls every 20 ms; READY_NANOS is when the port first accepted. Returns 1 when the
# broker exited first (BROKER_EXIT holds its exit code) or the time ran out.
wait_for_port() {
  local log=$1 deadline=$(( $(date +%s) + $2 ))
  while (( $(date +%s) < deadline )); do
    if port_is_open "$PORT"; then
      READY_NANOS=$(date +%s%N)
      return 0
    fi
    if ! kill -0 "$BROKER_PID" 2>/dev/null; then
      BROKER_EXIT=0
      wait "$BROKER_PID" || BROKER_EXIT=$?
      echo "$SCRIPT: the broker exited ($BROKER_EXIT) before listening on $PORT; the end of its log:" >&2
      tail -5 "$log" >&2
      BROKER_PID=""
      return 1
    fi
    sleep 0.02
  done
  echo "$SCRIPT: nothing listens on port $PORT after $2 s" >&2
  return 1
}

# stop_broker [TIMEOUT_S]: SIGTERM, wait up to TIMEOUT_S (default 30), then SIGKILL; BROKER_EXIT is its exit code
# (143 or 137 when it had to be killed by the signal's default action).
stop_broker() {
  local timeout=${1:-30} i
  if [[ -z "$BROKER_PID" ]]; then return 0; fi
  kill -TERM "$BROKER_PID" 2>/dev/null || true
  for (( i = 0; i < timeout * 10; i++ )); do
    kill -0 "$BROKER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$BROKER_PID" 2>/dev/null; then
    echo "$SCRIPT: broker $BROKER_PID did not stop within $timeout s; killing it" >&2
    kill -KILL "$BROKER_PID" 2>/dev/null || true
  fi
  BROKER_EXIT=0
  wait "$BROKER_PID" 2>/dev/null || BROKER_EXIT=$?
  BROKER_PID=""
}

# heap_used_bytes PID: a full GC (jcmd GC.run), then the used heap from jcmd GC.heap_info; "n/a" when unreadable.
heap_used_bytes() {
  jcmd "$1" GC.run >/dev/null 2>&1 || { echo "n/a"; return; }
  local kb
  kb=$(jcmd "$1" GC.heap_info 2>/dev/null | grep -m1 -oE 'used [0-9]+K' | grep -oE '[0-9]+' || true)
  if [[ -n "$kb" ]]; then echo $(( kb * 1024 )); else echo "n/a"; fi
}

rss_bytes() { # PID
  awk '/^VmRSS:/ { print $2 * 1024; found = 1 } END { if (!found) print "n/a" }' "/proc/$1/status" 2>/dev/null \
    || echo "n/a"
}

# median_of FILE JQ_FILTER JQ_PATH: median over the JSON lines selected by the filter, or "n/a".
median_of() {
  jq -rs "[.[] | select($2) | $3 | select(. != null)] | sort
    | if length == 0 then \"n/a\" elif length % 2 == 1 then .[length / 2 | floor]
      else (.[length / 2 - 1] + .[length / 2]) / 2 end" "$1"
}

fmt() { # number → integers grouped by thousands from 100 up, three decimals below
  if [[ $1 == n/a || -z $1 ]]; then echo "n/a"; else LC_ALL=C awk -v v="$1" 'BEGIN {
    a = v < 0 ? -v : v
    if (a < 100 && v != int(v)) { printf "%.3f", v; exit }
    s = sprintf("%.0f", a); out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    printf "%s%s%s", (v < 0 ? "-" : ""), s, out }'
  fi
}

ratio() { # a b → a/b with two decimals, or n/a
  if [[ $1 == n/a || $2 == n/a ]] || awk -v b="$2" 'BEGIN { exit !(b + 0 == 0) }'; then echo "n/a"
  else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}

calc() { # awk expression over numbers; n/a when any argument is n/a. calc 'a / b' a=1 b=2
  local expr=$1 v
  shift
  for v in "$@"; do [[ ${v#*=} == n/a || -z ${v#*=} ]] && { echo "n/a"; return; }; done
  local args=()
  for v in "$@"; do args+=(-v "$v"); done
  awk "${args[@]}" "BEGIN { printf \"%.3f\", $expr }"
}

red() { # text → red on a terminal, **bold** otherwise
  if [[ -t 1 && -z ${NO_COLOR:-} ]]; then printf '\033[1;31m%s\033[0m\n' "$1"; else printf '**%s**\n' "$1"; fi
}

machine_line() {
  local cpu mem
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)
  mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "$(nproc) processors, $mem memory, $cpu, Linux $(uname -r); $(java -version 2>&1 | head -1);" \
    "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
}
