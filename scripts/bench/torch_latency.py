#!/usr/bin/env python3
"""PyTorch CPU eager baseline for the zoo latency benchmark.

Builds each torchvision architecture with random weights (eval mode, batch 1, native input
size, torch.no_grad()), warms up, then times single forward passes and prints one JSON object.
Uses Debian's python3-torch and python3-torchvision (apt-get install python3-torchvision).

Usage: python3 scripts/bench/torch_latency.py [--threads N] [--runs N] [--warmup N] [--arch ID ...]
InceptionV4 has no torchvision model and is reported as skipped.

The output also says which BLAS library the process really loaded (read from /proc/self/maps
after a matrix product: Debian's torch is built against the generic libblas.so.3, which the
alternatives system points at OpenBLAS or at the slow reference BLAS) and how many threads
OpenBLAS runs. Pin them with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS: OpenBLAS otherwise starts
one thread per core whatever torch.set_num_threads says.
"""
import argparse
import ctypes
import json
import re
import statistics
import sys
import time

import torch
import torchvision.models as tvm

# timm id -> (torchvision builder, native input size); matches src/zoo/catalog.ts.
ARCHS = {
    "densenet121": ("densenet121", 224),
    "densenet169": ("densenet169", 224),
    "densenet201": ("densenet201", 224),
    "resnet18": ("resnet18", 224),
    "resnet34": ("resnet34", 224),
    "resnet50": ("resnet50", 224),
    "resnet101": ("resnet101", 224),
    "inception_v3": ("inception_v3", 299),
    "inception_v4": (None, 299),
    "mnasnet_100": ("mnasnet1_0", 224),
    "efficientnet_b0": ("efficientnet_b0", 224),
    "efficientnet_b1": ("efficientnet_b1", 240),
    "efficientnet_b2": ("efficientnet_b2", 260),
    "efficientnet_b3": ("efficientnet_b3", 300),
    "mobilenetv2_100": ("mobilenet_v2", 224),
    "mobilenetv3_large_100": ("mobilenet_v3_large", 224),
}


def build(builder):
    kwargs = {"weights": None}
    if builder == "inception_v3":
        # No auxiliary head: the zoo (and timm's inception_v3) has none at inference.
        kwargs.update(aux_logits=False, init_weights=False)
    return getattr(tvm, builder)(**kwargs).eval()


def time_arch(builder, size, runs, warmup):
    torch.manual_seed(0)
    model = build(builder)
    x = torch.randn(1, 3, size, size)
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), samples


def blas_info():
    """The BLAS library this process loaded, its kind and OpenBLAS's thread count."""
    a = torch.randn(256, 256)
    torch.mm(a, a)  # make sure the BLAS is loaded and initialised
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if re.search(r"blas|mkl", line, re.I)})
    libs = [lib for lib in libs if lib.startswith("/")]
    kind = "unknown"
    if any("openblas" in lib for lib in libs):
        kind = "openblas"
    elif any("mkl" in lib for lib in libs):
        kind = "mkl"
    elif any(re.search(r"/blas/libblas\.so|libblas\.so", lib) for lib in libs):
        kind = "reference"
    threads = None
    for lib in libs:
        if "openblas" in lib:
            try:
                threads = ctypes.CDLL(lib).openblas_get_num_threads()
            except (OSError, AttributeError):
                pass
    build = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    return {
        "kind": kind,
        "libraries": libs,
        "openblasThreads": threads,
        "buildBlasInfo": build.group(1) if build else None,
        "mkldnn": torch.backends.mkldnn.is_available(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads; 0 = default")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--arch", nargs="*", default=list(ARCHS))
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    results = {}
    for arch in args.arch:
        builder, size = ARCHS[arch]
        if builder is None:
            results[arch] = {"skipped": "no torchvision model"}
            continue
        med, samples = time_arch(builder, size, args.runs, args.warmup)
        results[arch] = {"inputSize": size, "medianMs": med, "runsMs": samples}
        print(f"{arch}: {med:.1f} ms", file=sys.stderr)
    json.dump(
        {
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "blas": blas_info(),
            "results": results,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
