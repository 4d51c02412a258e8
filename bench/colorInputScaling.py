"""Diamonds color: does rescaling the numeric inputs help a neural network? (issue #11)

scikit-learn only (Debian's python3-sklearn), on the accuracy section's own five folds of
diamonds (`npx tsx bench/colorFolds.ts <dir>`: the seeded 10 000-row sample, stratified
5-fold, seed 1). Task color (7 classes) from the 7 numeric columns, fitted on train +
validation (as bench/reference/sklearn_reference.py fits), test macro-F1 per fold.

Input scalings (fitted on the fitting rows only):
- std: StandardScaler (what the studio does today, engine/preprocessing.ts);
- log: ln of carat and price, ln(1 + v) of x, y, z, then StandardScaler;
- logratio: std's columns plus ln carat, ln price and ln price − 1.7 ln carat (a hand-made
  feature, to see how much such a feature is worth; not something Auto could know);
- qt: QuantileTransformer(output_distribution='normal') — the preprocessing Gorishniy et al.
  ("Revisiting Deep Learning Models for Tabular Data", NeurIPS 2021) use for their MLPs;
- pleq / plet: piecewise linear encoding (Gorishniy, Rubachev, Babenko, "On Embeddings for
  Numerical Features in Tabular Deep Learning", NeurIPS 2022, PLE): each column becomes 16
  values, bin t's share of the way through (0 below it, 1 above it); bins at the fitting rows'
  quantiles (pleq) or at a one-column decision tree's thresholds on the task (plet, up to 16
  leaves of at least 64 rows).

Models: lr (LogisticRegression), hgb (HistGradientBoostingClassifier, the reference's best on
color), mlp (MLPClassifier (256, 256, 128), Adam lr 3e-3, batch 256, L2 1e-4, early stopping
on 15 % of the fitting rows with patience 20: the trunk Auto's finalist usually has here).

Usage: python3 bench/colorInputScaling.py <folds dir> <scalings,…> <models,…> [seed]
prints one line per scaling × model: mean ± std over folds, then the five fold scores.
"""
import csv
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import QuantileTransformer, StandardScaler
from sklearn.tree import DecisionTreeClassifier

NUMERIC = ['carat', 'depth', 'table', 'price', 'x', 'y', 'z']


PLE_BINS = 16


def ple_edges(column, kind, labels):
    """Bin edges of one fitting column [n]: quantiles (pleq) or a tree's thresholds (plet)."""
    if kind == 'pleq':
        return np.unique(np.quantile(column, np.linspace(0, 1, PLE_BINS + 1)))
    tree = DecisionTreeClassifier(max_leaf_nodes=PLE_BINS, min_samples_leaf=64, random_state=0)
    tree.fit(column[:, None], labels)
    cuts = tree.tree_.threshold[tree.tree_.feature >= 0]
    return np.unique(np.concatenate([[column.min()], cuts, [column.max()]]))


def ple(column, edges):
    """Piecewise linear encoding of column [n] → [n, bins], each value clipped to [0, 1]."""
    low, high = edges[:-1], edges[1:]
    return np.clip((column[:, None] - low) / np.maximum(high - low, 1e-12), 0, 1)


def scaled(kind, fit_rows, other_rows, labels=None):
    """Fits `kind` on fit_rows [n, 7] (and their labels, for plet) and returns both row sets
    transformed."""
    if kind in ('pleq', 'plet'):
        edges = [ple_edges(fit_rows[:, j], kind, labels) for j in range(fit_rows.shape[1])]
        return (np.hstack([ple(fit_rows[:, j], e) for j, e in enumerate(edges)]),
                np.hstack([ple(other_rows[:, j], e) for j, e in enumerate(edges)]))
    if kind == 'qt':
        q = QuantileTransformer(output_distribution='normal', n_quantiles=1000,
                                subsample=10**9, random_state=0).fit(fit_rows)
        return q.transform(fit_rows), q.transform(other_rows)
    if kind == 'log':
        def f(a):
            return np.column_stack([np.log(a[:, [0]]), a[:, [1, 2]], np.log(a[:, [3]]),
                                    np.log1p(a[:, 4:])])
    elif kind == 'logratio':
        def f(a):
            return np.column_stack([a, np.log(a[:, [0]]), np.log(a[:, [3]]),
                                    np.log(a[:, [3]]) - 1.7 * np.log(a[:, [0]])])
    elif kind == 'std':
        def f(a):
            return a
    else:
        raise SystemExit(f'unknown scaling {kind}')
    s = StandardScaler().fit(f(fit_rows))
    return s.transform(f(fit_rows)), s.transform(f(other_rows))


def model(name, seed):
    if name == 'mlp':
        return MLPClassifier((256, 256, 128), alpha=1e-4, batch_size=256,
                             learning_rate_init=3e-3, max_iter=200, early_stopping=True,
                             validation_fraction=0.15, n_iter_no_change=20, random_state=seed)
    if name == 'lr':
        return LogisticRegression(max_iter=2000)
    if name == 'hgb':
        return HistGradientBoostingClassifier(random_state=seed)
    raise SystemExit(f'unknown model {name}')


def main():
    folds_dir, kinds, models = sys.argv[1], sys.argv[2].split(','), sys.argv[3].split(',')
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    with open(f'{folds_dir}/diamonds.csv', newline='') as fh:
        rows = list(csv.DictReader(fh))
    x = np.array([[float(r[c]) for c in NUMERIC] for r in rows])
    y = np.array([r['color'] for r in rows])
    for kind in kinds:
        for name in models:
            scores = []
            for k in range(5):
                parts = {'train': [], 'validation': [], 'test': []}
                with open(f'{folds_dir}/fold-{k}.csv') as fh:
                    for line in fh:
                        row_id, split = line.strip().split(',')
                        parts[split].append(int(row_id) - 1)
                fit = np.array(parts['train'] + parts['validation'])
                test = np.array(parts['test'])
                xf, xt = scaled(kind, x[fit], x[test], y[fit])
                clf = model(name, seed).fit(xf, y[fit])
                scores.append(f1_score(y[test], clf.predict(xt), average='macro'))
            print(f'seed {seed} {kind} {name} {np.mean(scores):.3f} ± {np.std(scores):.3f} '
                  + ' '.join(f'{s:.3f}' for s in scores), flush=True)


if __name__ == '__main__':
    main()
