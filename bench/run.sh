#!/usr/bin/env bash
# jgrad benchmark run: numpy peer, JMH (jgrad on every usable backend, DJL-PyTorch with -Ppeers), report.
#   bench/run.sh            quick mode (about 5 min on 2 cores), with the DJL-PyTorch peers
#   bench/run.sh --full     every size and the annotations' iterations
#   PEERS=0 bench/run.sh    without DJL (numpy still runs when python3 + numpy exist)
#   SKIP_BUILD=1 bench/run.sh --quick   reuse bench/target/benchmarks.jar
# Writes bench/results/<date>-<machine>.md and its SVG charts; raw JSON stays in bench/target/bench-run/.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=()
if [[ "${PEERS:-1}" == 1 ]]; then
  profile=(-Ppeers)
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q install -DskipTests "${profile[@]}"
fi
cp=bench/target/benchmarks.jar
if [[ "${PEERS:-1}" == 1 && -d bench/target/peers-lib ]]; then
  cp="$cp:bench/target/peers-lib/*"
else
  set -- --no-peers "$@"
fi
exec java -cp "$cp" dev.jgrad.bench.Runner "$@"
