"""The weight-gradient SGEMM on raw cuBLAS: is its NT form slower than NN by cuBLAS's own choice?

Row-major C[n, m] = X^T dY (X [b, n], dY [b, m]: the weight gradient of x·W) is issued, as jgrad's CUDA backend
does, as the column-major NT product C^T = dY^T X, on a fresh cuBLAS handle with its default workspace (ctypes over
PyTorch's libcublas, operands allocated by torch), against transposing X first (a torch copy) and issuing NN. Prints
the median of 40 CUDA-event timings, min/max over three rounds, for TF32 and FP32 and six shapes.
Run on the GPU machine from the repository root: python3 bench/gpu/cublas_transposes.py (needs PyTorch with CUDA).
"""
import ctypes, glob, os, torch
cands = [c for c in glob.glob(os.path.join(os.path.dirname(torch.__file__), '..', 'nvidia', '**', 'libcublas.so.*'), recursive=True) if 'Lt' not in os.path.basename(c)]
lib = ctypes.CDLL(sorted(cands)[-1])
one = ctypes.c_float(1.0); zero = ctypes.c_float(0.0)
def handle(tf32):
    h = ctypes.c_void_p(); assert lib.cublasCreate_v2(ctypes.byref(h)) == 0
    assert lib.cublasSetStream_v2(h, ctypes.c_void_p(torch.cuda.current_stream().cuda_stream)) == 0
    if tf32: assert lib.cublasSetMathMode(h, 3) == 0
    return h
P = lambda t: ctypes.c_void_p(t.data_ptr())
def sg(h, ta, tb, m, n, k, A, lda, B, ldb, C, ldc):
    r = lib.cublasSgemm_v2(h, ta, tb, m, n, k, ctypes.byref(one), P(A), lda, P(B), ldb, ctypes.byref(zero), P(C), ldc); assert r == 0, r
def med(fn, reps=40):
    for _ in range(5): fn()
    torch.cuda.synchronize(); ts = []
    for _ in range(reps):
        s = torch.cuda.Event(enable_timing=True); e = torch.cuda.Event(enable_timing=True)
        s.record(); fn(); e.record(); e.synchronize(); ts.append(s.elapsed_time(e) * 1000)
    ts.sort(); return ts[len(ts) // 2]
for tf32 in (True, False):
    h = handle(tf32)
    for b, n, m in ((4096, 4096, 4096), (4096, 1024, 4096), (4096, 4096, 1024), (2048, 2048, 2048), (1024, 1024, 1024), (8192, 1024, 1024)):
        X = torch.randn(b, n, device='cuda'); dY = torch.randn(b, m, device='cuda'); C = torch.empty(n, m, device='cuda')
        XT = torch.empty(n, b, device='cuda')
        nt = lambda: sg(h, 0, 1, m, n, b, dY, m, X, n, C, m)              # C^T(m x n) = dY^T (N) * X (T)
        def tnn():
            XT.copy_(X.t())                                                # X^T stored row-major [n, b]
            sg(h, 0, 0, m, n, b, dY, m, XT, b, C, m)                      # C^T = dY^T (N) * XT-as-colmajor (N)
        nn_only = lambda: sg(h, 0, 0, m, n, b, dY, m, XT, b, C, m)
        tr_only = lambda: XT.copy_(X.t())
        ref = None
        nt(); torch.cuda.synchronize(); c1 = C.clone(); tnn(); torch.cuda.synchronize(); d = (C - c1).abs().max().item()
        res = {}
        for rnd in range(3):
            for name, fn in (('NT', nt), ('transpose+NN', tnn), ('NN alone', nn_only), ('transpose alone', tr_only)):
                res.setdefault(name, []).append(med(fn))
        print(f"{'TF32' if tf32 else 'FP32'} b={b} n={n} m={m}: " + "  ".join(f"{k} {min(v):7.1f}/{max(v):7.1f}" for k, v in res.items()) + f" us (min/max of 3 medians); max|diff| {d:.2e}")
        del X, dY, C, XT
