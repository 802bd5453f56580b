#!/usr/bin/env bash
# Alternating rounds of jgrad's CPU GEMM (JMH MatmulBench) and numpy/OpenBLAS on one square size: the ratio of
# each round and their median. Why: on a shared VM the speed of both drifts by ±10% within minutes, so one run of
# bench/run.sh (jgrad first, numpy minutes apart) gives one noisy ratio; rounds taken back to back, each pair
# seconds apart, show the ratio's spread and a median that a drift cannot fake.
#   bench/gemm-rounds.sh                 10 rounds of 1024³, F32 and F64
#   ROUNDS=5 SHAPE=256 bench/gemm-rounds.sh
# Each round: JMH (quick settings: 5 × 500 ms warm-up, fastest of 5 × 200 ms iterations) in a fresh JVM, then numpy
# (fastest of 5 batches of ≥ 200 ms), the same statistic on both sides. Needs bench/target/benchmarks.jar
# (bench/run.sh builds it; SKIP_BUILD=1 reuses it) and python3 with numpy.
# Writes bench/target/gemm-rounds/<shape>/round-N-{jmh,numpy}.json and prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-10}
shape=${SHAPE:-1024}
dtypes=${DTYPES:-F32,F64}
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q install -DskipTests
fi
jar=bench/target/benchmarks.jar
out=bench/target/gemm-rounds/$shape
rm -rf "$out"
mkdir -p "$out"
for ((r = 1; r <= rounds; r++)); do
  echo "round $r of $rounds" >&2
  java -cp "$jar" org.openjdk.jmh.Main 'dev.jgrad.bench.jmh.MatmulBench.matmul$' -p backend=cpu -p dtype="$dtypes" \
    -p shape="$shape" -f 1 -wi 5 -w 500ms -i 5 -r 200ms -rf json -rff "$out/round-$r-jmh.json" > "$out/round-$r-jmh.log" 2>&1
  python3 bench/src/main/python/numpy_gemm.py --json "$out/round-$r-numpy.json" --dtypes "$dtypes" \
    --batch-seconds 0.2 --batches 5 "$shape" > "$out/round-$r-numpy.log" 2>&1
done
python3 - "$out" "$rounds" "$shape" <<'PY'
import json, statistics, sys
out, rounds, shape = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
flops = 2.0 * shape ** 3
unit = {"us/op": 1e-6, "ms/op": 1e-3, "ns/op": 1e-9, "s/op": 1.0}
rows = {}
for r in range(1, rounds + 1):
    jmh = json.load(open(f"{out}/round-{r}-jmh.json"))
    peer = json.load(open(f"{out}/round-{r}-numpy.json"))["results"]
    for b in jmh:
        dt = b["params"]["dtype"]
        m = b["primaryMetric"]
        best = min(x for it in m["rawData"] for x in it) * unit[m["scoreUnit"]]
        np_best = next(p["best_seconds"] for p in peer if p["dtype"] == dt and int(p["shape"]) == shape)
        rows.setdefault(dt, []).append((flops / best / 1e9, flops / np_best / 1e9))
print(f"| {shape}³, {rounds} rounds | jgrad GFLOP/s (median, range) | numpy GFLOP/s | ratio per round | median ratio |")
print("|---|---|---|---|---|")
for dt, rs in rows.items():
    ratios = [j / n for j, n in rs]
    js, ns = [j for j, _ in rs], [n for _, n in rs]
    print(f"| {dt} | {statistics.median(js):.0f} ({min(js):.0f}–{max(js):.0f}) | {statistics.median(ns):.0f} "
          f"({min(ns):.0f}–{max(ns):.0f}) | {', '.join(f'{x:.2f}' for x in ratios)} | **{statistics.median(ratios):.2f}×** |")
PY
