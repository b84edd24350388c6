#!/usr/bin/env bash
# Benchmarks Stockroom against the floor of its own database, on loopback:
#   bench/run.sh [sqlite|postgres|both]        (default: sqlite)
# Builds the jar, starts it as a separate process, drives it with wrk (installed if missing),
# and writes bench/results/DATE-DB.md and .csv.
# It takes a few minutes per database and never runs in CI.
# BENCH_SECTIONS=footprint,bulk,ledger,search,admin,salable,concurrency,operations,async (default:
# all) runs only those, writing to bench/work/; footprint starts ./stockroom itself (SQLite only).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/java-env
if ! command -v wrk > /dev/null; then
  # The load generator: Debian's package.
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    apt-get install -y -q wrk > /dev/null
  else
    echo "bench/run.sh needs wrk: sudo apt-get install wrk" >&2
    exit 1
  fi
fi
./mvnw -q -B package -DskipTests -Dspotless.check.skip=true
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test -Dspotless.check.skip=true
exec java --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.stockroom.bench.Benchmark "${1:-sqlite}"
