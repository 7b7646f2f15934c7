#!/usr/bin/env bash
# Runs one benchmark scenario of shared/benchmarks.md with Tsung (a driver nobody here wrote)
# against a tinodej (or Tinode) server: creates the accounts (tsung-setup.js), fills in the
# scenario template (tsung/*.xml), runs tsung pinned to core 1 and prints a summary
# (tsung-summary.js). Exits non-zero when tsung counted any error. See README.md in this folder.
#
#   loadtest/tsung-bench.sh S1|S2C|S2O|S3 [options]
#
# Options (defaults in brackets):
#   --host H [127.0.0.1] --port P [6060]   the server (a running one)
#   --start-server       start tinode-examples/target/tinode.jar pinned to core 0 on --port with a
#                        fresh data folder and loadtest/tsung-bench.conf; stopped at the end
#   --rate R [1000]      sessions arriving per second (S1; S2 receivers and closed-loop senders; S3 members)
#   S1:  --users N [1000]   --idle S [30]        sessions, seconds each stays idle after sub me
#   S2C/S2O: --pairs P [1000]  --duration S [30] seconds each sender publishes (at most 40: the
#                        server pings every 49.5 s and tsung 1.7 would take a ping for a pub's ack)
#   S2O: --rates LIST [760,1520,2280]   offered msgs/s in all, one tsung run per rate
#   S3:  --members M [1000]  --messages K [100]  --spacing S [0.2]   seconds between messages
#   --cpu C [1]          core for tsung and the setup; --logdir DIR [loadtest/tsung-logs]
#   --keep-accounts DIR  reuse the CSV files in DIR instead of creating accounts (same server)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SCEN=${1:?usage: $0 S1|S2C|S2O|S3 [options]}; shift
HOST=127.0.0.1 PORT=6060 START=0 RATE=1000 USERS=1000 IDLE=30 PAIRS=1000 DURATION=30
RATES=760,1520,2280 MEMBERS=1000 MESSAGES=100 SPACING=0.2 CPU=1 LOGDIR=$HERE/tsung-logs KEEP=
while [ $# -gt 0 ]; do
  case $1 in
    --host) HOST=$2;; --port) PORT=$2;; --rate) RATE=$2;; --users) USERS=$2;; --idle) IDLE=$2;;
    --pairs) PAIRS=$2;; --duration) DURATION=$2;; --rates) RATES=$2;; --members) MEMBERS=$2;;
    --messages) MESSAGES=$2;; --spacing) SPACING=$2;; --cpu) CPU=$2;; --logdir) LOGDIR=$2;;
    --keep-accounts) KEEP=$2;;
    --start-server) START=1; shift; continue;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
  shift 2
done
case $SCEN in S1|S2C|S2O|S3) ;; *) echo "scenario must be S1, S2C, S2O or S3" >&2; exit 2;; esac

DTD=/usr/share/tsung/tsung-1.0.dtd
[ -f "$DTD" ] || DTD=/usr/local/share/tsung/tsung-1.0.dtd
command -v tsung >/dev/null || { echo "tsung not installed (apt-get install -y tsung)" >&2; exit 2; }
APIKEY=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K
CONTENT=$(printf 'x%.0s' $(seq 100))   # 100-byte message, as in the bench's S2
mkdir -p "$LOGDIR"; LOGDIR=$(cd "$LOGDIR" && pwd)
WORK=$(mktemp -d /tmp/tinodej-tsung-bench.XXXXXX)
SERVER_PID= RUNDIR= SAMPLER=
cleanup() {
  if [ -n "$SAMPLER" ]; then kill "$SAMPLER" 2>/dev/null || true; fi
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
pin() { if command -v taskset >/dev/null; then taskset -c "$CPU" "$@"; else "$@"; fi; }
ceil() { awk -v x="$1" 'BEGIN { c = int(x); if (c < x) c++; print c }'; }

if [ "$START" = 1 ]; then
  JAR=$ROOT/tinode-examples/target/tinode.jar
  [ -f "$JAR" ] || { echo "build first: mvn -q -pl tinode-examples -am package -DskipTests" >&2; exit 2; }
  mkdir -p "$WORK/data"
  taskset -c 0 java -jar "$JAR" --listen "$HOST:$PORT" --data "$WORK/data" \
    --config "$HERE/tsung-bench.conf" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 120); do curl -sf "http://$HOST:$PORT/debug/vars" >/dev/null && break; sleep 0.5; done
  curl -sf "http://$HOST:$PORT/debug/vars" >/dev/null || { cat "$WORK/server.log" >&2; echo "server did not start" >&2; exit 1; }
  echo "server started (pid $SERVER_PID, core 0); its log is copied beside each run's tsung logs"
fi

[ -d "$HERE/node_modules/ws" ] || (cd "$HERE" && npm install --no-audit --no-fund --silent)
URL=ws://$HOST:$PORT
CSV=${KEEP:-$WORK}
setup() { [ -n "$KEEP" ] || pin node "$HERE/tsung-setup.js" "$@" --url "$URL" --out "$CSV"; }
stored() { node "$HERE/tsung-setup.js" count --topics "$1" --url "$URL" | sed -n 's/^messages stored: //p'; }
vars() { curl -sf "http://$HOST:$PORT/debug/vars" || echo '{}'; }

# Fills in a template; every @NAME@ left over is an error.
fill() {
  local tpl=$1 out=$2; shift 2
  local args=(-e "s#@DTD@#$DTD#g" -e "s#@HOST@#$HOST#g" -e "s#@PORT@#$PORT#g" -e "s#@DIR@#$CSV#g"
              -e "s#@APIKEY@#$APIKEY#g" -e "s#@CONTENT@#$CONTENT#g" -e "s#@MAXUSERS@#60000#g")
  for kv in "$@"; do args+=(-e "s#@${kv%%=*}@#${kv#*=}#g"); done
  sed "${args[@]}" "$tpl" > "$out"
  if grep -o '@[A-Z_]*@' "$out" | head -1 | grep -q .; then echo "unfilled: $(grep -o '@[A-Z_]*@' "$out" | sort -u)" >&2; exit 2; fi
}

# Idle for $1 seconds, as a keepalive loop: KA_N notes, KA_S seconds apart (< 55 s).
keepalive() { local n; n=$(ceil "$(awk -v s="$1" 'BEGIN { print s / 25 }')"); [ "$n" -ge 1 ] || n=1
  echo "KA_N=$n" "KA_S=$(awk -v s="$1" -v n="$n" 'BEGIN { printf "%.3f", s / n }')"; }

# Runs tsung on $1 and summarises; the summary's exit status is the run's.
run() {
  local xml=$1 name=$2; shift 2
  local before after start status=0
  # tsung names its folder by the minute: each run gets a parent of its own.
  local parent; parent=$LOGDIR/$(date +%Y%m%d-%H%M%S)-$name; mkdir -p "$parent"
  before=$(vars); start=$(date +%s)
  pin tsung -n -f "$xml" -l "$parent" start > "$WORK/tsung.out" 2>&1 || { cat "$WORK/tsung.out" >&2; status=1; }
  local wall=$(( $(date +%s) - start ))
  after=$(vars)
  RUNDIR=$(ls -d "$parent"/*/ | head -1); RUNDIR=${RUNDIR%/}
  local dir=$RUNDIR
  cp "$xml" "$dir/$name.xml"
  if [ -f "$WORK/server.log" ]; then
    cp "$WORK/server.log" "$dir/server.log"
    # A client too slow to read its frames is disconnected by the server (tsung sees no error
    # while that session thinks): every such line is a lost session.
    local slow; slow=$(grep -c 'outbound queue over limit' "$WORK/server.log" || true)
    if [ "${slow:-0}" -gt 0 ]; then echo "ERROR server disconnected $slow slow clients (server.log)"; status=1; fi
  fi
  env "$@" VARS_BEFORE="$before" VARS_AFTER="$after" WALL_S="$wall" \
    node "$HERE/tsung-summary.js" "$dir" "$SCEN" | tee "$dir/summary.txt" || status=1
  echo "tsung logs: $dir (summary.txt; run /usr/lib/x86_64-linux-gnu/tsung/bin/tsung_stats.pl there for graphs)"
  return $status
}

fail=0
case $SCEN in
S1)
  setup s1 --users "$USERS"
  # Arrival phases get 5 s beyond users/rate: maxnumber caps the users, and a tsung that falls
  # behind its arrival rate (its one core busy) must still start every one of them.
  arrival=$(( $(ceil "$(awk -v n="$USERS" -v r="$RATE" 'BEGIN { print n / r }')") + 5 ))
  fill "$HERE/tsung/s1.xml" "$WORK/s1.xml" USERS="$USERS" RATE="$RATE" ARRIVAL_S="$arrival" $(keepalive "$IDLE")
  if [ -n "$SERVER_PID" ]; then
    # The server's resident memory before and with every session idle (RSS, garbage included).
    rss() { awk '/VmRSS/ { print $2 }' "/proc/$SERVER_PID/status"; }
    rss_before=$(rss)
    (sleep $(( arrival + 5 + IDLE / 2 )); echo "$(rss)" > "$WORK/rss_idle") &
    SAMPLER=$!
  fi
  run "$WORK/s1.xml" s1 USERS="$USERS" RATE_OFFERED="$RATE" EXPECTED_SESSIONS="$USERS" || fail=1
  if [ -n "$SERVER_PID" ] && [ -s "$WORK/rss_idle" ]; then
    echo "server RSS: $rss_before KiB before, $(cat "$WORK/rss_idle") KiB with the sessions idle:" \
      "$(( ($(cat "$WORK/rss_idle") - rss_before) / USERS )) KiB per session (RSS, not live heap)"
  fi
  ;;
S2C|S2O)
  if [ "$(awk -v d="$DURATION" 'BEGIN { print (d > 40) }')" = 1 ]; then
    echo "--duration at most 40 s: the server pings every 49.5 s, and tsung 1.7 takes the ping for the ack" >&2; exit 2
  fi
  setup s2 --pairs "$PAIRS"
  arrival=$(( $(ceil "$(awk -v n="$PAIRS" -v r="$RATE" 'BEGIN { print n / r }')") + 5 ))
  if [ "$SCEN" = S2C ]; then list=closed; else list=${RATES//,/ }; fi
  for rate in $list; do
    if [ "$rate" = closed ]; then
      think=; srate=$RATE; tt=; label=closed
    else
      # Each sender publishes every PAIRS/rate s; senders arrive at the same rate, spread over one period.
      think=$(awk -v p="$PAIRS" -v r="$rate" 'BEGIN { printf "%.3f", p / r }')
      # The wait before the next pub is what is left of the period after the ack (fixed schedule).
      srate=$rate; label=$rate
      tt="<setdynvars sourcetype=\"eval\" code=\"fun({_, D}) -> {ok, N} = ts_dynvars:lookup(next, D), Next = N + $(awk -v t="$think" 'BEGIN { print int(t * 1000 + 0.5) }'), W = max(0, Next - erlang:system_time(millisecond)), [lists:flatten(io_lib:format(\&quot;~.3f\&quot;, [W / 1000])), Next] end.\"><var name=\"wait\"/><var name=\"next\"/></setdynvars><thinktime value=\"%%_wait%%\"/>"
    fi
    sarrival=$(( $(ceil "$(awk -v n="$PAIRS" -v r="$srate" 'BEGIN { print n / r }')") + 5 ))
    # The first receiver waits for all receivers, all senders and their pubs.
    idle=$(( arrival + sarrival + DURATION + 15 ))
    b=$(stored "$CSV/s2-senders.csv")
    fill "$HERE/tsung/s2.xml" "$WORK/s2-$label.xml" PAIRS="$PAIRS" RATE="$RATE" ARRIVAL_S="$arrival" \
      SENDER_RATE="$srate" SENDER_ARRIVAL_S="$sarrival" PUB_S="$DURATION" PUB_MS="$(awk -v d="$DURATION" 'BEGIN { print int(d * 1000) }')" \
      THINK="${think:-none}" THINKTIME="$tt" $(keepalive "$idle")
    echo "== S2 $label: $PAIRS pairs, senders publish for $DURATION s${think:+, thinktime $think s}"
    if ! run "$WORK/s2-$label.xml" "s2-$label" PAIRS="$PAIRS" PUB_S="$DURATION" THINK_S="$think" PERIOD_MS="${think:+$(awk -v t="$think" 'BEGIN { print int(t * 1000 + 0.5) }')}" \
        RATE_OFFERED="$rate" EXPECTED_SESSIONS=$(( 2 * PAIRS )); then fail=1; fi
    a=$(stored "$CSV/s2-senders.csv")
    echo "server: messages stored during the run: $(( a - b ))"
    acked=$(grep -o 'pubs acknowledged (202): [0-9]*' "$RUNDIR/summary.txt" | grep -o '[0-9]*$' || echo 0)
    if [ "$(( a - b ))" -lt "${acked:-0}" ]; then echo "ERROR stored $(( a - b )) < acknowledged $acked"; fail=1; fi
  done
  ;;
S3)
  send_s=$(awk -v k="$MESSAGES" -v s="$SPACING" 'BEGIN { print k * s }')
  if [ "$(awk -v d="$send_s" 'BEGIN { print (d > 40) }')" = 1 ]; then
    echo "--messages x --spacing at most 40 s: the server pings every 49.5 s and tsung 1.7 takes the ping for the ack" >&2; exit 2
  fi
  setup s3 --members "$MEMBERS"
  arrival=$(( $(ceil "$(awk -v n="$MEMBERS" -v r="$RATE" 'BEGIN { print n / r }')") + 5 ))
  idle=$(ceil "$(awk -v a="$arrival" -v d="$send_s" 'BEGIN { print a + d + 15 }')")
  b=$(stored "$CSV/s3-sender.csv")
  fill "$HERE/tsung/s3.xml" "$WORK/s3.xml" MEMBERS="$MEMBERS" RATE="$RATE" ARRIVAL_S="$arrival" \
    MESSAGES="$MESSAGES" SPACING_S="$SPACING" $(keepalive "$idle") \
    THINKTIME="$(awk -v s="$SPACING" 'BEGIN { if (s > 0) printf "<thinktime value=\"%s\" random=\"false\"/>", s }')"
  run "$WORK/s3.xml" s3 MEMBERS="$MEMBERS" MESSAGES="$MESSAGES" SPACING_S="$SPACING" \
    EXPECTED_SESSIONS=$(( MEMBERS + 1 )) || fail=1
  a=$(stored "$CSV/s3-sender.csv")
  echo "server: messages stored during the run: $(( a - b ))"
  acked=$(grep -o 'messages acknowledged: [0-9]*' "$RUNDIR/summary.txt" | grep -o '[0-9]*$' || echo 0)
  if [ "$(( a - b ))" -lt "${acked:-0}" ]; then echo "ERROR stored $(( a - b )) < acknowledged $acked"; fail=1; fi
  ;;
esac
[ "$fail" = 0 ] || { echo "tsung-bench $SCEN: FAILED" >&2; exit 1; }
