#!/usr/bin/env bash
# Builds, on this machine, the self-contained bundle that bench/gpu/run.sh runs on a GPU machine with
# no JDK, no Maven, no network and only cuBLAS 13 (see bench/gpu/README.md):
#   runtime.tar.gz   a jlink'd Temurin 25 runtime (java.base, java.logging, java.management,
#                    jdk.unsupported, jdk.incubator.vector, jdk.zipfs)
#   lib/             the project's jars and test classes with every runtime/test dependency: bench's test
#                    classpath (jgrad core/cpu/cuda/kernels, core's conformance test-jar, the CUDA tests,
#                    JUnit with its launcher, JCuda/JCublas and their natives jars, which JCuda's LibUtils
#                    extracts from the classpath to java.io.tmpdir and loads)
#   shim/libcublas.so.12   the cublas12-compat forwarding shim (JCublas 12.6 -> libcublas.so.13), built
#                    here with gcc because the GPU machine need not have it
#   MANIFEST.txt     what went in
#
# usage: bench/gpu/bundle.sh [--out DIR] [--classpath-file FILE]
#   default: runs `mvn package` (tests skipped) and takes bench's test classpath from Maven;
#   --classpath-file FILE: no Maven; FILE lists the classpath (':' or newline separated, jars or class
#   folders), e.g. written by the dry-run test from its own surefire classpath.
# env: JGRAD_BUNDLE_JDK (Temurin 25 home), CUBLAS12_COMPAT (folder with gen_shim.py), MVN_ARGS (e.g. -o).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT_DIR=$ROOT/bench/gpu/bundle
CP_FILE=
JDK=${JGRAD_BUNDLE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
SHIM_TOOL=${CUBLAS12_COMPAT:-$ROOT/../shared/tools/cublas12-compat}
# jdk.zipfs: JUnit's package selector walks jars through the zip file system provider
MODULES=java.base,java.logging,java.management,jdk.management,jdk.jfr,jdk.unsupported,jdk.incubator.vector,jdk.zipfs
# The 64 MiB the device tool carries include the repository: keep the bundle well under it.
MAX_BUNDLE_MIB=48

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT_DIR=$2; shift 2 ;;
    --classpath-file) CP_FILE=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "bundle.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

say() { echo "bundle.sh: $*"; }
die() { echo "bundle.sh: ERROR: $*" >&2; exit "${2:-1}"; }

[ -x "$JDK/bin/jlink" ] || die "no JDK with jlink at $JDK (Temurin 25 expected; set JGRAD_BUNDLE_JDK)" 3
"$JDK/bin/java" -version 2>&1 | grep -q '"25' || die "$JDK is not a Java 25 JDK" 3
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jgrad-bundle.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# 1. the classpath: bench's test classpath, which holds everything the suites and benchmarks need
if [ -z "$CP_FILE" ]; then
  say "mvn package (tests skipped) + bench's test classpath"
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -B -q ${MVN_ARGS:-} package -DskipTests \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/gpu-bundle.classpath)
  { echo "$ROOT/bench/target/classes"; echo "$ROOT/bench/target/test-classes"
    tr ':' '\n' < "$ROOT/bench/target/gpu-bundle.classpath"; } > "$TMP/classpath"
else
  [ -f "$CP_FILE" ] || die "classpath file $CP_FILE not found"
  tr ':' '\n' < "$CP_FILE" > "$TMP/classpath"
fi

# 2. lib/: jars copied, class folders jarred (named after their module), JCuda natives slimmed
rm -rf "$OUT_DIR/lib" && mkdir -p "$OUT_DIR/lib"
while IFS= read -r entry; do
  [ -n "$entry" ] || continue
  if [ -d "$entry" ]; then
    [ -n "$(ls -A "$entry" 2>/dev/null)" ] || continue
    module=$(basename "$(dirname "$(dirname "$entry")")")        # <module>/target/<classes|test-classes>
    "$JDK/bin/jar" --create --file "$OUT_DIR/lib/$module-$(basename "$entry").jar" -C "$entry" .
  elif [ -f "$entry" ]; then
    case "$(basename "$entry")" in
      surefire*|*booter*) continue ;;                             # surefire's own, not the project's
      jcuda-natives-*.jar)
        # JNvPTXCompiler/JNvrtc (22 MB of the 24) are never used by jgrad: it hands PTX to the driver
        cp "$entry" "$OUT_DIR/lib/"
        if command -v zip >/dev/null; then
          zip -q -d "$OUT_DIR/lib/$(basename "$entry")" 'lib/*JNvPTXCompiler*' 'lib/*JNvrtc*' >/dev/null || true
        fi ;;
      *) cp "$entry" "$OUT_DIR/lib/" ;;
    esac
  fi
done < "$TMP/classpath"

# The CUDA conformance/cross-backend tests: from jgrad-cuda's test-jar when bench depends on it,
# else from cuda-backend's compiled test classes (built by the same reactor).
if ! ls "$OUT_DIR"/lib/jgrad-cuda-*-tests.jar "$OUT_DIR"/lib/cuda-backend-test-classes.jar >/dev/null 2>&1; then
  if [ -d "$ROOT/cuda-backend/target/test-classes/dev" ]; then
    say "note: no jgrad-cuda test-jar on bench's classpath; jarring cuda-backend/target/test-classes"
    "$JDK/bin/jar" --create --file "$OUT_DIR/lib/cuda-backend-test-classes.jar" -C "$ROOT/cuda-backend/target/test-classes" .
  else
    say "WARNING: no CUDA test classes found: the suites will find nothing to run"
  fi
fi
ls "$OUT_DIR"/lib/*.jar >/dev/null 2>&1 || die "no jars collected"

# 3. the runtime, reused while the JDK and the options are unchanged (jlink + gzip take ~15 s)
STAMP="$(grep -E '^(IMPLEMENTOR_VERSION|JAVA_RUNTIME_VERSION)=' "$JDK/release" | tr '\n' ' ')| $MODULES | strip-debug zip-0+gzip"
if [ -f "$OUT_DIR/runtime.tar.gz" ] && [ "$(cat "$OUT_DIR/runtime.stamp" 2>/dev/null)" = "$STAMP" ]; then
  say "runtime.tar.gz up to date"
else
  say "jlink $MODULES"
  # --compress=zip-0: gzip compresses the uncompressed modules image better than jlink's zip does
  "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-0 --output "$TMP/runtime" 2>&1 | grep -v 'Using incubator modules' || true
  [ -x "$TMP/runtime/bin/java" ] || die "jlink produced no runtime"
  tar -C "$TMP" -czf "$OUT_DIR/runtime.tar.gz" runtime
  echo "$STAMP" > "$OUT_DIR/runtime.stamp"
fi

# 4. the libcublas.so.12 shim, from the symbols libJCublas2 imports
rm -rf "$OUT_DIR/shim"
NATIVES=$(ls "$OUT_DIR"/lib/jcublas-natives-*.jar 2>/dev/null | head -1 || true)
if [ -z "$NATIVES" ]; then
  say "WARNING: no jcublas-natives jar: no shim built"
elif [ ! -f "$SHIM_TOOL/gen_shim.py" ] || ! command -v gcc >/dev/null || ! command -v nm >/dev/null \
     || ! command -v python3 >/dev/null; then
  say "WARNING: cannot build the libcublas.so.12 shim (needs $SHIM_TOOL/gen_shim.py, gcc, nm, python3);"
  say "         run.sh then needs a real cuBLAS 12 on the GPU machine"
else
  (cd "$TMP" && unzip -q -o "$NATIVES" 'lib/libJCublas2-*.so')
  python3 "$SHIM_TOOL/gen_shim.py" --soname libcublas.so.12 --target libcublas.so.13 \
      --keep "$TMP/shim-src" --out "$OUT_DIR/shim/libcublas.so.12" "$TMP"/lib/libJCublas2-*.so >/dev/null
  say "shim: $(nm -D --defined-only "$OUT_DIR/shim/libcublas.so.12" | grep -c ' T ') functions forwarded to libcublas.so.13"
fi

# 5. manifest and sizes
{
  echo "jgrad GPU bundle, built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "runtime: $STAMP"
  (cd "$OUT_DIR" && find . -type f ! -name MANIFEST.txt -printf '%10s  %P\n' | sort -k2)
} > "$OUT_DIR/MANIFEST.txt"
total_kib=$(du -sk "$OUT_DIR" | cut -f1)
say "runtime.tar.gz $(du -h "$OUT_DIR/runtime.tar.gz" | cut -f1), lib/ $(du -sh "$OUT_DIR/lib" | cut -f1) in $(ls "$OUT_DIR/lib" | wc -l) jars, shim $(du -sh "$OUT_DIR/shim" 2>/dev/null | cut -f1 || echo none)"
say "bundle $OUT_DIR: $((total_kib / 1024)) MiB ($total_kib KiB)"
[ "$total_kib" -le $((MAX_BUNDLE_MIB * 1024)) ] || die "bundle is over $MAX_BUNDLE_MIB MiB: the device tool carries 64 MiB with the repository"
