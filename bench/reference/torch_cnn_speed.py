#!/usr/bin/env python3
"""PyTorch reference for the CNN speed benchmark (run by bench/cnnSpeed.ts; never by the product).

Trains the same multi-task CNN as MTL Studio's hard-sharing architecture with the CNN trunk
on the same images: per entry of `filters` a Conv2d(k x k, stride 1, 'same' padding) + ReLU +
MaxPool2d(2), flatten, Linear + ReLU per hidden width, one linear head per task; masked
softmax cross-entropy summed over tasks, Adam, fixed batch size, shuffled each epoch. Pixels
are standardised per channel like the engine does (mean and std of pixel/255 over the images).

Input: a JSON spec file (argv[1]) naming a uint8 pixel file [n, height, width, channels]
(NHWC), an int32 label file [tasks, n] (-1 = missing), the shapes, batch size, epochs,
learning rate and threads. Output: one JSON line on stdout with samples/s per timed epoch.
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
    n, h, w, c = spec["rows"], spec["height"], spec["width"], spec["channels"]
    pixels = np.fromfile(spec["pixelsFile"], dtype=np.uint8).reshape(n, h, w, c)
    x = pixels.astype(np.float32) / 255.0
    mean = x.mean(axis=(0, 1, 2))
    std = x.std(axis=(0, 1, 2))
    std[std < 1e-6] = 1.0
    x = torch.from_numpy(((x - mean) / std).transpose(0, 3, 1, 2).copy())  # NCHW
    labels = np.fromfile(spec["labelsFile"], dtype=np.int32).reshape(len(spec["classes"]), n)
    y = [torch.from_numpy(labels[t].astype(np.int64)) for t in range(len(spec["classes"]))]

    k = spec["kernel"]
    layers, channels, height, width = [], c, h, w
    for filters in spec["filters"]:
        layers += [
            torch.nn.Conv2d(channels, filters, k, stride=1, padding=k // 2),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
        ]
        channels, height, width = filters, height // 2, width // 2
    layers.append(torch.nn.Flatten())
    units = channels * height * width
    for hidden in spec["hidden"]:
        layers += [torch.nn.Linear(units, hidden), torch.nn.ReLU()]
        units = hidden
    trunk = torch.nn.Sequential(*layers)
    heads = torch.nn.ModuleList([torch.nn.Linear(units, classes) for classes in spec["classes"]])
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

    epoch()  # warm-up (allocator, oneDNN primitives), not timed
    rates = []
    for _ in range(spec["epochs"]):
        started = time.perf_counter()
        epoch()
        rates.append(n / (time.perf_counter() - started))
    print(json.dumps({
        "samplesPerSecond": max(rates),
        "epochs": rates,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
