"""numpy/OpenBLAS GEMM peer for jgrad's benchmarks.

Same method as the Java side: warm-up, then repeated timed batches, each repeating the product until it takes
at least --batch-seconds (default 2 ms, so tiny shapes are not lost in timer noise; dev.jgrad.bench.Runner passes
JMH's measurement-iteration time, so that both sides report the fastest mean over equally long stretches: a
2 ms batch of a 5 ms product is one call, and the best single call of a noisy machine beats any 200 ms mean);
GFLOP/s from the fastest batch, as the report uses JMH's fastest iteration; the JSON also has the median
("seconds").

Usage:
  python3 numpy_gemm.py 256 512 1024
      prints 'float32 256 gflops' lines (QuickBench reads these)
  python3 numpy_gemm.py --json out.json [--dtypes F32,F64] [--batch-seconds 0.2 --batches 5] 256 1024 ...
      writes JSON for dev.jgrad.bench.Report; shapes are MxKxN, with _At (A stored KxM, used through a
      transposed view) or _Bt (B stored NxK), as in dev.jgrad.bench.GemmShape; the JSON records
      OPENBLAS_NUM_THREADS (set it before starting python: OpenBLAS reads it at import)
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np

DTYPES = {"F32": np.float32, "F64": np.float64}


def parse_shape(text):
    """(m, k, n, trans_a, trans_b) from 'N', 'MxKxN', 'MxKxN_At' or 'MxKxN_Bt'."""
    ta, tb = text.endswith("_At"), text.endswith("_Bt")
    core = text[:-3] if (ta or tb) else text
    parts = [int(p) for p in core.lower().split("x")]
    if len(parts) == 1:
        parts = parts * 3
    m, k, n = parts
    return m, k, n, ta, tb


def batch_seconds(fn, batches, min_batch_seconds=2e-3):
    """Per-call seconds of each timed batch, sorted (fastest first)."""
    inner = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        if time.perf_counter() - t0 >= min_batch_seconds or inner >= 1 << 20:
            break
        inner *= 2
    times = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    times.sort()
    return times


def measure(dtype, shape, rng, batch_seconds_min, batches):
    m, k, n, ta, tb = parse_shape(shape)
    a = rng.standard_normal((k, m) if ta else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if tb else (k, n)).astype(dtype)
    if ta:
        a = a.T
    if tb:
        b = b.T
    for _ in range(3):
        a @ b
    flops = 2.0 * m * k * n
    if batches is None:
        batches = max(5, min(31, int(2e9 / flops)))
    times = batch_seconds(lambda: a @ b, batches, batch_seconds_min)
    return times[len(times) // 2], times[0], flops / times[0] / 1e9


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older numpy: no dict mode
        return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", help="write results as JSON to this file")
    ap.add_argument("--dtypes", default="F32,F64")
    ap.add_argument("--batch-seconds", type=float, default=2e-3,
                    help="shortest timed batch (the Runner passes JMH's measurement-iteration time)")
    ap.add_argument("--batches", type=int, help="timed batches per shape (default 5-31 by size)")
    ap.add_argument("shapes", nargs="*")
    args = ap.parse_args()
    shapes = args.shapes or ["256", "512", "1024"]
    rng = np.random.default_rng(0)
    results = []
    for dname in args.dtypes.split(","):
        dtype = DTYPES[dname]
        for shape in shapes:
            median, best, gflops = measure(dtype, shape, rng, args.batch_seconds, args.batches)
            results.append({"dtype": dname, "shape": shape, "seconds": median, "best_seconds": best,
                            "gflops": gflops})
            print(f"{np.dtype(dtype).name} {shape} {gflops:.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"peer": "numpy", "numpy": np.__version__, "blas": blas_name(),
                       "python": platform.python_version(),
                       "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                       "batch_seconds": args.batch_seconds,
                       "results": results}, f, indent=1)
        print(f"numpy results written to {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
