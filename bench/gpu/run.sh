#!/usr/bin/env bash
# Runs jgrad's CUDA suites and GPU benchmarks from the bundle that bench/gpu/bundle.sh built, on a
# machine with no JDK, no Maven and no network (see bench/gpu/README.md). From the repository root:
#
#   bash bench/gpu/run.sh            # GPU mode when nvidia-smi sees a GPU, else the dry run
#   bash bench/gpu/run.sh --dry-run  # what can run without a GPU: Diagnostics says why CUDA is
#                                    # unusable, the suites skip, the benchmarks say they skipped
#
# Phases (each guarded and time-limited; the summary is always written):
#   1. unpack the Java runtime to /tmp; 2. find libcublas.so.13 and put the libcublas.so.12 shim in
#   front of it; 3. dev.jgrad.cuda.Diagnostics; 4. the CUDA conformance + cross-backend suites
#   (package dev.jgrad.cuda) through dev.jgrad.gpubench.SuiteRunner; 5. GpuBench (TF32 off), then its
#   GEMM/MLP rows again with TF32 on (jgrad reads -Djgrad.cuda.tf32 once per process); 6. the PyTorch
#   eager peer torch_peer.py; 7. summarize.py: summary.md + results.json.
# Writes to $OUT (set by the device tool; default bench/out/gpu): run.log, diagnostics.txt,
# suites.json, results.json, summary.md.
# env: JGRAD_PROFILE=1 (also a per-kernel GPU time profile of the training steps: profile.txt),
#      JGRAD_BUNDLE (bundle folder), JGRAD_RUNTIME_DIR (where to unpack, default /tmp), T_SUITES/T_BENCH/T_TF32/T_TORCH
#      (phase time limits in seconds), T_TOTAL (no phase runs past it).
set -uo pipefail   # no -e: a failed phase is reported, the next one still runs

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUNDLE=${JGRAD_BUNDLE:-$ROOT/bench/gpu/bundle}
[ -d "$BUNDLE" ] && BUNDLE=$(cd "$BUNDLE" && pwd)   # absolute: the suites run from cuda-backend/
OUT=${OUT:-$ROOT/bench/out/gpu}
MODE=auto
for arg in "$@"; do
  case "$arg" in
    --dry-run) MODE=dry ;;
    --gpu) MODE=gpu ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
# Limits that keep one call well inside the device tool's 10 minutes (expected: far less).
T_SUITES=${T_SUITES:-210}
T_BENCH=${T_BENCH:-150}
T_TF32=${T_TF32:-60}
T_TORCH=${T_TORCH:-110}
# The whole run stops starting phases past this many seconds (the device tool allows 600 per call);
# each phase's limit is cut to what is left, keeping 20 s for the summary.
T_TOTAL=${T_TOTAL:-540}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jgrad-gpu.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

phase() { echo; echo "=== [$(date +%H:%M:%S) +${SECONDS}s] $*"; }

# limit N: N seconds, or less so that the run ends by T_TOTAL; 1 when nothing is left (the phase is
# stopped at once: `timeout 0` would mean no limit at all)
limit() {
  local left=$((T_TOTAL - 20 - SECONDS))
  if [ "$left" -ge "$1" ]; then echo "$1"; elif [ "$left" -gt 10 ]; then echo "$left"; else echo 1; fi
}

# A directory holding libcublas.so.13: the Python CUDA wheels first (torch's cuBLAS), then the
# dynamic linker's cache and the usual toolkit folders, then (GPU mode only) a search of /.
find_cublas13() {
  local d
  local f
  if command -v python3 >/dev/null; then
    for d in $(python3 -c 'import nvidia; print(" ".join(nvidia.__path__))' 2>/dev/null); do
      f=$(find "$d" -name 'libcublas.so.13' -print -quit 2>/dev/null)
      [ -n "$f" ] && { dirname "$f"; return; }
    done
  fi
  d=$(ldconfig -p 2>/dev/null | awk '/libcublas\.so\.13 /{print $NF; exit}')
  [ -n "$d" ] && { dirname "$d"; return; }
  for d in /usr/local/cuda*/lib64 /usr/local/cuda*/targets/x86_64-linux/lib /usr/lib/x86_64-linux-gnu /opt/*/lib; do
    [ -e "$d/libcublas.so.13" ] && { echo "$d"; return; }
  done
  if [ "$MODE" = gpu ]; then
    d=$(timeout 30 find / -xdev -name 'libcublas.so.13' -print -quit 2>/dev/null)
    [ -n "$d" ] && dirname "$d"
  fi
}

main() {
  echo "jgrad GPU run: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), bundle $BUNDLE"
  [ -f "$BUNDLE/runtime.tar.gz" ] && [ -d "$BUNDLE/lib" ] || {
    echo "run.sh: no bundle at $BUNDLE: build it here first with bash bench/gpu/bundle.sh"; return 4; }
  head -1 "$BUNDLE/MANIFEST.txt" 2>/dev/null

  if [ "$MODE" = auto ]; then
    if command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then MODE=gpu; else MODE=dry; fi
  fi
  echo "mode: $MODE"
  if [ "$MODE" = gpu ]; then
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem,power.limit \
        --format=csv 2>&1 | tee "$WORK/nvidia-smi.csv"
  else
    echo "dry run: no GPU benchmarks; CUDA's absence is explained by Diagnostics below" > "$WORK/nvidia-smi.csv"
  fi

  phase "1. Java runtime"
  local sum rt
  sum=$(cksum < "$BUNDLE/runtime.tar.gz" | cut -d' ' -f1)
  rt=${JGRAD_RUNTIME_DIR:-${TMPDIR:-/tmp}}/jgrad-runtime-$sum   # keyed by the archive: a new bundle, a new runtime
  if [ ! -x "$rt/runtime/bin/java" ]; then
    mkdir -p "$rt.part.$$" && tar -C "$rt.part.$$" -xzf "$BUNDLE/runtime.tar.gz" \
      && rm -rf "$rt" && mv "$rt.part.$$" "$rt" || { echo "run.sh: cannot unpack the runtime"; return 5; }
  fi
  JAVA=$(cd "$rt" && pwd)/runtime/bin/java   # absolute: the suites run from cuda-backend/
  "$JAVA" -version 2>&1 | head -1

  phase "2. cuBLAS 13 and the libcublas.so.12 shim"
  local blasdir
  blasdir=$(find_cublas13)
  if [ -n "$blasdir" ]; then
    echo "libcublas.so.13: $blasdir"
    export SHIM_TARGET=$blasdir/libcublas.so.13
    export LD_LIBRARY_PATH=$blasdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  else
    echo "libcublas.so.13: not found"
  fi
  if [ -f "$BUNDLE/shim/libcublas.so.12" ]; then
    export LD_LIBRARY_PATH=$BUNDLE/shim${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    echo "shim: $BUNDLE/shim/libcublas.so.12"
  else
    echo "shim: none in the bundle (needs a real libcublas.so.12)"
  fi
  echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"

  # As surefire runs them (-Xss1m: the root pom's jgrad.test.jvmArgs). JCuda extracts its JNI libraries
  # to java.io.tmpdir; the Vector API module is there for the CPU backend.
  JOPTS=(-Xss1m --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
         -Djava.io.tmpdir="$WORK" -cp "$BUNDLE/lib/*")
  if [ "$MODE" = gpu ]; then JOPTS=(-Xmx32g "${JOPTS[@]}"); else JOPTS=(-Xmx1g "${JOPTS[@]}"); fi

  phase "3. dev.jgrad.cuda.Diagnostics"
  timeout 45 "$JAVA" "${JOPTS[@]}" dev.jgrad.cuda.Diagnostics > "$OUT/diagnostics.txt" 2>&1
  local diag_rc=$?
  grep -v 'Using incubator modules' "$OUT/diagnostics.txt"
  [ $diag_rc -eq 0 ] || echo "Diagnostics exited with $diag_rc"
  local usable=no
  grep -q 'usable: *yes' "$OUT/diagnostics.txt" && usable=yes

  phase "4. CUDA conformance + cross-backend suites (dev.jgrad.cuda)"
  # from the module's folder, as surefire runs them: tests find their resources relative to it
  (cd "$ROOT/cuda-backend" && timeout "$(limit "$T_SUITES")" "$JAVA" -Dbasedir="$ROOT/cuda-backend" "${JOPTS[@]}" \
      dev.jgrad.gpubench.SuiteRunner --package dev.jgrad.cuda --json "$OUT/suites.json" --traces "$OUT/failures.txt") 2>&1 \
      | grep -v 'Using incubator modules'
  local suites_rc=${PIPESTATUS[0]}
  [ "$suites_rc" -eq 124 ] && echo "suites: stopped by their time limit"

  phase "5. GPU benchmarks (jgrad)"
  if [ "$MODE" = gpu ] && [ "$usable" = yes ]; then
    timeout "$(limit "$T_BENCH")" "$JAVA" "${JOPTS[@]}" dev.jgrad.gpubench.GpuBench --json "$WORK/bench-jgrad.json" 2>&1 \
        | grep -v 'Using incubator modules'
    [ "${PIPESTATUS[0]}" -eq 124 ] && echo "GpuBench: stopped by its time limit"
    timeout "$(limit "$T_TF32")" "$JAVA" -Djgrad.cuda.tf32=true "${JOPTS[@]}" dev.jgrad.gpubench.GpuBench \
        --sections gemm,mlp --dtypes F32 --json "$WORK/bench-jgrad-tf32.json" 2>&1 | grep -v 'Using incubator modules'
    [ "${PIPESTATUS[0]}" -eq 124 ] && echo "GpuBench (TF32): stopped by its time limit"
    if [ "${JGRAD_PROFILE:-0}" = 1 ]; then
      # where the MLP step's GPU time goes, per kernel, over its timed calls (KernelProfile, reset after the
      # warm-up; the events add a little time, so these timings are not results and the JSON is not summarised)
      echo "--- kernel profile of the MLP training step (TF32 on): $OUT/profile.txt"
      timeout "$(limit 90)" "$JAVA" -Djgrad.cuda.profile=true -Djgrad.cuda.tf32=true "${JOPTS[@]}" dev.jgrad.gpubench.GpuBench \
          --sections mlp --dtypes F32 --json "$WORK/profile-run.json" > "$OUT/profile.txt" 2>&1
      grep -A25 'kernel profile' "$OUT/profile.txt" | head -40
    fi
  else
    echo "GPU benchmarks skipped: $( [ "$MODE" = gpu ] && echo 'CUDA is unusable (see Diagnostics)' || echo 'dry run, no GPU')"
    # still start the benchmark main once: it must load from the bundle and say why it skips
    timeout 60 "$JAVA" "${JOPTS[@]}" dev.jgrad.gpubench.GpuBench --sections copy --json "$WORK/bench-jgrad.json" 2>&1 \
        | grep -v 'Using incubator modules'
  fi

  phase "6. PyTorch eager peer"
  if command -v python3 >/dev/null; then
    PYTHONUNBUFFERED=1 timeout "$(limit "$T_TORCH")" python3 "$ROOT/bench/gpu/torch_peer.py" --json "$WORK/bench-torch.json" \
        $( [ "$MODE" = gpu ] || echo --dry-run )
    [ $? -eq 124 ] && echo "torch_peer: stopped by its time limit"
  else
    echo "python3 not found: no PyTorch peer"
  fi

  phase "7. summary"
  local benches=()
  for f in "$WORK"/bench-*.json; do [ -f "$f" ] && benches+=("$f"); done
  if command -v python3 >/dev/null; then
    python3 "$ROOT/bench/gpu/summarize.py" --mode "$MODE" --diagnostics "$OUT/diagnostics.txt" \
        --suites "$OUT/suites.json" --gpu-info "$WORK/nvidia-smi.csv" --out-md "$OUT/summary.md" \
        --out-json "$OUT/results.json" "${benches[@]}" || echo "summarize.py failed"
  fi
  [ -f "$OUT/summary.md" ] && { echo; cat "$OUT/summary.md"; }

  echo
  if [ "$suites_rc" -ne 0 ]; then
    echo "run.sh: the suites did not pass (exit $suites_rc)"; return 1
  fi
  if [ "$MODE" = gpu ] && [ "$usable" != yes ]; then
    echo "run.sh: a GPU is present but jgrad cannot use it (see Diagnostics)"; return 3
  fi
  echo "run.sh: done in ${SECONDS}s ($MODE)"
  return 0
}

main 2>&1 | tee "$OUT/run.log"
exit "${PIPESTATUS[0]}"
