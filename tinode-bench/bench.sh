#!/usr/bin/env bash
# Runs a benchmark profile in one command: builds the launcher jar and the driver, then runs.
#
#   tinode-bench/bench.sh full                       # full profile on H2
#   tinode-bench/bench.sh full --db mariadb --runs 5 # on the local MariaDB, median of five runs
#   tinode-bench/bench.sh smoke                      # what CI runs, in seconds
#
# Results go to tinode-bench/target/bench-PROFILE-DB/results.{json,md}. Extra JVM options for the
# driver come from BENCH_JAVA_OPTS, e.g. BENCH_JAVA_OPTS=-Dtinodej.bench.jfr=/tmp/server.jfr records
# a JFR profile of the server; -Dtinodej.bench.s1sizes=3000 -Dtinodej.bench.s1idle=1000 narrows S1
# (sizes of the warm runs, idle milliseconds) for a profile of session setup; -Dtinodej.bench.probes=false
# skips the calibration probes (A/B series of one scenario); -Dtinodej.bench.s1client=jdk opens S1's
# sessions with the JDK WebSocket client instead of the driver's NIO client (A/B of the driver).
# -Dtinodej.bench.push=tnpg runs the server with its TNPG push adapter pointed at a stub in the driver
# and every session registering a device (S2 with push on).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-full}
shift || true
db=h2
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ ${args[$i]} == --db ]] && db=${args[$((i + 1))]}
done
mvn -q -DskipTests install -pl tinode-bench -am
mvn -q -pl tinode-bench dependency:build-classpath -Dmdep.outputFile=target/bench.cp
out=tinode-bench/target/bench-$profile-$db
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:-} -cp "tinode-bench/target/classes:$(cat tinode-bench/target/bench.cp)" \
  io.github.tinodej.bench.BenchMain "$profile" tinode-examples/target/tinode.jar "$out" "${args[@]}"
