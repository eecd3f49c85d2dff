#!/bin/sh
# TEMPORARY dev build of gemm.c with stub runtime (until e-core's scripts/wasm/build.sh is merged).
set -e
cd "$(dirname "$0")"
out=${1:-/tmp/gemm-dev}
mkdir -p "$out"
for v in relaxed simd; do
  flags="-msimd128"; [ $v = relaxed ] && flags="-msimd128 -mrelaxed-simd -DENG_RELAXED"
  clang-16 --target=wasm32 -O3 $flags $EXTRA -nostdlib -ffreestanding -fvisibility=default -Wno-comment -I. -c ../src/gemm.c -o "$out/gemm-$v.o"
  clang-16 --target=wasm32 -O3 $flags -nostdlib -ffreestanding -fvisibility=default -Wno-comment -I. -c runtime_stub.c -o "$out/rt-$v.o"
  wasm-ld-16 --no-entry --export-dynamic --import-memory "$out/gemm-$v.o" "$out/rt-$v.o" -o "$out/engine-$v.wasm"
done
ls -la "$out"/*.wasm
