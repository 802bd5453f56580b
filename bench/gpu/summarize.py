#!/usr/bin/env python3
"""Merges one GPU run's outputs (Diagnostics text, SuiteRunner JSON, GpuBench and torch_peer JSON files)
into summary.md (the tables the results note quotes) and results.json (everything, for later use).

usage: summarize.py --mode gpu|dry --diagnostics F --suites F --gpu-info F --out-md F --out-json F BENCH.json...
"""
import argparse
import datetime
import json
import os


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return {"error": f"{path}: {e}"}


def read_text(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError as e:
        return f"({path}: {e})"


def fmt(x, spec):
    return "–" if x is None else format(x, spec)


def pct(x):
    return "–" if x is None else f"{100 * x:.0f}%"


def key(r):
    return (r["section"], r["name"], r["dtype"], r["shape"], bool(r["tf32"]))


def ok(r):
    return r is not None and r.get("error") is None and r.get("median_ms")


def suites_md(s):
    out = ["## Test suites (package dev.jgrad.cuda: conformance, cross-backend, GPU-free unit tests)", ""]
    if "classes" not in s:
        return out + [f"No suite results: {s.get('error', 'unknown')}", ""]
    if s.get("stopped_in"):
        out += [f"**Stopped by the time limit while running {s['stopped_in']}: counts are partial.**", ""]
    out += [f"**{s['tests']} tests: {s['passed']} passed, {s['failed']} failed, {s['skipped']} skipped** "
            f"({s['seconds']:.0f} s)", "",
            "| class | passed | failed | skipped | status | first skip reason / failure |", "|---|---:|---:|---:|---|---|"]
    for c in s["classes"]:
        note = (c["failures"][:1] or c["skip_reasons"][:1] or [""])[0].replace("|", "\\|")
        out.append(f"| {c['class'].replace('dev.jgrad.', '')} | {c['passed']} | {c['failed']} | {c['skipped']} | "
                   f"{c['status']} | {note[:160]} |")
    return out + [""]


def bench_md(records):
    by = {}
    for r in records:
        by.setdefault(key(r), {})[r["impl"]] = r
    out = []
    copy = next((r for r in records if r["impl"] == "cuda-driver" and r["name"] == "copy" and ok(r)), None)
    ceiling = copy["gbps"] if copy else None
    mem = [k for k in by if k[0] in ("memory", "rows")]
    if mem:
        out += ["## Memory-bound operations (F32), as a fraction of the device-to-device copy", "",
                f"Ceiling: cuMemcpyDtoD {fmt(ceiling, '.0f')} GB/s (bytes read + written). Bytes = the fewest an op "
                "must move (each input read once, the output written once).", "",
                "| op | shape | jgrad ms | jgrad GB/s | jgrad % of copy | torch ms | torch GB/s | torch % of copy |",
                "|---|---|---:|---:|---:|---:|---:|---:|"]
        for k in mem:
            j = by[k].get("jgrad") or by[k].get("cuda-driver")
            t = by[k].get("torch")
            label = "copy (cuMemcpyDtoD)" if j and j["impl"] == "cuda-driver" else k[1]
            out.append(f"| {label} | {k[3]} | {fmt(j and j['median_ms'], '.3f')} | {fmt(j and j['gbps'], '.0f')} | "
                       f"{pct(j['gbps'] / ceiling if ok(j) and ceiling else None)} | {fmt(t and t['median_ms'], '.3f')} | "
                       f"{fmt(t and t['gbps'], '.0f')} | {pct(t['gbps'] / ceiling if ok(t) and ceiling else None)} |")
        out.append("")
    gemm = [k for k in by if k[0] == "gemm"]
    if gemm:
        out += ["## GEMM (square n×n·n×n): jgrad matmul vs raw cuBLAS (same operands, same handle math mode) and torch", "",
                "| dtype | n | TF32 | jgrad ms | jgrad TFLOP/s | cuBLAS ms | cuBLAS TFLOP/s | jgrad overhead | torch ms "
                "| torch TFLOP/s | jgrad check |", "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for k in sorted(gemm, key=lambda k: (k[4], k[2], int(k[3].split("x")[0]))):
            j, c, t = by[k].get("jgrad"), by[k].get("cublas"), by[k].get("torch")
            over = f"{100 * (j['median_ms'] / c['median_ms'] - 1):+.1f}%" if ok(j) and ok(c) else "–"
            chk = f"{j['check']:.1e}" if j and j.get("check") is not None else "–"
            out.append(f"| {k[2]} | {k[3].split('x')[0]} | {'on' if k[4] else 'off'} | {fmt(j and j['median_ms'], '.3f')} | "
                       f"{fmt(j and j['tflops'], '.1f')} | {fmt(c and c['median_ms'], '.3f')} | {fmt(c and c['tflops'], '.1f')} | "
                       f"{over} | {fmt(t and t['median_ms'], '.3f')} | {fmt(t and t['tflops'], '.1f')} | {chk} |")
        out.append("")
    train = [k for k in by if k[0] == "train"]
    if train:
        out += ["## One training step (forward + backward + SGD + reading the loss), F32", "",
                "| net | shape | TF32 | jgrad ms | torch ms | jgrad / torch | jgrad loss last/first | torch loss last/first |",
                "|---|---|---|---:|---:|---:|---:|---:|"]
        for k in sorted(train, key=lambda k: (k[1], k[4])):
            j, t = by[k].get("jgrad"), by[k].get("torch")
            ratio = f"{j['median_ms'] / t['median_ms']:.2f}×" if ok(j) and ok(t) else "–"
            out.append(f"| {k[1]} | {k[3]} | {'on' if k[4] else 'off'} | {fmt(j and j['median_ms'], '.3f')} | "
                       f"{fmt(t and t['median_ms'], '.3f')} | {ratio} | {fmt(j and j.get('check'), '.3f')} | "
                       f"{fmt(t and t.get('check'), '.3f')} |")
        out.append("")
    failed = [r for r in records if r.get("error")]
    if failed:
        out += ["## Measurements that did not run", ""]
        out += [f"- {r['impl']} {r['section']}/{r['name']} {r['dtype']} {r['shape']}"
                f"{' tf32' if r['tf32'] else ''}: {r['error']}" for r in failed]
        out.append("")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mode", required=True)
    ap.add_argument("--diagnostics", required=True)
    ap.add_argument("--suites", required=True)
    ap.add_argument("--gpu-info", required=True)
    ap.add_argument("--out-md", required=True)
    ap.add_argument("--out-json", required=True)
    ap.add_argument("bench", nargs="*")
    a = ap.parse_args()

    diag = read_text(a.diagnostics)
    diag_lines = [l for l in diag.splitlines() if not l.startswith("WARNING")]
    usable = next((l.split(":", 1)[1].strip() for l in diag_lines if l.strip().startswith("usable:")), "unknown")
    gpu = read_text(a.gpu_info).strip()
    suites = load(a.suites)
    benches = {os.path.basename(p).removesuffix(".json"): load(p) for p in a.bench}
    records = [r for b in benches.values() for r in b.get("records", [])]

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    md = [f"# jgrad GPU run, {now} ({'dry run, no GPU' if a.mode != 'gpu' else 'GPU'})", "",
          "```", gpu, "```", "", f"jgrad CUDA usable: {usable}", ""]
    md += suites_md(suites)
    skipped = [f"- {name}: skipped: {b['skipped']}" for name, b in benches.items() if b.get("skipped")]
    if skipped:
        md += ["## Benchmarks skipped", ""] + skipped + [""]
    md += bench_md(records)
    md += ["Timing: warm-up (≥3 calls, ≥0.1 s), then samples of back-to-back calls between device synchronisations "
           "(~5 ms each); median per call of 5–50 samples. Same method and shapes in torch_peer.py; "
           "all in one run on one GPU.", ""]
    with open(a.out_md, "w") as f:
        f.write("\n".join(md))
    with open(a.out_json, "w") as f:
        json.dump({"generated": now, "mode": a.mode, "gpu": gpu, "diagnostics": diag_lines, "usable": usable,
                   "suites": suites, "bench": benches, "records": records}, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
