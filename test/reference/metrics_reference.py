#!/usr/bin/env python3
"""Reference values for test/engine/metrics.test.ts, computed with scikit-learn.

Run once by hand (the tests never run Python):

    /usr/bin/python3 test/reference/metrics_reference.py

and paste the printed numbers into the test as literals. Predictions are the
row-wise argmax of the probabilities (np.argmax: ties go to the lowest index),
exactly as computeTaskMetrics does. log_loss gets eps=1e-15 explicitly: the
sklearn 1.2 default eps="auto" would use the float64 machine epsilon (2.2e-16),
while MTL Studio clips to [1e-15, 1 - 1e-15] (the pre-1.2 sklearn default).
"""
import json

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_recall_fscore_support,
    roc_auc_score,
)

CASES = {
    # Binary, ties in the positive-class scores (0.4 x3, 0.35 x2) and one row
    # [0.5, 0.5] whose argmax tie must go to class 0.
    "binaryTies": (
        [0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1],
        [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.35, 0.6, 0.5],
        2,
    ),
    # 3 classes, class 2 present in y_true but never predicted.
    "threeNeverPredicted": (
        [0, 1, 2, 0, 1, 2, 0, 1, 2],
        [
            [0.7, 0.2, 0.1],
            [0.1, 0.6, 0.3],
            [0.5, 0.2, 0.3],
            [0.3, 0.4, 0.3],
            [0.2, 0.5, 0.3],
            [0.1, 0.45, 0.45],
            [0.6, 0.1, 0.3],
            [0.25, 0.5, 0.25],
            [0.4, 0.3, 0.3],
        ],
        3,
    ),
    # 4 classes, imbalanced (6/3/2/1), one row gives its true class probability 0
    # (exercises the clipping in log-loss).
    "fourImbalanced": (
        [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3],
        [
            [0.9, 0.05, 0.03, 0.02],
            [0.6, 0.2, 0.1, 0.1],
            [0.4, 0.4, 0.1, 0.1],
            [0.2, 0.5, 0.2, 0.1],
            [0.0, 0.7, 0.2, 0.1],
            [0.55, 0.15, 0.15, 0.15],
            [0.1, 0.8, 0.05, 0.05],
            [0.3, 0.3, 0.3, 0.1],
            [0.25, 0.25, 0.25, 0.25],
            [0.1, 0.1, 0.7, 0.1],
            [0.3, 0.1, 0.2, 0.4],
            [0.2, 0.2, 0.2, 0.4],
        ],
        4,
    ),
    # 3 classes, class 2 absent from y_true (but predicted once): ROC-AUC undefined.
    "aucUndefined": (
        [0, 1, 0, 1, 0, 1],
        [
            [0.8, 0.1, 0.1],
            [0.3, 0.6, 0.1],
            [0.2, 0.2, 0.6],
            [0.4, 0.5, 0.1],
            [0.5, 0.4, 0.1],
            [0.6, 0.3, 0.1],
        ],
        3,
    ),
}


def reference(y_true, probs, k):
    y_true = np.asarray(y_true)
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim == 1:  # binary given as P(class 1)
        probs = np.column_stack([1.0 - probs, probs])
    labels = list(range(k))
    y_pred = np.argmax(probs, axis=1)
    p, r, f, s = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    try:
        if k == 2:
            auc = roc_auc_score(y_true, probs[:, 1])
        else:
            # Macro one-vs-rest over the classes present in y_true (sklearn's multi_class="ovr"
            # raises when a class of `labels` is absent from y_true).
            present = sorted(set(y_true.tolist()))
            if len(present) < 2:
                raise ValueError("fewer than 2 classes present")
            auc = float(np.mean([roc_auc_score(y_true == c, probs[:, c]) for c in present]))
    except ValueError as err:
        auc = None
        print(f"# roc_auc_score raised: {err}")
    return {
        "probs": probs.tolist(),
        "accuracy": accuracy_score(y_true, y_pred),
        "balancedAccuracy": balanced_accuracy_score(y_true, y_pred),
        # sklearn's default labels: the classes in y_true or y_pred (a class neither true nor
        # predicted in the split is left out of the mean).
        "macroF1": f1_score(y_true, y_pred, average="macro", zero_division=0),
        "precision": p.tolist(),
        "recall": r.tolist(),
        "f1": f.tolist(),
        "support": s.tolist(),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "logLoss": log_loss(y_true, probs, eps=1e-15, labels=labels),
        "rocAuc": auc,
    }


if __name__ == "__main__":
    print(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    for name, (y, probs, k) in CASES.items():
        print(name, json.dumps(reference(y, probs, k)))
