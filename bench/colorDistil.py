#!/usr/bin/env python3
"""Knowledge distillation from a gradient-boosting teacher into the MLP, for diamonds color
(issue #11): can an MLP student of HistGradientBoosting (HGB) reach within a point of HGB's
macro-F1 on the studio's own five folds, while the exported model stays an MLP?

Harness as bench/colorTrials.py (its `load`): folds from `npx tsx bench/colorFolds.ts <dir>`;
per fold the student fits on train (6 800 rows, standardised on them), early-stops /
restores the best epoch on validation macro-F1 (1 200), scores test macro-F1 (2 000).

Teacher: HGB (random_state=1) fitted on the training rows only. Its soft labels for the
training rows are cross-fitted: 5 stratified inner folds of the training rows, each row's
probabilities from the HGB fitted on the other four (in-sample probabilities are
overconfident). Synthetic rows are labelled by the HGB fitted on all training rows.
Teacher 'log': the same HGB given three extra columns (ln carat, ln price,
ln price − 1.7 ln carat; +1.9 points for HGB in 2026-12-04-color-input-scaling.md) — the
student still sees only the 7 standardised columns.

Loss on real rows (Hinton, Vinyals, Dean 2015):
  α · CE(y, s) + (1 − α) · T² · KL(softmax(log p_teacher / T) ‖ softmax(s / T)),
on synthetic rows (Buciluǎ, Caruana, Niculescu-Mizil, KDD 2006) T² · KL(· ‖ ·) alone
(no hard label), one synthetic batch beside each real batch. Synthetic kinds, a pool of
5 × 6 800 rows drawn once per fold and labelled once: 'noise' (real row + N(0, σ²) in
standardised space), 'mixup' (λ x_i + (1 − λ) x_j, λ ~ U(0, 1)), 'munge' (MUNGE: for each
row and its nearest neighbour, each attribute swapped with probability p = 0.5 and
redrawn from N(neighbour's value, |difference| / s), s = 1).

Student: the best single network of 2026-12-04-color-trials.md, [256, 256, 128] MLP, ReLU,
dropout 0.1, no class weights, Adam lr 3e-3 + L2 1e-4, batch 256, 150 epochs of cosine decay
to 0, best validation epoch restored. 'tabm': a BatchEnsemble MLP of k members (TabM,
Gorishniy et al. 2024): shared weights, per-member input/output scales r, s (r of the first
layer ±1 at random, the rest 1) and biases; the k members see the same batches, the loss is
their mean, the prediction the mean of their probabilities.

Usage (one thread, nice'd, as the machine is shared):
  OMP_NUM_THREADS=1 nice -n 19 python3 bench/colorDistil.py <fold dir> <out.jsonl> SEED CONFIG...
  (COLOR_FOLDS=2,3 in the environment: only those folds; records are appended, so several
  processes can share one configuration)
  python3 bench/colorDistil.py --summary <out.jsonl>
"""
import json
import math
import os
import pickle
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from colorTrials import load  # noqa: E402

torch.set_num_threads(1)
# COLOR_FOLDS=3,4 runs only those folds (to spread one configuration over processes).
FOLDS = [int(f) for f in os.environ.get("COLOR_FOLDS", "0,1,2,3,4").split(",")]

BASE = dict(model="mlp", hidden=[256, 256, 128], lr=3e-3, batch=256, dropout=0.1, wd=1e-4,
            epochs=150, alpha=1.0, T=1.0, teacher="plain", synth=None, sigma=0.1, k=16)
CONFIGS = {
    "student-only": dict(),  # alpha 1: plain cross-entropy, no teacher
    "kd-a0.5-T1": dict(alpha=0.5, T=1.0),
    "kd-a0.5-T2": dict(alpha=0.5, T=2.0),
    "kd-a0.5-T4": dict(alpha=0.5, T=4.0),
    "kd-a0.1-T2": dict(alpha=0.1, T=2.0),
    "kd-a0-T1": dict(alpha=0.0, T=1.0),
    "kdlog-a0.5-T2": dict(alpha=0.5, T=2.0, teacher="log"),
    "kdlog-a0-T1": dict(alpha=0.0, T=1.0, teacher="log"),
    "kd-a0.5-T2-noise0.1": dict(alpha=0.5, T=2.0, synth="noise", sigma=0.1),
    "kd-a0.5-T2-noise0.3": dict(alpha=0.5, T=2.0, synth="noise", sigma=0.3),
    "kd-a0.5-T2-mixup": dict(alpha=0.5, T=2.0, synth="mixup"),
    "kd-a0.5-T2-munge": dict(alpha=0.5, T=2.0, synth="munge"),
    "kdlog-a0.5-T2-munge": dict(alpha=0.5, T=2.0, teacher="log", synth="munge"),
    "kdlog-a0.5-T2-noise0.1": dict(alpha=0.5, T=2.0, teacher="log", synth="noise", sigma=0.1),
    "tabm-k16": dict(model="tabm", k=16),
    "tabm-k16-kd-a0.5-T2": dict(model="tabm", k=16, alpha=0.5, T=2.0),
}


def teacher_features(raw, kind):
    if kind == "plain":
        return raw
    c, p = np.log(np.maximum(raw[:, [0]], 1e-3)), np.log(np.maximum(raw[:, [3]], 1.0))
    return np.column_stack([raw, c, p, p - 1.7 * c])


def hgb():
    return HistGradientBoostingClassifier(random_state=1)


def teacher(fold_dir, fold, kind, x, y, s):
    """Teacher probabilities (cross-fitted on train, full-train model on validation / test)
    and the full-train model, cached in /tmp per fold and kind."""
    path = f"/tmp/colordistil-teacher-{kind}-{fold}.pkl"
    if os.path.exists(path):
        with open(path, "rb") as f:
            return pickle.load(f)
    tr = s == "train"
    xt, yt = teacher_features(x[tr], kind), y[tr]
    oof = np.zeros((len(yt), int(y.max()) + 1))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=1).split(xt, yt):
        oof[b] = hgb().fit(xt[a], yt[a]).predict_proba(xt[b])
    full = hgb().fit(xt, yt)
    res = dict(oof=oof, model=full,
               val=full.predict_proba(teacher_features(x[s == "validation"], kind)),
               test=full.predict_proba(teacher_features(x[s == "test"], kind)))
    with open(path + f".{os.getpid()}", "wb") as f:
        pickle.dump(res, f)
    os.replace(path + f".{os.getpid()}", path)  # atomic: parallel runs share the cache
    return res


def synthetic(kind, z, sigma, rng, copies=5):
    """A pool of copies × n synthetic rows in standardised space."""
    n = len(z)
    if kind == "noise":
        return np.concatenate([z + rng.normal(0, sigma, z.shape) for _ in range(copies)])
    if kind == "mixup":
        i, j = rng.integers(0, n, (2, copies * n))
        lam = rng.uniform(0, 1, (copies * n, 1))
        return lam * z[i] + (1 - lam) * z[j]
    if kind == "munge":
        # nearest neighbour of every row (excluding itself), in blocks to bound memory
        nn_idx = np.empty(n, dtype=int)
        sq = (z ** 2).sum(1)
        for a in range(0, n, 1000):
            d = sq[a:a + 1000, None] + sq[None] - 2 * z[a:a + 1000] @ z.T
            d[np.arange(d.shape[0]), np.arange(a, a + d.shape[0])] = np.inf
            nn_idx[a:a + 1000] = d.argmin(1)
        out = []
        for _ in range(copies):
            e, e2 = z.copy(), z[nn_idx]
            swap = rng.uniform(size=z.shape) < 0.5
            sd = np.abs(z - e2)  # s = 1
            e[swap] = rng.normal(e2[swap], sd[swap])
            out.append(e)
        return np.concatenate(out)
    raise ValueError(kind)


class BELinear(nn.Module):
    """BatchEnsemble linear layer: y_i = ((x_i ∘ r_i) W) ∘ s_i + b_i for members i < k."""

    def __init__(self, d_in, d_out, k, random_signs):
        super().__init__()
        self.lin = nn.Linear(d_in, d_out, bias=False)
        r = torch.ones(k, d_in)
        if random_signs:
            r = torch.where(torch.rand(k, d_in) < 0.5, -1.0, 1.0)
        self.r = nn.Parameter(r)
        self.s = nn.Parameter(torch.ones(k, d_out))
        bound = 1 / math.sqrt(d_in)
        self.b = nn.Parameter(torch.empty(k, d_out).uniform_(-bound, bound))

    def forward(self, x):  # [n, k, d_in] → [n, k, d_out]
        return self.lin(x * self.r) * self.s + self.b


class TabM(nn.Module):
    def __init__(self, n_features, hidden, n_classes, k, dropout):
        super().__init__()
        self.k = k
        layers, width = [], n_features
        for i, h in enumerate(hidden):
            layers += [BELinear(width, h, k, i == 0), nn.ReLU(), nn.Dropout(dropout)]
            width = h
        layers.append(BELinear(width, n_classes, k, False))
        self.body = nn.Sequential(*layers)

    def forward(self, x):  # [n, f] → logits [n, k, c]
        return self.body(x[:, None, :].expand(-1, self.k, -1))


def network(cfg, n_features, n_classes):
    if cfg["model"] == "tabm":
        return TabM(n_features, cfg["hidden"], n_classes, cfg["k"], cfg["dropout"])
    layers, width = [], n_features
    for h in cfg["hidden"]:
        layers += [nn.Linear(width, h), nn.ReLU(), nn.Dropout(cfg["dropout"])]
        width = h
    layers.append(nn.Linear(width, n_classes))
    return nn.Sequential(*layers)


def probs_of(net, x):
    out = net(x)
    if out.dim() == 3:
        return torch.softmax(out, -1).mean(1)
    return torch.softmax(out, -1)


def loss_of(net, x, y, pt, alpha, T):
    """α·CE(y) + (1−α)·T²·KL(pt_T ‖ student_T); y None → the KL term alone (weight 1).
    pt: teacher log-probabilities softened at T, [n, c]. TabM: mean over members."""
    out = net(x)
    if out.dim() == 3:
        n, k, c = out.shape
        out = out.reshape(n * k, c)
        y = None if y is None else y.repeat_interleave(k)
        pt = None if pt is None else pt.repeat_interleave(k, 0)
    loss = 0.0
    if y is not None and alpha > 0:
        loss = loss + alpha * F.cross_entropy(out, y)
    if pt is not None:
        w = 1.0 if y is None else 1 - alpha
        if w > 0:
            kl = F.kl_div(F.log_softmax(out / T, -1), pt, log_target=True, reduction="batchmean")
            loss = loss + w * T * T * kl
    return loss


def soften(p, T):
    lp = torch.log(torch.tensor(p, dtype=torch.float32).clamp_min(1e-7))
    return F.log_softmax(lp / T, -1)


def train_one(cfg, seed, xtr, ytr, ptr, xsyn, psyn, xva, yva, n_classes):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    net = network(cfg, xtr.shape[1], n_classes)
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"], weight_decay=cfg["wd"])
    bs = cfg["batch"]
    steps = math.ceil(len(ytr) / bs)
    total = cfg["epochs"] * steps
    best, best_state, best_epoch, step = -1.0, None, 0, 0
    for epoch in range(1, cfg["epochs"] + 1):
        net.train()
        order = torch.randperm(len(ytr), generator=gen)
        sorder = None if xsyn is None else torch.randint(0, len(xsyn), (steps * bs,), generator=gen)
        for i in range(steps):
            idx = order[i * bs:(i + 1) * bs]
            for g in opt.param_groups:
                g["lr"] = cfg["lr"] * 0.5 * (1 + math.cos(math.pi * step / total))
            opt.zero_grad()
            loss = loss_of(net, xtr[idx], ytr[idx], None if ptr is None else ptr[idx],
                           cfg["alpha"], cfg["T"])
            if xsyn is not None:
                sidx = sorder[i * bs:(i + 1) * bs]
                loss = loss + loss_of(net, xsyn[sidx], None, psyn[sidx], cfg["alpha"], cfg["T"])
            loss.backward()
            opt.step()
            step += 1
        net.eval()
        with torch.no_grad():
            f1 = f1_score(yva.numpy(), probs_of(net, xva).argmax(1).numpy(), average="macro")
        if f1 > best:
            best, best_epoch = f1, epoch
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
    net.load_state_dict(best_state)
    net.eval()
    return net, best_epoch


def run(fold_dir, out, seed, names):
    for name in names:
        cfg = {**BASE, **CONFIGS[name]}
        for fold in FOLDS:
            x, y, s, n_classes = load(fold_dir, fold)
            tr, va, te = s == "train", s == "validation", s == "test"
            mean, std = x[tr].mean(0), x[tr].std(0)
            t = lambda a: torch.tensor(a, dtype=torch.float32)
            ztr = (x[tr] - mean) / std
            xtr, xva, xte = t(ztr), t((x[va] - mean) / std), t((x[te] - mean) / std)
            ytr, yva = torch.tensor(y[tr]), torch.tensor(y[va])
            started = time.process_time()
            ptr = xsyn = psyn = None
            teach = None
            if cfg["alpha"] < 1 or cfg["synth"]:
                teach = teacher(fold_dir, fold, cfg["teacher"], x, y, s)
                ptr = soften(teach["oof"], cfg["T"])
            if cfg["synth"]:
                rng = np.random.default_rng(seed * 1000 + fold)
                zs = synthetic(cfg["synth"], ztr, cfg["sigma"], rng)
                raw = zs * std + mean
                psyn = soften(teach["model"].predict_proba(
                    teacher_features(raw, cfg["teacher"])), cfg["T"])
                xsyn = t(zs)
            net, best_epoch = train_one(cfg, seed, xtr, ytr, ptr, xsyn, psyn, xva, yva,
                                        n_classes)
            with torch.no_grad():
                p = probs_of(net, xte).numpy()
            f1 = float(f1_score(y[te], p.argmax(1), average="macro"))
            rec = dict(config=name, seed=seed, fold=fold, f1=f1, epoch=best_epoch,
                       cpu_s=time.process_time() - started)
            if teach is not None:
                rec["teacher_test_f1"] = float(f1_score(y[te], teach["test"].argmax(1),
                                                        average="macro"))
                rec["teacher_oof_f1"] = float(f1_score(y[tr], teach["oof"].argmax(1),
                                                       average="macro"))
            print(json.dumps(rec), flush=True)
            with open(out, "a") as f:
                f.write(json.dumps(rec) + "\n")


def reference(fold_dir, out):
    """HGB as the bench fits it (train + validation: 'hgb') and the teachers' own test
    scores (train only: 'hgb-train', 'hgb-train-log')."""
    for fold in range(5):
        x, y, s, _ = load(fold_dir, fold)
        te = s == "test"
        for name, fit, kind in [("hgb", s != "test", "plain"), ("hgb-train", s == "train", "plain"),
                                ("hgb-train-log", s == "train", "log")]:
            pred = hgb().fit(teacher_features(x[fit], kind), y[fit]).predict(
                teacher_features(x[te], kind))
            rec = dict(config=name, seed=1, fold=fold,
                       f1=float(f1_score(y[te], pred, average="macro")))
            print(json.dumps(rec), flush=True)
            with open(out, "a") as f:
                f.write(json.dumps(rec) + "\n")


def summary(out):
    recs = [json.loads(l) for l in open(out)]
    by = {}
    for r in recs:
        by.setdefault((r["config"], r["seed"]), {})[r["fold"]] = r
    ref = by.get(("hgb", 1), {})
    print("| config | seed | mean ± std | folds 0–4 | folds within 1 pt of HGB | CPU s / fold | "
          "best epochs |")
    print("|---|---|---|---|---|---|---|")
    for (name, seed), folds in by.items():
        if len(folds) < 5:
            print(f"| {name} | {seed} | ({len(folds)} folds) | | | | |")
            continue
        f = np.array([folds[k]["f1"] for k in sorted(folds)])
        within = sum(folds[k]["f1"] >= ref[k]["f1"] - 0.01 for k in folds if k in ref)
        cpu = np.mean([folds[k].get("cpu_s", 0) for k in folds])
        eps = " ".join(str(folds[k].get("epoch", "")) for k in sorted(folds))
        print(f"| {name} | {seed} | {f.mean():.3f} ± {f.std(ddof=1):.3f} | "
              f"{' '.join(f'{v:.3f}' for v in f)} | {within}/5 | {cpu:.0f} | {eps.strip() or '–'} |")


if __name__ == "__main__":
    if sys.argv[1] == "--summary":
        summary(sys.argv[2])
    elif sys.argv[3] == "reference":
        reference(sys.argv[1], sys.argv[2])
    else:
        run(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:])
