#!/usr/bin/env bash
# Builds the engine (engine/src/*.c) into four WebAssembly binaries and their SHA-256 sums:
#   engine-{relaxed,simd}-{mt,st}.wasm
#   relaxed: -mrelaxed-simd -DENG_RELAXED (fused multiply-add); simd: plain SIMD128.
#   mt: shared imported memory (pool threads); st: private imported memory (pages that are not
#   cross-origin isolated).
# Usage: scripts/wasm/build.sh [out_dir]      (default engine/dist)
#        scripts/wasm/build.sh --check        rebuild into a temp dir and compare bytes with
#                                             the committed engine/dist (exit 1 on any difference)
# The output is deterministic: no debug info, source paths mapped to '.', no custom sections
# but the export names, fixed file order.
set -euo pipefail
export LC_ALL=C
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CC="${ENGINE_CC:-clang-16}"
LD="${ENGINE_LD:-wasm-ld-16}"
# Memory: 4 MiB to start (64 pages; the TypeScript side creates the memory with this initial
# size), 1 MiB stack placed first so an overflow traps instead of corrupting data.
INITIAL_MEMORY=4194304
MAX_MEMORY=2147483648
STACK=1048576

check=0
out="$ROOT/engine/dist"
if [ "${1:-}" = "--check" ]; then
  check=1
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
elif [ -n "${1:-}" ]; then
  out="$1"
fi

for tool in "$CC" "$LD"; do
  if ! command -v "$tool" >/dev/null; then
    echo "build:wasm: $tool not found (Debian: apt-get install clang-16 lld-16)" >&2
    exit 1
  fi
done

mkdir -p "$out"
obj="$(mktemp -d)"
trap 'rm -rf "$obj"; [ "$check" = 1 ] && rm -rf "$out"; true' EXIT

CFLAGS=(--target=wasm32 -O3 -msimd128 -matomics -mbulk-memory -nostdlib -ffreestanding
  -fno-exceptions -fvisibility=default -g0 -Wall -Wextra -Werror -Wno-unused-parameter
  "-ffile-prefix-map=$ROOT=." -fno-ident -I "$ROOT/engine/src")
LDFLAGS=(--no-entry --export-dynamic --import-memory --strip-all --stack-first
  -z "stack-size=$STACK" "--initial-memory=$INITIAL_MEMORY" "--max-memory=$MAX_MEMORY")

mapfile -t sources < <(cd "$ROOT" && ls engine/src/*.c | sort)
for isa in relaxed simd; do
  isa_flags=()
  [ "$isa" = relaxed ] && isa_flags=(-mrelaxed-simd -DENG_RELAXED)
  objs=()
  for src in "${sources[@]}"; do
    o="$obj/$isa-$(basename "$src" .c).o"
    (cd "$ROOT" && "$CC" "${CFLAGS[@]}" "${isa_flags[@]}" -c "$src" -o "$o")
    objs+=("$o")
  done
  "$LD" "${LDFLAGS[@]}" --shared-memory "${objs[@]}" -o "$out/engine-$isa-mt.wasm"
  "$LD" "${LDFLAGS[@]}" "${objs[@]}" -o "$out/engine-$isa-st.wasm"
done
(cd "$out" && sha256sum engine-relaxed-mt.wasm engine-relaxed-st.wasm engine-simd-mt.wasm \
  engine-simd-st.wasm >SHA256SUMS)

if [ "$check" = 0 ]; then
  echo "build:wasm: wrote $(cd "$out" && ls engine-*.wasm | tr '\n' ' ')and SHA256SUMS in $out"
  exit 0
fi
status=0
for f in engine-relaxed-mt.wasm engine-relaxed-st.wasm engine-simd-mt.wasm engine-simd-st.wasm SHA256SUMS; do
  if ! cmp -s "$out/$f" "$ROOT/engine/dist/$f"; then
    echo "check:wasm: engine/dist/$f differs from a fresh build (run npm run build:wasm and commit)" >&2
    status=1
  fi
done
if ! (cd "$ROOT/engine/dist" && sha256sum --quiet -c SHA256SUMS); then
  echo "check:wasm: engine/dist/SHA256SUMS does not match the committed binaries" >&2
  status=1
fi
[ "$status" = 0 ] && echo "check:wasm: engine/dist matches a fresh build, byte for byte"
exit "$status"
