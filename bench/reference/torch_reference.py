"""What the PyTorch references of the speed benchmarks share (torch_speed.py, torch_cnn_speed.py).

The spec file (argv[1]) sets the threads, seed, label file, batch size, epochs and learning
rate; the network is trained as MTL Studio trains it: masked softmax cross-entropy summed
over the task heads, Adam, fixed batch size, rows shuffled each epoch, one warm-up epoch.
"""
import json
import sys
import time

import numpy as np
import torch


def read_spec() -> dict:
    """The spec named by argv[1]; sets torch's thread count and seed from it."""
    spec = json.load(open(sys.argv[1]))
    torch.set_num_threads(int(spec["threads"]))
    torch.manual_seed(int(spec["seed"]))
    return spec


def read_labels(spec: dict, n: int) -> list:
    """One int64 tensor [n] per task from the int32 label file [tasks, n] (-1 = missing)."""
    tasks = len(spec["classes"])
    labels = np.fromfile(spec["labelsFile"], dtype=np.int32).reshape(tasks, n)
    return [torch.from_numpy(labels[t].astype(np.int64)) for t in range(tasks)]


def timed_epochs(trunk, heads, x, y, spec: dict) -> list:
    """Trains shared trunk + heads on x [n, ...] and y (read_labels) for spec["epochs"]
    epochs after one untimed warm-up epoch (allocator, kernels, oneDNN primitives).

    Returns the seconds of each timed epoch.
    """
    n = x.shape[0]
    params = list(trunk.parameters()) + list(heads.parameters())
    opt = torch.optim.Adam(params, lr=spec["learningRate"])
    ce = torch.nn.CrossEntropyLoss(ignore_index=-1)  # masked: rows with label -1 contribute nothing
    batch = spec["batchSize"]

    def epoch() -> None:
        order = torch.randperm(n)
        for start in range(0, n, batch):
            idx = order[start : start + batch]
            features = trunk(x[idx])
            loss = sum(ce(head(features), y[t][idx]) for t, head in enumerate(heads))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

    epoch()
    seconds = []
    for _ in range(spec["epochs"]):
        started = time.perf_counter()
        epoch()
        seconds.append(time.perf_counter() - started)
    return seconds
