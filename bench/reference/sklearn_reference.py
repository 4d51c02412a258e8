#!/usr/bin/env python3
"""scikit-learn reference for the accuracy benchmark (run by bench/accuracy.ts).

For each task, predicts it from the non-task input columns with logistic regression and
with histogram gradient boosting, trained on the same training + validation rows that MTL
Studio used and scored (macro-F1) on the same labelled test rows. Numeric columns: median
imputation + missing indicator + standardisation; categorical: one-hot (unknown ignored).

Input: a JSON spec (argv[1]) with the CSV path, the split file (row_id,split per line, row_id
1-based in file order), task columns, input columns with their types, seed.
Output: one JSON line: {task: {logreg: f1, hgb: f1, best: f1}}.
"""
import csv
import json
import sys
import warnings

import numpy as np
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings("ignore")
MISSING = {"", "na", "n/a", "nan", "null", "none", "?"}
BOOLEANS = {"true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0, "t": 1.0, "f": 0.0}


def cell(value: str):
    v = value.strip()
    return None if v.lower() in MISSING else v


def number(v):
    if v is None:
        return np.nan
    if v.lower() in BOOLEANS:
        return BOOLEANS[v.lower()]
    return float(v)


def main() -> None:
    spec = json.load(open(sys.argv[1]))
    with open(spec["csv"], newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if any(x.strip() for x in r)]
    col = {name: i for i, name in enumerate(header)}
    split = {}
    with open(spec["split"]) as f:
        for line in f:
            row_id, name = line.strip().split(",")
            split[int(row_id)] = name
    splits = np.array([split[i + 1] for i in range(len(body))])
    numeric = [c["name"] for c in spec["inputs"] if c["type"] in ("numeric", "boolean")]
    categorical = [c["name"] for c in spec["inputs"] if c["type"] == "categorical"]
    x_num = np.array([[number(cell(r[col[c]])) for c in numeric] for r in body], dtype=float).reshape(len(body), len(numeric))
    x_cat = np.array([[cell(r[col[c]]) or "__missing__" for c in categorical] for r in body], dtype=object).reshape(len(body), len(categorical))

    out = {}
    for task in spec["tasks"]:
        y = np.array([cell(r[col[task]]) for r in body], dtype=object)
        labelled = np.array([v is not None for v in y])
        train = labelled & (splits != "test")
        test = labelled & (splits == "test")
        parts_train, parts_test = [], []
        if numeric:
            num = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()).fit(x_num[train])
            parts_train.append(sparse.csr_matrix(num.transform(x_num[train])))
            parts_test.append(sparse.csr_matrix(num.transform(x_num[test])))
        if categorical:
            cat = OneHotEncoder(handle_unknown="ignore").fit(x_cat[train])
            parts_train.append(cat.transform(x_cat[train]))
            parts_test.append(cat.transform(x_cat[test]))
        a, b = sparse.hstack(parts_train).tocsr(), sparse.hstack(parts_test).tocsr()
        y_train, y_test = y[train].astype(str), y[test].astype(str)
        scores = {
            "logreg": LogisticRegression(max_iter=2000).fit(a, y_train).predict(b),
            "hgb": HistGradientBoostingClassifier(random_state=spec["seed"]).fit(a.toarray(), y_train).predict(b.toarray()),
        }
        result = {name: float(f1_score(y_test, pred, average="macro")) for name, pred in scores.items()}
        result["best"] = max(result.values())
        out[task] = result
    print(json.dumps(out))


if __name__ == "__main__":
    main()
