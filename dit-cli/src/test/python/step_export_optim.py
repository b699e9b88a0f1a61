"""Takes torch.optim steps from the optimizer state of a `dit export` and compares with dit's next row.

    python3 step_export_optim.py EXPORT_DIR

For an MLP export of a momentum, Nesterov, Adam or AdamW run: builds the nn.Sequential from the
manifest's layers (Flatten, Linear, activations), the torch.optim optimizer from the manifest's
"optimizer" object alone (class and hyper-parameters in PyTorch's names; dit's l2 added to the loss
as l2/2 |theta|^2 where the optimizer has no such term), loads theta[t] and the state files' row t
into optimizer.state (nothing at t = 0, as PyTorch), takes one step on batch t, and compares theta
and the state with row t + 1. Prints one "ok ..." line per check and exits 1 at the first failure.
"""
import json
import sys

import numpy as np
import torch

d = sys.argv[1]
m = json.load(open(f"{d}/manifest.json"))
torch.set_default_dtype(torch.float64)


def check(cond, what):
    if not cond:
        print("FAIL " + what)
        sys.exit(1)
    print("ok " + what)


theta = np.load(f"{d}/theta.npy")
idx, off = np.load(f"{d}/batch_indices.npy"), np.load(f"{d}/batch_offsets.npy")
lr = np.load(f"{d}/learning_rates.npy")
X, y = torch.from_numpy(np.load(f"{d}/train_x.npy")), torch.from_numpy(np.load(f"{d}/train_y.npy"))
o = m["optimizer"]
h = o["hyperparameters"]
keys = o["state"]["keys"]
states = {k: np.load(f"{d}/{f}") for k, f in zip(keys, o["state"]["files"])}
for k in keys:
    check(states[k].shape == theta.shape and not states[k][0].any(), f"{k}.npy shaped like theta, zeros at step 0")
mods = []
for layer in m["model"]["layers"]:
    if layer["type"] == "Flatten":
        mods.append(torch.nn.Flatten(start_dim=layer["start_dim"]))
    elif layer["type"] == "Linear":
        mods.append(torch.nn.Linear(layer["in_features"], layer["out_features"], bias=layer["bias"]))
    else:
        mods.append({"ReLU": torch.nn.ReLU, "Tanh": torch.nn.Tanh, "Sigmoid": torch.nn.Sigmoid}[layer["type"]]())
net = torch.nn.Sequential(*mods)
binary = m["model"]["numClasses"] == 2
params = list(net.parameters())
cls = {"torch.optim.SGD": torch.optim.SGD, "torch.optim.Adam": torch.optim.Adam,
       "torch.optim.AdamW": torch.optim.AdamW}[o["torch"]]
kwargs = {k: (tuple(v) if k == "betas" else v) for k, v in h.items()}
extra_l2 = o["l2"] if o["torch"] == "torch.optim.AdamW" else 0.0  # the l2Mapping: AdamW has no L2 term of its own


def rows(a, t):
    """Row t of a theta-shaped array cut into the parameters' shapes (the manifest's offsets)."""
    out, at = [], 0
    for p in params:
        out.append(torch.from_numpy(a[t, at:at + p.numel()].copy()).reshape(p.shape))
        at += p.numel()
    return out


T = len(lr)
worst = 0.0
for t in sorted({0, 1, T // 2, T - 1}):
    with torch.no_grad():
        for p, v in zip(params, rows(theta, t)):
            p.copy_(v)
    opt = cls(params, lr=float(lr[t]), **kwargs)
    if t > 0:
        for i, p in enumerate(params):
            s = {k: rows(states[k], t)[i] for k in keys}
            if "exp_avg" in s:
                s["step"] = torch.tensor(float(t))
            opt.state[p] = s
    S = torch.from_numpy(idx[off[t]:off[t + 1]])
    opt.zero_grad()
    z = net(X[S])
    loss = (torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], y[S].double()) if binary
            else torch.nn.functional.cross_entropy(z, y[S]))
    if extra_l2:
        loss = loss + extra_l2 / 2 * sum((p * p).sum() for p in params)
    loss.backward()
    opt.step()
    got = torch.nn.utils.parameters_to_vector(params).detach().numpy()
    err = np.abs(got - theta[t + 1]).max() / np.abs(theta[t + 1] - theta[t]).max()
    worst = max(worst, err)
    check(err <= 1e-9, f"{o['torch']} step {t}: theta error {err:.2e} of the step")
    for k in keys:
        s = torch.cat([opt.state[p][k].reshape(-1) for p in params]).detach().numpy()
        err = np.abs(s - states[k][t + 1]).max() / np.abs(states[k][t + 1] - states[k][t]).max()
        worst = max(worst, err)
        check(err <= 1e-9, f"{o['torch']} step {t}: {k} error {err:.2e} of its change")
print(f"worst relative error {worst:.2e}")
