#!/usr/bin/env python3
"""PyTorch reference for the speed benchmark (run by bench/speed.ts; never by the product).

Trains the same multi-task MLP as MTL Studio's hard-sharing architecture on the same data:
inputs -> shared trunk (Linear+ReLU per hidden width) -> one linear head per task, masked
softmax cross-entropy summed over tasks, Adam, fixed batch size, shuffled each epoch
(torch_reference.py).

Input: a JSON spec file (argv[1]) naming a float32 feature file [n, d], an int32 label file
[tasks, n] (-1 = missing), hidden widths, batch size, epochs, learning rate, threads.
Output: one JSON line on stdout with samples/s and versions.
"""
import json

import numpy as np
import torch

from torch_reference import read_labels, read_spec, timed_epochs


def main() -> None:
    spec = read_spec()
    n, d = spec["rows"], spec["features"]
    x = torch.from_numpy(np.fromfile(spec["featuresFile"], dtype=np.float32).reshape(n, d))
    y = read_labels(spec, n)

    layers, width = [], d
    for units in spec["hidden"]:
        layers += [torch.nn.Linear(width, units), torch.nn.ReLU()]
        width = units
    trunk = torch.nn.Sequential(*layers)
    heads = torch.nn.ModuleList([torch.nn.Linear(width, k) for k in spec["classes"]])

    seconds = sum(timed_epochs(trunk, heads, x, y, spec))
    print(json.dumps({
        "samplesPerSecond": n * spec["epochs"] / seconds,
        "seconds": seconds,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
