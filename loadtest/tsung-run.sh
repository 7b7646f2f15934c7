#!/usr/bin/env bash
# Runs Tinode's own Tsung scenario (loadtest/tsung.xml of a tinode/chat checkout) against a running
# tinodej server. See README.md in this folder.
#
#   loadtest/tsung-run.sh /path/to/tinode-chat/loadtest/tsung.xml
#
# Environment (defaults in brackets):
#   HOST [127.0.0.1] PORT [6060]   the server
#   RATE [50]        new sessions per second (Tinode's file: 50)
#   ARRIVAL [60]     seconds during which sessions arrive (Tinode's file: 120)
#   DURATION [120]   hard stop of the whole run in seconds (sessions otherwise run for hours)
#   MAXUSERS [10000] cap on sessions
#   LOGDIR [loadtest/tsung-logs]   tsung creates a YYYYMMDD-HHMM folder in it
#   TSUNG_OPTS []    extra tsung options, e.g. "-s" for SMP
set -euo pipefail

XML=${1:?usage: $0 /path/to/tinode/loadtest/tsung.xml}
XML=$(realpath "$XML")
HERE=$(cd "$(dirname "$0")" && pwd)
HOST=${HOST:-127.0.0.1} PORT=${PORT:-6060}
TSUNG_OPTS=${TSUNG_OPTS:-} RATE=${RATE:-50} ARRIVAL=${ARRIVAL:-60} DURATION=${DURATION:-120} MAXUSERS=${MAXUSERS:-10000}
LOGDIR=$(mkdir -p "${LOGDIR:-$HERE/tsung-logs}" && cd "${LOGDIR:-$HERE/tsung-logs}" && pwd)
TSUNG_BIN=/usr/lib/x86_64-linux-gnu/tsung/bin
[ -d "$TSUNG_BIN" ] || TSUNG_BIN=$(dirname "$(dpkg -L tsung | grep -m1 '/tsung_stats.pl$')")
DTD=/usr/share/tsung/tsung-1.0.dtd
[ -f "$DTD" ] || DTD=/usr/local/share/tsung/tsung-1.0.dtd

# The scenario calls helper functions from Tinode's module `tinode` (tinode.beam next to tsung.xml).
WORK=$(mktemp -d /tmp/tinodej-tsung.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SRC=$(dirname "$XML")
if [ -f "$SRC/tinode.erl" ] && command -v erlc >/dev/null; then
  erlc -o "$WORK" "$SRC/tinode.erl" 2>/dev/null
elif [ -f "$SRC/tinode.beam" ]; then
  cp "$SRC/tinode.beam" "$WORK/"
else
  echo "neither tinode.erl nor tinode.beam next to $XML" >&2; exit 1
fi

# Accounts alice..frank and their topics, created over the protocol when missing.
[ -d "$HERE/node_modules/ws" ] || (cd "$HERE" && npm install --no-audit --no-fund --silent)
before=$(node "$HERE/setup-accounts.js" "ws://$HOST:$PORT" | tee /dev/stderr | sed -n 's/^messages stored: //p')
vars() { curl -sf "http://$HOST:$PORT/debug/vars" || echo '{}'; }
vars_before=$(vars)

# Temporary copy of the scenario: local DTD, our server, a bounded run, per-request samples for
# percentiles, and an API version the server accepts ({hi} with "ver":"0.15" gets 505 from
# Tinode >= 0.20 and from tinodej, and every later {login} then gets 409 and aborts the session).
sed -E \
  -e "s#SYSTEM \"[^\"]*tsung-1.0.dtd\"#SYSTEM \"$DTD\"#" \
  -e "s#<tsung #<tsung backend=\"fullstats\" #" \
  -e "s#<server host=\"[^\"]*\" port=\"[0-9]+\"#<server host=\"$HOST\" port=\"$PORT\"#" \
  -e "s#<load>#<load duration=\"$DURATION\" unit=\"second\">#" \
  -e "s#(<arrivalphase [^>]*)duration=\"[0-9]+\" unit=\"[a-z]+\"#\1duration=\"$ARRIVAL\" unit=\"second\"#" \
  -e "s#arrivalrate=\"[0-9.]+\" unit=\"[a-z]+\"#arrivalrate=\"$RATE\" unit=\"second\"#" \
  -e "s#(maxusers|maxnumber)=\"[0-9]+\"#\1=\"$MAXUSERS\"#g" \
  -e 's#"ver":"0\.1[0-9]"#"ver":"0.25"#' \
  "$XML" > "$WORK/tsung.xml"

start=$(date +%s)
# shellcheck disable=SC2086
tsung -n $TSUNG_OPTS -X "$WORK" -f "$WORK/tsung.xml" -l "$LOGDIR" start
secs=$(( $(date +%s) - start ))
RUN=$(ls -dt "$LOGDIR"/*/ | head -1); RUN=${RUN%/}

after=$(node "$HERE/setup-accounts.js" "ws://$HOST:$PORT" | sed -n 's/^messages stored: //p')
vars_after=$(vars)

# Report: tsung's own HTML/text report, percentiles, and a short summary.
(cd "$RUN" && perl "$TSUNG_BIN/tsung_stats.pl" >/dev/null 2>&1 || echo "tsung_stats.pl failed" >&2)
(cd "$RUN" && perl "$TSUNG_BIN/tsung_percentile.pl" --percentiles 50 --percentiles 95 --percentiles 99 \
  > percentiles.txt 2>&1 || true)
{
  echo "== tsung totals (times in ms, whole run; error_* and nomatch/match_stop count failures)"
  awk '$1=="stats:" && NF==9 {m[$2]=$8; n[$2]=$9; x[$2]=$6}
       $1=="stats:" && NF==4 {c[$2]=$4}
       END {for (k in n) printf "%-16s count %-8d mean %-9.2f max %.2f\n", k, n[k], m[k], x[k];
            for (k in c) printf "%-16s %d\n", k, c[k]}' "$RUN/tsung.log" | sort
  echo "== percentiles (ms)"; grep -E '^(Read : [0-9]|Percentile)' "$RUN/percentiles.txt" || true
  echo "== server"
  echo "messages published (stored): $(( after - before )) in ${secs}s = $(( (after - before) / (secs > 0 ? secs : 1) ))/s"
  node -e 'const [a,b,s]=[JSON.parse(process.argv[1]),JSON.parse(process.argv[2]),+process.argv[3]];
    for (const k of ["IncomingMessagesWebsockTotal","OutgoingMessagesWebsockTotal","TotalSessions"])
      if (k in b) console.log(`${k}: +${b[k]-(a[k]||0)} (${((b[k]-(a[k]||0))/s).toFixed(0)}/s)`);' \
    "$vars_before" "$vars_after" "$secs"
} | tee "$RUN/summary.txt"
echo "report: $RUN/report.html  graphs: $RUN/graph.html  summary: $RUN/summary.txt"
