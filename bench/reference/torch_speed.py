#!/usr/bin/env python3
"""PyTorch reference for the speed benchmark (run by bench/speed.ts; never by the product).

Trains the same multi-task MLP as MTL Studio's hard-sharing architecture on the same data:
inputs -> shared trunk (Linear+ReLU per hidden width) -> one linear head per task, masked
softmax cross-entropy summed over tasks, Adam, fixed batch size, shuffled each epoch.

Input: a JSON spec file (argv[1]) naming a float32 feature file [n, d], an int32 label file
[tasks, n] (-1 = missing), hidden widths, batch size, epochs, learning rate, threads.
Output: one JSON line on stdout with samples/s and versions.
"""
import json
import sys
import time

import numpy as np
import torch


def main() -> None:
    spec = json.load(open(sys.argv[1]))
    torch.set_num_threads(int(spec["threads"]))
    torch.manual_seed(int(spec["seed"]))
    n, d = spec["rows"], spec["features"]
    x = torch.from_numpy(np.fromfile(spec["featuresFile"], dtype=np.float32).reshape(n, d))
    labels = np.fromfile(spec["labelsFile"], dtype=np.int32).reshape(len(spec["classes"]), n)
    y = [torch.from_numpy(labels[t].astype(np.int64)) for t in range(len(spec["classes"]))]

    layers, width = [], d
    for units in spec["hidden"]:
        layers += [torch.nn.Linear(width, units), torch.nn.ReLU()]
        width = units
    trunk = torch.nn.Sequential(*layers)
    heads = torch.nn.ModuleList([torch.nn.Linear(width, k) for k in spec["classes"]])
    params = list(trunk.parameters()) + list(heads.parameters())
    opt = torch.optim.Adam(params, lr=spec["learningRate"])
    ce = torch.nn.CrossEntropyLoss(ignore_index=-1)  # masked: rows with label -1 contribute nothing
    batch = spec["batchSize"]

    def epoch() -> None:
        order = torch.randperm(n)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            h = trunk(x[idx])
            loss = sum(ce(head(h), y[t][idx]) for t, head in enumerate(heads))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

    epoch()  # warm-up (allocator, kernels), not timed
    started = time.perf_counter()
    for _ in range(spec["epochs"]):
        epoch()
    seconds = time.perf_counter() - started
    print(json.dumps({
        "samplesPerSecond": n * spec["epochs"] / seconds,
        "seconds": seconds,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
