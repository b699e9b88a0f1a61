"""DIT influence recomputed in PyTorch from a `dit export` alone, and compared with dit's influence file.

    python3 torch_dit_sweep.py EXPORT_DIR INFLUENCE_CSV

An outsider's reimplementation for the val-loss query, written from docs/method.md sections 2-4
and 8 and PyTorch's own update rules, not from dit's code: the model from the manifest's layer fields
(torch_model.py), theta_t and the optimizer state from the export's files, S_t from the batch files,
eta_t from learning_rates.npy. One training step is written as a torch function of the state
s_t = (theta_t, optimizer state) and of per-sample weights w (all 1; removing j sets w_j = 0, the
batch denominator |S_t| unchanged):

    g = (1/|S_t|) sum_i w_i grad l(z_i; theta) (+ the coupled L2 term),  s_{t+1} = Step_t(s_t, g)

with torch.optim's SGD (momentum, Nesterov), Adam and AdamW rules. The first-order influence of
removing j is -dF/dw_j, summed over the steps that use j; reverse-mode autograd through Step_t and
through g (so the exact Hessian-vector products come from PyTorch's double backward) gives it with
one adjoint per window:

    lam <- (grad F(theta_t2), 0)               F = mean loss over the validation split
    for t = t2-1 down to t1 (G: down to 0, and lam_theta -= grad F(theta_t1) when t == t1-1):
        score[j] -= d<lam, Step_t(s_t, g(w))>/dw_j   for j in S_t;   lam <- (d<lam, Step_t>/ds_t)

Exits 1 unless every score is within 1e-9 of dit's, relative to the window's largest |score|.
"""
import json
import re
import sys

import numpy as np
import torch
from torch.nn.utils.stateless import functional_call

from torch_model import build

d, csv = sys.argv[1], sys.argv[2]
torch.set_default_dtype(torch.float64)
m = json.load(open(f"{d}/manifest.json"))
theta = np.load(f"{d}/theta.npy")
idx, off = np.load(f"{d}/batch_indices.npy"), np.load(f"{d}/batch_offsets.npy")
lr = np.load(f"{d}/learning_rates.npy")
alpha = m["training"]["l2"]
X, y = torch.from_numpy(np.load(f"{d}/train_x.npy")), torch.from_numpy(np.load(f"{d}/train_y.npy"))
Xv, yv = torch.from_numpy(np.load(f"{d}/val_x.npy")), torch.from_numpy(np.load(f"{d}/val_y.npy"))
binary = m["model"]["numClasses"] == 2
net = build(m["model"]["layers"])
params = list(net.parameters())

header = [l for l in open(csv) if l.startswith("#")]
definition = next(l.split(":", 1)[1].strip() for l in header if l.startswith("# definition:"))
query = next(l.split(":", 1)[1].strip() for l in header if l.startswith("# query:"))
if query != "val-loss":
    sys.exit(f"FAIL this check knows the val-loss query only, not {query}")
windows = [(name, int(a), int(b)) for name, a, b in
           re.findall(r"(\S+)\[(\d+),(\d+)\)", next(l for l in header if l.startswith("# windows:")))]
rows = [l.rstrip("\n").split(",") for l in open(csv) if not l.startswith("#")]
cols = rows[0]
dit = {name: np.array([float(r[cols.index(name)]) for r in rows[1:]]) for name, _, _ in windows}
samples = np.array([int(r[0]) for r in rows[1:]])

names = [name for name, _ in net.named_parameters()]
shapes = [p.shape for p in params]
sizes = [p.numel() for p in params]
opt = m.get("optimizer")
kind = "sgd" if opt is None else opt["torch"]
hyper = {} if opt is None else opt["hyperparameters"]
keys = [] if opt is None else opt["state"]["keys"]
state = {k: np.load(f"{d}/{k}.npy") for k in keys}


def losses_at(theta_t, xb, yb):
    pieces = torch.split(theta_t, sizes)
    z = functional_call(net, {n_: v.reshape(sh) for n_, v, sh in zip(names, pieces, shapes)}, (xb,))
    if binary:
        return torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], yb.double(), reduction="none")
    return torch.nn.functional.cross_entropy(z, yb, reduction="none")


def query_gradient(t):
    th = torch.from_numpy(theta[t].copy()).requires_grad_(True)
    return torch.autograd.grad(losses_at(th, Xv, yv).mean(), th)[0]


def step_map(t, th, st, w, S):
    """theta_{t+1} and the next state, as torch.optim computes them, from theta_t, state_t and weights w."""
    g = torch.autograd.grad((w * losses_at(th, X[S], y[S])).sum() / len(S), th, create_graph=True)[0]
    eta = float(lr[t])
    if kind in ("sgd", "torch.optim.SGD"):
        g = g + float(hyper.get("weight_decay", alpha)) * th
        mu = float(hyper.get("momentum", 0))
        if mu == 0:
            return th - eta * g, []
        buf = mu * st[0] + g
        return th - eta * ((g + mu * buf) if hyper.get("nesterov") else buf), [buf]
    b1, b2 = (float(b) for b in hyper["betas"])
    eps = float(hyper["eps"])
    if kind == "torch.optim.AdamW":
        g = g + float(opt["l2"]) * th  # dit's alpha, which AdamW lacks, is added to the gradient besides
        base = th * (1 - eta * float(hyper["weight_decay"]))
    else:
        g = g + float(hyper["weight_decay"]) * th
        base = th
    m1 = b1 * st[0] + (1 - b1) * g
    v1 = b2 * st[1] + (1 - b2) * g * g
    mh, vh = m1 / (1 - b1 ** (t + 1)), v1 / (1 - b2 ** (t + 1))
    root = torch.sqrt(torch.clamp(vh, min=1e-300))  # d sqrt = 0 where v-hat = 0, as method.md section 8
    return base - eta * mh / (root + eps), [m1, v1]


def step(t, lam, score):
    """Adds step t's contributions to score and returns the adjoint of s_t from that of s_{t+1}."""
    S = torch.from_numpy(idx[off[t]:off[t + 1]])
    th = torch.from_numpy(theta[t].copy()).requires_grad_(True)
    st = [torch.from_numpy(state[k][t].copy()).requires_grad_(True) for k in keys]
    w = torch.ones(len(S), requires_grad=True)
    nth, nst = step_map(t, th, st, w, S)
    pairing = torch.dot(lam[0], nth) + sum(torch.dot(a, b) for a, b in zip(lam[1:], nst))
    grads = torch.autograd.grad(pairing, [th, w] + st, allow_unused=True)
    for j, dw in zip(S.tolist(), grads[1].tolist()):
        score[j] -= dw
    return [grads[0]] + [torch.zeros_like(s_) if g_ is None else g_ for s_, g_ in zip(st, grads[2:])]


n = len(X)
worst = 0.0
for name, t1, t2 in windows:
    score = np.zeros(n)
    lam = [query_gradient(t2)] + [torch.zeros(theta.shape[1]) for _ in keys]
    low = t1 if definition == "local" else 0
    for t in range(t2 - 1, low - 1, -1):
        if definition != "local" and t == t1 - 1:
            lam[0] = lam[0] - query_gradient(t1)
        lam = step(t, lam, score)
    ours, theirs = score[samples], dit[name]
    scale = np.abs(ours).max()
    if not scale > 0:
        sys.exit(f"FAIL window {name}: every recomputed score is 0, nothing is compared")
    err = np.abs(ours - theirs).max() / scale
    worst = max(worst, err)
    print(f"{'ok' if err <= 1e-9 else 'FAIL'} window {name} [{t1},{t2}) {definition}: max |torch - dit| / max |score| = {err:.2e}")
print(f"worst {worst:.2e}")
sys.exit(0 if worst <= 1e-9 else 1)
