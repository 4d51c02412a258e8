"""Diamonds color: gradient-boosted-tree leaf encoding as MLP / LR inputs (issue #11)

He et al., "Practical Lessons from Predicting Clicks on Ads at Facebook" (ADKDD 2014): fit a
boosted tree ensemble, replace each row by the one-hot index of the leaf it reaches in every
tree, and train a linear model (here also the MLP) on that. DeepGBM (Ke et al., KDD 2019)
builds on the same idea.

Same data, folds, fitting rows and models as bench/colorInputScaling.py (imports `scaled`
and `model` from it): the accuracy section's five folds (`npx tsx bench/colorFolds.ts <dir>`),
task color (7 classes) from the 7 numeric columns, fitted on train + validation (8 000 rows,
the fold's non-test rows), test macro-F1 per fold.

Per fold, configuration `gb<S>d<D>`: scikit-learn GradientBoostingClassifier with S stages
of depth-D trees (multiclass: 7 trees per stage, one per class; learning rate 0.1,
subsample 0.8, min_samples_leaf 50, random_state 0) is fitted on the fitting rows only (never
the test rows); `apply()` gives each row's leaf in every tree; each tree's leaves are one-hot
encoded (categories from the fitting rows) and the sparse one-hots are put beside the 7
StandardScaler columns. Leaf over-fitting guard: regularisation only — shallow trees, at least
50 rows per leaf, row subsampling, and the models' own regularisation (MLP L2 1e-4 + early
stopping on 15 % of the fitting rows; LR's default C = 1). Cross-fitting is not used: leaf
indices from different inner-fold ensembles name different regions, so out-of-fold leaves do
not form one consistent encoding. `std` is the plain baseline (no leaves); `gbself` records
the tree ensemble's own test score.

Usage:
  python3 bench/colorLeafEncoding.py <folds dir> <out.jsonl> <seed> <configs,…> <models,…>
  python3 bench/colorLeafEncoding.py --summary <out.jsonl>
Models: mlp, lr, hgb (hgb ignores the leaves: the reference). COLOR_FOLDS=0,1 restricts folds.
Each record: config, model, seed, fold, test macro-F1, input width, CPU seconds of the tree
fit + encoding and of the model fit (time.process_time, one thread).
"""
import csv
import json
import os
import re
import sys
import time
from collections import defaultdict

import numpy as np
from scipy import sparse
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import f1_score
from sklearn.preprocessing import OneHotEncoder

from colorInputScaling import NUMERIC, model, scaled


def load(folds_dir):
    with open(f'{folds_dir}/diamonds.csv', newline='') as fh:
        rows = list(csv.DictReader(fh))
    x = np.array([[float(r[c]) for c in NUMERIC] for r in rows])
    y = np.array([r['color'] for r in rows])
    folds = []
    for k in range(5):
        parts = {'train': [], 'validation': [], 'test': []}
        with open(f'{folds_dir}/fold-{k}.csv') as fh:
            for line in fh:
                row_id, split = line.strip().split(',')
                parts[split].append(int(row_id) - 1)
        folds.append((np.array(parts['train'] + parts['validation']), np.array(parts['test'])))
    return x, y, folds


def leaf_inputs(config, xf_raw, yf, xt_raw):
    """[standardised 7 columns, leaf one-hots] for fitting [n, 7] and test [m, 7] rows (CSR),
    plus the tree ensemble's own test predictions (None for `std`)."""
    xf, xt = scaled('std', xf_raw, xt_raw)
    if config == 'std':
        return xf, xt, None
    m = re.fullmatch(r'gb(\d+)d(\d+)', config)
    if not m:
        raise SystemExit(f'unknown config {config}')
    gb = GradientBoostingClassifier(n_estimators=int(m[1]), max_depth=int(m[2]),
                                    learning_rate=0.1, subsample=0.8, min_samples_leaf=50,
                                    random_state=0).fit(xf_raw, yf)
    lf = gb.apply(xf_raw).reshape(len(xf_raw), -1)
    lt = gb.apply(xt_raw).reshape(len(xt_raw), -1)
    enc = OneHotEncoder(handle_unknown='ignore').fit(lf)
    return (sparse.hstack([sparse.csr_matrix(xf), enc.transform(lf)]).tocsr(),
            sparse.hstack([sparse.csr_matrix(xt), enc.transform(lt)]).tocsr(),
            gb.predict(xt_raw))


def run(folds_dir, out, seed, configs, models):
    x, y, folds = load(folds_dir)
    only = os.environ.get('COLOR_FOLDS')
    ks = [int(k) for k in only.split(',')] if only else range(5)
    with open(out, 'a') as fh:
        for config in configs:
            for k in ks:
                fit, test = folds[k]
                t0 = time.process_time()
                xf, xt, gb_pred = leaf_inputs(config, x[fit], y[fit], x[test])
                enc_cpu = time.process_time() - t0
                recs = []
                if gb_pred is not None:
                    recs.append({'model': 'gbself', 'f1': f1_score(y[test], gb_pred,
                                                                 average='macro'), 'fit_cpu': 0})
                for name in models:
                    t1 = time.process_time()
                    if name == 'hgb':
                        clf = model(name, seed).fit(x[fit], y[fit])
                        pred = clf.predict(x[test])
                    else:
                        clf = model(name, seed).fit(xf, y[fit])
                        pred = clf.predict(xt)
                    recs.append({'model': name, 'f1': f1_score(y[test], pred, average='macro'),
                                 'fit_cpu': time.process_time() - t1})
                for r in recs:
                    r.update(config=config, seed=seed, fold=k, width=xf.shape[1],
                             enc_cpu=enc_cpu, f1=round(r['f1'], 4),
                             fit_cpu=round(r['fit_cpu'], 1))
                    r['enc_cpu'] = round(enc_cpu, 1)
                    fh.write(json.dumps(r) + '\n')
                    fh.flush()
                    print(json.dumps(r), flush=True)


def summary(out):
    cells = defaultdict(dict)
    for line in open(out):
        r = json.loads(line)
        cells[(r['config'], r['model'], r['seed'])][r['fold']] = r
    hgb = {}
    for (c, m, s), f in cells.items():
        if m == 'hgb':
            hgb = {k: r['f1'] for k, r in f.items()}
    for (c, m, s), f in sorted(cells.items()):
        ks = sorted(f)
        v = np.array([f[k]['f1'] for k in ks])
        near = sum(1 for k in ks if k in hgb and f[k]['f1'] >= hgb[k] - 0.010)
        print(f'{c:8} {m:6} seed {s} folds {len(ks)} {v.mean():.3f} ± {v.std():.3f} '
              f'[{" ".join(f"{a:.3f}" for a in v)}] within1pt {near}/{len(ks)} '
              f'width {f[ks[0]]["width"]} enc_cpu {np.mean([f[k]["enc_cpu"] for k in ks]):.1f} '
              f'fit_cpu {np.mean([f[k]["fit_cpu"] for k in ks]):.1f}')


if __name__ == '__main__':
    if sys.argv[1] == '--summary':
        summary(sys.argv[2])
    else:
        run(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(','),
            sys.argv[5].split(','))
