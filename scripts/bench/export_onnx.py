#!/usr/bin/env python3
"""Exports torchvision models to ONNX for the peer benchmark (onnxruntime-web in the browser).

The same torchvision builders, random weights and native input sizes as torch_latency.py, in
eval mode, batch 1, 1000 classes, opset 17, constant folding on; input "input" (NCHW float32),
output "logits". Files go to an ignored folder (default bench-results/onnx) and are never
committed; an existing file is kept unless --force. Architectures without a torchvision model
(InceptionV4) are reported as skipped. Needs Debian's python3-torch and python3-torchvision; no
`onnx` package is needed (torch writes the file itself).

Usage: python3 scripts/bench/export_onnx.py [--out DIR] [--force] [--arch ID ...]
Prints one JSON object: {arch: {"file", "inputSize", "bytes"} | {"skipped": reason}}.
"""
import argparse
import json
import os
import sys

import torch

from torch_latency import ARCHS, build


def export(arch, out_dir, force):
    builder, size = ARCHS[arch]
    if builder is None:
        return {"skipped": "no torchvision model"}
    path = os.path.join(out_dir, f"{arch}.onnx")
    if force or not os.path.exists(path):
        torch.manual_seed(0)
        model = build(builder)
        tmp = path + ".tmp"
        with torch.no_grad():
            torch.onnx.export(
                model,
                torch.randn(1, 3, size, size),
                tmp,
                opset_version=17,
                input_names=["input"],
                output_names=["logits"],
                do_constant_folding=True,
            )
        os.replace(tmp, path)  # a half-written file is never mistaken for an export
        print(f"exported {arch} ({size} px)", file=sys.stderr)
    return {"file": os.path.basename(path), "inputSize": size, "bytes": os.path.getsize(path)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="bench-results/onnx")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--arch", nargs="*", default=list(ARCHS))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    json.dump({arch: export(arch, args.out, args.force) for arch in args.arch}, sys.stdout)


if __name__ == "__main__":
    main()
