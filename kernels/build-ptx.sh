#!/usr/bin/env bash
# Builds the committed PTX from the CUDA C sources. Run it after editing any src/main/cuda file,
# then commit the .ptx files: the Maven build never needs nvcc.
#
#   kernels/build-ptx.sh [out-dir]     (default: src/main/resources/dev/jgrad/kernels)
#
# Each .cu becomes <name>.ptx: nvcc -ptx for compute_75 (Turing and newer), `.version` lowered to
# 8.0 so CUDA 12.0+ drivers can JIT it, and a first line with the SHA-256 of the .cu so a test can
# tell when a source changed without its PTX being rebuilt. KernelPtxTest calls this script too.
# Each PTX is then assembled by ptxas into <name>.sm_80.cubin and <name>.sm_90.cubin: machine code
# the driver loads as is, where JIT-compiling the PTX took ~14 s on an H100 machine's first run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src/main/cuda"
out="${1:-$here/src/main/resources/dev/jgrad/kernels}"
mkdir -p "$out"
NVCC="${NVCC:-nvcc}"
PTXAS="${PTXAS:-ptxas}"
# SASS runs on its own major generation from its minor up: sm_80 covers A100/A10/RTX 30xx/40xx
# (sm_86, sm_89), sm_90 the H100/H200. Others JIT the PTX.
CUBIN_ARCHS="sm_80 sm_90"

# random.cu must reproduce Philox.java bit for bit: no FMA contraction there.
flags_for() {
    case "$1" in
        random) echo "-fmad=false" ;;
        *) echo "" ;;
    esac
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for cu in "$src"/*.cu; do
    name="$(basename "$cu" .cu)"
    # shellcheck disable=SC2046
    "$NVCC" -ptx -arch=compute_75 -std=c++17 $(flags_for "$name") -I "$src" "$cu" -o "$tmp/$name.ptx"
    sha="$(sha256sum "$cu" | cut -d' ' -f1)"
    {
        echo "// jgrad-source-sha256: $sha"
        sed -E 's/^\.version [0-9]+\.[0-9]+$/.version 8.0/' "$tmp/$name.ptx"
    } > "$out/$name.ptx"
    for arch in $CUBIN_ARCHS; do
        "$PTXAS" -arch="$arch" "$out/$name.ptx" -o "$out/$name.$arch.cubin"
    done
done
