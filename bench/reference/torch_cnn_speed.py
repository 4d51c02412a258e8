#!/usr/bin/env python3
"""PyTorch reference for the CNN speed benchmark (run by bench/cnnSpeed.ts; never by the product).

Trains the same multi-task CNN as MTL Studio's hard-sharing architecture with the CNN trunk
on the same images: per entry of `filters` a Conv2d(k x k, stride 1, 'same' padding) + ReLU +
MaxPool2d(2), flatten, Linear + ReLU per hidden width, one linear head per task; masked
softmax cross-entropy summed over tasks, Adam, fixed batch size, shuffled each epoch
(torch_reference.py). Pixels are standardised per channel like the engine does (mean and
std of pixel/255 over the images).

Input: a JSON spec file (argv[1]) naming a uint8 pixel file [n, height, width, channels]
(NHWC), an int32 label file [tasks, n] (-1 = missing), the shapes, batch size, epochs,
learning rate and threads. Output: one JSON line on stdout with samples/s per timed epoch.
"""
import json

import numpy as np
import torch

from torch_reference import read_labels, read_spec, timed_epochs


def main() -> None:
    spec = read_spec()
    n, h, w, c = spec["rows"], spec["height"], spec["width"], spec["channels"]
    pixels = np.fromfile(spec["pixelsFile"], dtype=np.uint8).reshape(n, h, w, c)
    x = pixels.astype(np.float32) / 255.0
    mean = x.mean(axis=(0, 1, 2))
    std = x.std(axis=(0, 1, 2))
    std[std < 1e-6] = 1.0
    x = torch.from_numpy(((x - mean) / std).transpose(0, 3, 1, 2).copy())  # NCHW
    y = read_labels(spec, n)

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

    rates = [n / s for s in timed_epochs(trunk, heads, x, y, spec)]
    print(json.dumps({
        "samplesPerSecond": max(rates),
        "epochs": rates,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
