"""Rebuilds a `dit export` from its files alone and checks it against dit's recorded numbers.

Independent of dit's code and of python/dit_record.py: the model is built from manifest.json's
structured layer fields (type, in/out sizes, kernel, stride, padding, normalized shape, eps,
slope, alpha, a Residual's body), never from the "torch" strings or the spec; a Residual is the
manifest's own three-line class definition (x + body(x)).

    python3 rebuild_export.py EXPORT_DIR numpy   # numpy only: dtypes, shapes, forward pass, logreg step
    python3 rebuild_export.py EXPORT_DIR torch   # also torch: load_state_dict, losses, SGD steps

Prints one "ok ..." line per check and exits 1 at the first failure.
"""
import json
import math
import sys

import numpy as np

from torch_model import walk  # torch itself is imported only by build(), in torch mode

d, mode = sys.argv[1], sys.argv[2]
m = json.load(open(f"{d}/manifest.json"))


def check(cond, what):
    if not cond:
        print("FAIL " + what)
        sys.exit(1)
    print("ok " + what)


check(m["format"] == "dit-export" and m["formatVersion"] == 2, "format dit-export 2")
theta = np.load(f"{d}/theta.npy")
idx = np.load(f"{d}/batch_indices.npy")
off = np.load(f"{d}/batch_offsets.npy")
lr = np.load(f"{d}/learning_rates.npy")
X, y = np.load(f"{d}/train_x.npy"), np.load(f"{d}/train_y.npy")
Xv, yv = np.load(f"{d}/val_x.npy"), np.load(f"{d}/val_y.npy")
Xt, yt = np.load(f"{d}/test_x.npy"), np.load(f"{d}/test_y.npy")
check(theta.dtype == np.float64 and theta.shape == (len(lr) + 1, m["model"]["numParams"]), "theta (T+1, p) float64")
for name, a in [("batch_indices", idx), ("batch_offsets", off), ("train_y", y), ("val_y", yv), ("test_y", yt),
                ("corrupted", np.load(f"{d}/corrupted.npy"))]:
    check(a.dtype == np.int64, f"{name} int64")
model = m["model"]
layers = model["layers"]
params = model["parameters"]
l2 = m["training"]["l2"]
binary = model["numClasses"] == 2


def state(t):
    return {e["name"]: theta[t, e["offset"]:e["offset"] + int(np.prod(e["shape"]))].reshape(e["shape"])
            for e in params}


# The parameters tile theta in order, and each layer with weights owns "<key>.weight/.bias", where a
# Residual's body modules are numbered inside it ("1.0.weight").
pos = 0
for e in params:
    check(e["offset"] == pos, f"{e['name']} at offset {pos}")
    pos += int(np.prod(e["shape"]))
check(pos == theta.shape[1], "parameters cover theta")


for key, layer in walk(layers):
    w = state(0).get(f"{key}.weight")
    if layer["type"] == "Linear":
        check(w.shape == (layer["out_features"], layer["in_features"]), f"{key}.weight [out, in]")
    if layer["type"] == "Conv2d":
        k = layer["kernel_size"]
        check(w.shape == (layer["out_channels"], layer["in_channels"], k[0], k[1]), f"{key}.weight [out, in, kh, kw]")
    if layer["type"] == "LayerNorm":
        check(w.shape == tuple(layer["normalized_shape"]), f"{key}.weight {layer['normalized_shape']}")


def windows(h, k, s):
    (k0, k1), (s0, s1) = k, s
    oh, ow = (h.shape[2] - k0) // s0 + 1, (h.shape[3] - k1) // s1 + 1
    return np.stack([h[:, :, a:a + s0 * oh:s0, c:c + s1 * ow:s1] for a in range(k0) for c in range(k1)])


_erf = np.vectorize(math.erf)


def np_forward(s, x, seq=None, prefix=""):
    h = x
    for layer in layers if seq is None else seq:
        t, i = layer["type"], prefix + str(layer["index"])
        if t == "Flatten":
            h = h.reshape(h.shape[0], -1)
        elif t == "Linear":
            h = h @ s[f"{i}.weight"].T + s[f"{i}.bias"]
        elif t == "Conv2d":  # cross-correlation with stride and zero padding
            w, b = s[f"{i}.weight"], s[f"{i}.bias"]
            (sh, sw), (ph, pw) = layer["stride"], layer["padding"]
            hp = np.pad(h, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
            kh, kw = w.shape[2], w.shape[3]
            oh, ow = (hp.shape[2] - kh) // sh + 1, (hp.shape[3] - kw) // sw + 1
            out = np.zeros((h.shape[0], w.shape[0], oh, ow))
            for a in range(kh):
                for c in range(kw):
                    patch = hp[:, :, a:a + sh * oh:sh, c:c + sw * ow:sw]
                    out += np.einsum("nihw,oi->nohw", patch, w[:, :, a, c])
            h = out + b[None, :, None, None]
        elif t == "MaxPool2d":
            h = np.max(windows(h, layer["kernel_size"], layer["stride"]), 0)
        elif t == "AvgPool2d":
            h = np.mean(windows(h, layer["kernel_size"], layer["stride"]), 0)
        elif t == "AdaptiveAvgPool2d":
            if layer["output_size"] != [1, 1]:
                raise SystemExit(f"layer {i}: AdaptiveAvgPool2d to {layer['output_size']}")
            h = h.mean(axis=(2, 3), keepdims=True)
        elif t == "LayerNorm":  # over the last len(normalized_shape) dims, biased variance
            axes = tuple(range(h.ndim - len(layer["normalized_shape"]), h.ndim))
            mu = h.mean(axis=axes, keepdims=True)
            var = ((h - mu) ** 2).mean(axis=axes, keepdims=True)
            h = (h - mu) / np.sqrt(var + layer["eps"]) * s[f"{i}.weight"] + s[f"{i}.bias"]
        elif t == "Residual":
            h = h + np_forward(s, h, layer["body"], i + ".")
        elif t == "ReLU":
            h = np.maximum(h, 0)
        elif t == "LeakyReLU":
            h = np.where(h > 0, h, layer["negative_slope"] * h)
        elif t == "ELU":
            h = np.where(h > 0, h, layer["alpha"] * np.expm1(np.minimum(h, 0)))
        elif t == "GELU":
            if layer["approximate"] != "none":
                raise SystemExit(f"layer {i}: GELU approximate={layer['approximate']}")
            h = 0.5 * h * (1 + _erf(h / math.sqrt(2)))
        elif t == "Tanh":
            h = np.tanh(h)
        elif t == "Sigmoid":
            h = 1 / (1 + np.exp(-h))
        elif t == "Softplus":
            h = np.logaddexp(0, h)
        else:
            raise SystemExit("unknown layer " + t)
    return h


def np_losses(z, labels):
    if binary:
        z = z[:, 0]
        return np.logaddexp(0, z) - labels * z
    zmax = z.max(1, keepdims=True)
    lse = (zmax + np.log(np.exp(z - zmax).sum(1, keepdims=True)))[:, 0]
    return lse - z[np.arange(len(labels)), labels]


def close(a, b, tol):
    return abs(a - b) <= tol * max(1.0, abs(b))


def np_predict(z):
    return (z[:, 0] > 0).astype(np.int64) if binary else z.argmax(1)


# The log's training loss and accuracy: with trainMetrics "batch-mean" the mean over the epoch's batch
# entries at the θ_t each step saw; otherwise (absent: exact) over the training set at the epoch's end.
batch_mean = m["training"].get("trainMetrics", "exact") == "batch-mean"
bounds = m["training"]["epochBoundaries"]
kind = " (mean over the epoch's batches)" if batch_mean else ""


def batch(t):
    return idx[off[t]:off[t + 1]]


for k, e in enumerate(m["training"]["log"]):
    t = e["step"]
    if batch_mean:
        zs = [np_forward(state(s), X[batch(s)]) for s in range(bounds[k], bounds[k + 1])]
        ls = np.concatenate([np_losses(z, y[batch(s)]) for z, s in zip(zs, range(bounds[k], bounds[k + 1]))])
        right = np.concatenate([np_predict(z) == y[batch(s)] for z, s in zip(zs, range(bounds[k], bounds[k + 1]))])
        loss, acc = ls.mean(), right.mean()
    else:
        z = np_forward(state(t), X)
        loss, acc = np_losses(z, y).mean(), (np_predict(z) == y).mean()
    check(close(loss, e["trainLoss"], 1e-10), f"numpy train loss at step {t}{kind}: {loss} vs dit {e['trainLoss']}")
    check(abs(acc - e["trainAcc"]) <= 1e-12, f"numpy train accuracy at step {t}{kind}: {acc} vs dit {e['trainAcc']}")
    vloss = np_losses(np_forward(state(t), Xv), yv).mean()
    check(close(vloss, e["valLoss"], 1e-10), f"numpy val loss at step {t}: {vloss} vs dit {e['valLoss']}")

q = m.get("query")
if q is not None and q["kind"] in ("logit", "prob"):
    z = np_forward(state(len(lr)), Xt[q["testIndex"]:q["testIndex"] + 1])[0]
    if binary:
        v = q["sign"] * z[0]
        v = 1 / (1 + np.exp(-v)) if q["kind"] == "prob" else v
    else:
        v = z[q["class"]] if q["kind"] == "logit" else np.exp(z[q["class"]] - z.max()) / np.exp(z - z.max()).sum()
    check(q["class"] == yt[q["testIndex"]] or q["classFrom"] == "the query", "query class is the test label")
    check(close(v, q["valueAtFinalTheta"], 1e-10), f"numpy query {q['spec']}: {v} vs dit {q['valueAtFinalTheta']}")

if model["family"] == "logreg":  # the gradient in closed form: one SGD step in numpy
    for t in (0, len(lr) - 1):
        s = state(t)
        S = idx[off[t]:off[t + 1]]
        xs = X[S].reshape(len(S), -1)
        z = np_forward(s, X[S])
        if binary:
            r = (1 / (1 + np.exp(-z[:, 0])) - y[S])[:, None]
        else:
            p = np.exp(z - z.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            p[np.arange(len(S)), y[S]] -= 1
            r = p
        gw, gb = r.T @ xs / len(S), r.mean(0)
        nw = s["1.weight"] - lr[t] * (gw + l2 * s["1.weight"])
        nb = s["1.bias"] - lr[t] * (gb + l2 * s["1.bias"])
        n1 = state(t + 1)
        err = max(np.abs(nw - n1["1.weight"]).max(), np.abs(nb - n1["1.bias"]).max())
        check(err <= 1e-12 * max(1.0, np.abs(theta[t + 1]).max()), f"numpy logreg SGD step {t}: max error {err:.2e}")

if mode == "numpy":
    sys.exit(0)

import torch  # noqa: E402

from torch_model import build  # noqa: E402

torch.set_default_dtype(torch.float64)
net = build(layers)
check(list(net.state_dict().keys()) == [e["name"] for e in params], "state_dict keys are the manifest's names")
Xtr, ytr = torch.from_numpy(X), torch.from_numpy(y)


def load(t):
    net.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in state(t).items()}, strict=True)


def torch_loss(xb, yb):
    z = net(xb)
    if binary:
        return torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], yb.double())
    return torch.nn.functional.cross_entropy(z, yb)


for k, e in enumerate(m["training"]["log"]):
    with torch.no_grad():
        if batch_mean:
            total, entries = 0.0, 0
            for s in range(bounds[k], bounds[k + 1]):
                load(s)
                S = torch.from_numpy(batch(s))
                total += torch_loss(Xtr[S], ytr[S]).item() * len(S)
                entries += len(S)
            loss = total / entries
        else:
            load(e["step"])
            loss = torch_loss(Xtr, ytr).item()
    check(close(loss, e["trainLoss"], 1e-10),
          f"torch train loss at step {e['step']}{kind}: {loss} vs dit {e['trainLoss']}")

T = len(lr)
worst = 0.0
for t in sorted({0, 1, T // 2, T - 1}):
    load(t)
    opt = torch.optim.SGD(net.parameters(), lr=float(lr[t]), momentum=0, weight_decay=l2)
    S = torch.from_numpy(idx[off[t]:off[t + 1]])  # int64 indexes directly
    opt.zero_grad()
    torch_loss(Xtr[S], ytr[S]).backward()
    opt.step()
    got = torch.nn.utils.parameters_to_vector(net.parameters()).detach().numpy()
    err = np.abs(got - theta[t + 1]).max() / max(np.abs(theta[t + 1] - theta[t]).max(), 1e-300)
    worst = max(worst, err)
    check(err <= 1e-9, f"torch SGD step {t}: max |torch - dit theta[{t + 1}]| / max |step| = {err:.2e}")
print(f"worst relative step error {worst:.2e}")
