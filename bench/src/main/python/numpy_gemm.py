"""numpy/OpenBLAS GEMM peer for jgrad's QuickBench: prints 'n gflops' lines for float32 and float64.

Same method as the Java side: warm-up, then the median of repeated timed runs.
Usage: python3 numpy_gemm.py 256 512 1024
"""
import sys
import time

import numpy as np


def median_seconds(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [256, 512, 1024]
    rng = np.random.default_rng(0)
    for dtype in (np.float32, np.float64):
        for n in sizes:
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            for _ in range(3):
                a @ b
            repeats = max(5, int(2e9 / (2 * n ** 3)))
            sec = median_seconds(lambda: a @ b, min(repeats, 200))
            print(f"{np.dtype(dtype).name} {n} {2 * n ** 3 / sec / 1e9:.2f}", flush=True)


if __name__ == "__main__":
    main()
