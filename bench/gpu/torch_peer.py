#!/usr/bin/env python3
"""PyTorch eager peer of jgrad's GPU benchmarks (dev.jgrad.gpubench.GpuBench), run by run.sh on the
same GPU right after them: the same operations, shapes, dtypes and timing method, written as rows of
the same JSON format, so summarize.py can put each jgrad row beside its torch row.

Timing (identical constants to Timing.java): warm up for at least 3 calls and 0.1 s, then samples of
`reps` back-to-back calls between two torch.cuda.synchronize() calls, reps chosen so a sample lasts
about 5 ms; the median time per call over 5..50 samples within a 0.4 s budget.

usage: torch_peer.py --json FILE [--dry-run] [--smoke] [--budget SECONDS]
"""
import argparse
import json
import math
import sys
import time

WARMUP_CALLS = 3
WARMUP_SECONDS = 0.1
SAMPLE_SECONDS = 0.005
MIN_SAMPLES = 5
MAX_SAMPLES = 50
SAMPLED = 16          # GEMM entries recomputed in F64, as GemmBench.SAMPLED

FULL = dict(elements=1 << 26, rows=8192, cols=8192, gemm=[1024, 2048, 4096, 8192],
            mlp=(4096, 1024, 4096, 10), net=(64, 1000, 100, 10))
SMOKE = dict(elements=1 << 12, rows=64, cols=128, gemm=[32, 64], mlp=(16, 32, 64, 10), net=(64, 1000, 100, 10))


def measure(op, sync, budget, clock=time.perf_counter):
    """Median milliseconds per call, as Timing.measure."""
    sync()
    start = clock()
    calls, last = 0, 0.0
    while calls < WARMUP_CALLS or clock() - start < WARMUP_SECONDS:
        t0 = clock()
        op()
        sync()
        last = clock() - t0
        calls += 1
    per_call = max(last, 1e-9)
    reps = max(1, math.ceil(SAMPLE_SECONDS / per_call))
    samples = int(max(MIN_SAMPLES, min(MAX_SAMPLES, budget / (reps * per_call))))
    ms = []
    for _ in range(samples):
        sync()
        t0 = clock()
        for _ in range(reps):
            op()
        sync()
        ms.append((clock() - t0) * 1e3 / reps)
    ms.sort()
    n = len(ms)
    median = ms[n // 2] if n % 2 else (ms[n // 2 - 1] + ms[n // 2]) / 2
    return dict(median_ms=median, min_ms=ms[0], max_ms=ms[-1], samples=n, reps=reps)


def row(section, name, dtype, shape, tf32, stats=None, nbytes=0, flops=0.0, check=None, check_note=None, error=None):
    med = stats["median_ms"] if stats else None
    r = dict(impl="torch", section=section, name=name, dtype=dtype, shape=shape, tf32=tf32,
             median_ms=med, min_ms=stats and stats["min_ms"], max_ms=stats and stats["max_ms"],
             samples=stats and stats["samples"], reps=stats and stats["reps"], bytes=nbytes, flops=flops,
             gbps=nbytes / (med * 1e6) if med and nbytes else None,
             tflops=flops / (med * 1e9) if med and flops else None,
             check=check, check_note=check_note, error=error)
    line = f"torch       {section:<6} {name:<10} {dtype:<3} {shape:<15}{' tf32' if tf32 else ''}"
    if error:
        print(line + "  FAILED: " + error, flush=True)
    else:
        extra = (f"  {r['gbps']:8.1f} GB/s" if r["gbps"] else "") + (f"  {r['tflops']:7.2f} TFLOP/s" if r["tflops"] else "")
        chk = f"  check {check:.2e} ({check_note})" if check is not None else ""
        print(f"{line}  {med:9.4f} ms{extra}{chk}", flush=True)
    return r


def shape_of(n):
    return f"{n >> 20}M" if n % (1 << 20) == 0 else str(n)


class Peer:
    def __init__(self, torch, sizes, budget, tf32):
        self.torch, self.sizes, self.budget, self.tf32 = torch, sizes, budget, tf32
        self.dev = torch.device("cuda")
        self.rows = []

    def sync(self):
        self.torch.cuda.synchronize()

    def time(self, section, name, dtype, shape, nbytes, flops, setup):
        """setup() -> (op, check or None); guarded like BenchContext.time."""
        try:
            op, check = setup()
            stats = measure(op, self.sync, self.budget)
            value, note = (None, None)
            if check is not None:
                try:
                    value, note = check()
                except Exception as e:  # noqa: BLE001 - reported in the row
                    value, note = float("nan"), f"check failed: {type(e).__name__}: {e}"
            r = row(section, name, dtype, shape, self.tf32, stats, nbytes, flops, value, note)
        except Exception as e:  # noqa: BLE001 - one failure must not stop the others
            r = row(section, name, dtype, shape, self.tf32, error=f"{type(e).__name__}: {e}"[:400])
        finally:
            self.torch.cuda.empty_cache()
        self.rows.append(r)

    # memory-bound ops --------------------------------------------------------------------------
    def copy(self):
        n = self.sizes["elements"]
        t = self.torch

        def setup():
            src = t.rand(n, device=self.dev) * 2 - 1
            dst = t.empty_like(src)
            return (lambda: dst.copy_(src)), (lambda: (float(not t.equal(dst, src)), "1 if the copy differs from its source"))
        self.time("memory", "copy", "F32", shape_of(n), 8 * n, 0, setup)

    def elementwise(self):
        n = self.sizes["elements"]
        t = self.torch
        for name, fn, ref, arity in (("add", t.add, lambda a, b: a + b, 2), ("mul", t.mul, lambda a, b: a * b, 2),
                                     ("relu", t.relu, t.relu, 1), ("sigmoid", t.sigmoid, t.sigmoid, 1)):
            def setup(fn=fn, ref=ref, arity=arity):
                g = t.Generator(device=self.dev).manual_seed(21)
                args = [t.randn(n, device=self.dev, generator=g) for _ in range(arity)]

                def check():
                    k = min(n, 1 << 20)
                    out = fn(*args)[:k].double()
                    r = ref(*[a[:k].double() for a in args])
                    return ((out - r).abs().max() / r.abs().max()).item(), \
                        f"max |err| / max |ref| over the first {k}, F64 reference"
                return (lambda: fn(*args)), check
            self.time("memory", name, "F32", shape_of(n), (arity + 1) * 4 * n, 0, setup)

    def rows_ops(self):
        t = self.torch
        rows, cols = self.sizes["rows"], self.sizes["cols"]
        n = rows * cols
        shape = f"{rows}x{cols}"

        def make(kind):
            def setup():
                x = t.randn(rows, cols, device=self.dev)
                fn = (lambda: x.sum(dim=1)) if kind == "sum" else (lambda: t.softmax(x, dim=1))

                def check():
                    idx = [int(k * (rows - 1) / 7) for k in range(8)]
                    xs = x[idx].double()
                    if kind == "sum":
                        return ((fn()[idx].double() - xs.sum(1)).abs().max() / xs.abs().sum(1).max()).item(), \
                            "max |err| / Σ|x| over 8 rows, F64 reference"
                    ref = t.softmax(xs, dim=1)
                    return ((fn()[idx].double() - ref).abs().max() / ref.max()).item(), \
                        "max |err| / max p over 8 rows, F64 reference"
                return fn, check
            return setup
        self.time("rows", "sum", "F32", shape, 4 * n + 4 * rows, 0, make("sum"))
        self.time("rows", "softmax", "F32", shape, 8 * n, 0, make("softmax"))

    # GEMM ------------------------------------------------------------------------------------------
    def gemm(self, dtypes):
        t = self.torch
        for dtype in dtypes:
            tdt = t.float32 if dtype == "F32" else t.float64
            for n in self.sizes["gemm"]:
                def setup(n=n, tdt=tdt):
                    a = t.rand(n, n, device=self.dev, dtype=tdt) * 2 - 1
                    b = t.rand(n, n, device=self.dev, dtype=tdt) * 2 - 1

                    def check():
                        c = t.matmul(a, b)
                        worst = 0.0
                        for s in range(SAMPLED):
                            i, j = s * 7919 % n, s * 104729 % n
                            terms = a[i].double() * b[:, j].double()
                            worst = max(worst, (abs(c[i, j].double() - terms.sum()) / terms.abs().sum()).item())
                        return worst, f"max |err| / Σ|a·b| at {SAMPLED} entries vs F64"
                    return (lambda: t.matmul(a, b)), check
                self.time("gemm", "matmul", dtype, f"{n}x{n}x{n}", 0, 2.0 * n ** 3, setup)

    # training steps ---------------------------------------------------------------------------------
    def mlp(self):
        t = self.torch
        nn = t.nn
        batch, din, hidden, dout = self.sizes["mlp"]

        def setup():
            t.manual_seed(1)
            model = nn.Sequential(nn.Linear(din, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                  nn.Linear(hidden, dout)).to(self.dev)
            opt = t.optim.SGD(model.parameters(), lr=0.01)
            x = t.randn(batch, din, device=self.dev)
            labels = t.randint(0, dout, (batch,), device=self.dev)
            losses = []

            def step():
                opt.zero_grad(set_to_none=True)
                loss = nn.functional.cross_entropy(model(x), labels)
                loss.backward()
                opt.step()
                losses.append(loss.item())
            return step, lambda: loss_check(losses)
        self.time("train", "mlp", "F32", f"b{batch}:{din}-{hidden}-{hidden}-{dout}", 0,
                  step_flops(batch, din, hidden, hidden, dout), setup)

    def two_layer(self):
        t = self.torch
        n, din, hidden, dout = self.sizes["net"]

        def setup():
            g = t.Generator(device=self.dev).manual_seed(51)
            x = t.randn(n, din, device=self.dev, generator=g)
            y = t.randn(n, dout, device=self.dev, generator=g)
            w1 = t.randn(din, hidden, device=self.dev, generator=g).requires_grad_()
            w2 = t.randn(hidden, dout, device=self.dev, generator=g).requires_grad_()
            losses = []

            def step():
                loss = (t.sigmoid(x @ w1) @ w2 - y).square().sum()
                w1.grad = None
                w2.grad = None
                loss.backward()
                with t.no_grad():
                    w1.sub_(w1.grad * 1e-4)
                    w2.sub_(w2.grad * 1e-4)
                losses.append(loss.item())
            return step, lambda: loss_check(losses)
        self.time("train", "two-layer", "F32", f"N{n}:{din}-{hidden}-{dout}", 0, step_flops(n, din, hidden, dout), setup)


def step_flops(batch, *widths):
    """As TrainBench.stepFlops: forward + backward matmuls, without the first layer's input gradient."""
    f = 0.0
    for l in range(len(widths) - 1):
        g = 2.0 * batch * widths[l] * widths[l + 1]
        f += 2 * g if l == 0 else 3 * g
    return f


def loss_check(losses):
    first, last = losses[0], losses[-1]
    return last / first, f"last/first loss of the timed steps ({first:.4g} → {last:.4g}); must be finite and < 1"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", required=True)
    ap.add_argument("--dry-run", action="store_true", help="only report whether torch and a GPU are there")
    ap.add_argument("--smoke", action="store_true", help="tiny sizes")
    ap.add_argument("--budget", type=float, default=0.4)
    a = ap.parse_args()
    doc = dict(tool="torch_peer", skipped=None, records=[])
    try:
        import torch
        doc.update(torch=torch.__version__, cuda=torch.version.cuda)
    except Exception as e:  # noqa: BLE001
        doc["skipped"] = f"torch not importable: {e}"
    else:
        if a.dry_run or not torch.cuda.is_available():
            doc["skipped"] = "dry run" if a.dry_run else "torch sees no CUDA device"
        else:
            doc["device"] = torch.cuda.get_device_name(0)
            print(f"torch {torch.__version__} (CUDA {torch.version.cuda}) on {doc['device']}", flush=True)
            sizes = SMOKE if a.smoke else FULL
            for tf32 in (False, True):
                torch.backends.cuda.matmul.allow_tf32 = tf32
                torch.backends.cudnn.allow_tf32 = tf32
                peer = Peer(torch, sizes, a.budget, tf32)
                if not tf32:
                    peer.copy()
                    peer.elementwise()
                    peer.rows_ops()
                    peer.gemm(["F32", "F64"])
                    peer.mlp()
                    peer.two_layer()
                else:   # the rows that TF32 changes, as run.sh's second GpuBench JVM
                    peer.gemm(["F32"])
                    peer.mlp()
                doc["records"] += peer.rows
    if doc["skipped"]:
        print(f"torch_peer: skipped: {doc['skipped']}", flush=True)
    with open(a.json, "w") as f:
        json.dump(clean(doc), f, indent=1, allow_nan=False)
    return 0


def clean(x):
    """NaN/inf become null, as Json.java writes them."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x


if __name__ == "__main__":
    sys.exit(main())
