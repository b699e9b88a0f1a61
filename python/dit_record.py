"""Record a PyTorch run (SGD, momentum, Nesterov, Adam or AdamW) in the format `dit export` writes, for `dit import`.

Needs numpy and torch only. Add three calls to a training loop:

    rec = Recorder("torch-run", model, optimizer, train=(X, y), val=(Xv, yv), test=(Xt, yt))
    for epoch in range(epochs):
        for idx in batches:                      # training-set indices of this batch
            rec.step(idx)                        # before optimizer.step(): records theta_t, its state, S_t, lr_t
            optimizer.zero_grad()
            loss_fn(model(X[idx]), y[idx]).backward()
            optimizer.step()
        rec.end_epoch()
    rec.close()                                  # records the final theta, writes manifest.json last

then `dit import --from torch-run --model SPEC --out RUN_DIR`. What dit can check and analyse:

* the model is a torch.nn.Sequential of Flatten, Linear, Conv2d, MaxPool2d, AvgPool2d,
  AdaptiveAvgPool2d(1), LayerNorm, ReLU, LeakyReLU, Tanh, Sigmoid, Softplus, GELU and ELU modules and
  residual blocks (an nn.Sequential subclass named Residual whose forward returns x + the body's
  output), in the shape `dit export` describes for SPEC (logreg: Flatten, Linear;
  mlp:W,...:act: Flatten, then Linear and the activation per hidden layer, then Linear;
  cnn:C,...:act: Conv2d(k=3) + activation + MaxPool2d(2) per layer, then Flatten, Linear; a layer
  list: its layers in order, globalavgpool as AdaptiveAvgPool2d(1) and Flatten);
* the loss is the batch mean of binary_cross_entropy_with_logits(model(x)[:, 0], y) for two classes
  (one output) or of cross_entropy(model(x), y) otherwise;
* the optimizer is torch.optim.SGD (momentum, nesterov, weight_decay; dampening 0), torch.optim.Adam
  or torch.optim.AdamW (amsgrad off), not maximizing, over exactly the model's parameters, with the
  same hyper-parameters in every parameter group; a scheduler may change the learning rate between
  steps. The recorder reads the hyper-parameters from the optimizer object (SGD's and Adam's
  weight_decay is dit's l2; AdamW's is its decoupled decay) and refuses, in one line, what dit
  cannot represent. With momentum or Adam it records the optimizer's state (optimizer.state[p]:
  momentum_buffer, or exp_avg and exp_avg_sq; zeros before the first step) at the same steps as
  theta, so create the Recorder before the first optimizer.step().

theta is recorded in the model's dtype (float32 or float64); `dit import` recomputes every recorded
step in float64 and accepts a float32 record within its float32 tolerance. `every=K` records theta
only at steps 0, K, 2K, ... and the last (theta_steps.npy lists them). The directory is written
under OUT.partial and renamed to OUT by close(): an interrupted run never leaves OUT.
"""
import json
import os
import shutil

import numpy as np
import torch

FORMAT_VERSION = 2
_ACTIVATIONS = {torch.nn.ReLU: "ReLU", torch.nn.Tanh: "Tanh", torch.nn.Sigmoid: "Sigmoid",
                torch.nn.Softplus: "Softplus"}


def _pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


def describe(model, sample):
    """The layer list and parameter table of `model` (an nn.Sequential), in the manifest's form."""
    if not isinstance(model, torch.nn.Sequential):
        raise ValueError("dit_record: the model must be a torch.nn.Sequential")
    with torch.no_grad():
        layers, _ = _describe_seq(model, sample, "")
    params, offset = [], 0
    for name, p in model.named_parameters():
        params.append({"name": name, "shape": list(p.shape), "offset": offset})
        offset += p.numel()
    return layers, params, offset


def _same(optimizer, key):
    """The value of `key` in every parameter group; refuses groups that differ."""
    values = {repr(g.get(key)) for g in optimizer.param_groups}
    if len(values) != 1:
        raise ValueError(f"dit_record: parameter groups with different {key} ({', '.join(sorted(values))});"
                         " dit needs one value for all parameters")
    return optimizer.param_groups[0].get(key)


def optimizer_description(optimizer, model):
    """dit's optimizer spec, l2 and state keys, and the manifest's optimizer object, read from a torch optimizer."""
    in_optimizer = [p for g in optimizer.param_groups for p in g["params"]]
    params = list(model.parameters())
    if len(in_optimizer) != len(params) or {id(p) for p in in_optimizer} != {id(p) for p in params}:
        raise ValueError("dit_record: the optimizer must update every parameter of the model, and only those")
    if _same(optimizer, "maximize"):
        raise ValueError("dit_record: maximize=True is not supported; dit minimises the loss")
    kind = type(optimizer)
    if isinstance(optimizer, torch.optim.AdamW) or isinstance(optimizer, torch.optim.Adam):
        adamw = isinstance(optimizer, torch.optim.AdamW)  # first: AdamW subclasses Adam in newer torch
        if _same(optimizer, "amsgrad"):
            raise ValueError(f"dit_record: {kind.__name__}(amsgrad=True) is not supported; dit's Adam has no amsgrad")
        b1, b2 = (float(b) for b in _same(optimizer, "betas"))
        eps, wd = float(_same(optimizer, "eps")), float(_same(optimizer, "weight_decay"))
        spec = f"adamw:{b1!r},{b2!r},{eps!r},{wd!r}" if adamw else f"adam:{b1!r},{b2!r},{eps!r}"
        l2 = 0.0 if adamw else wd
        hyper = {"betas": [b1, b2], "eps": eps, "weight_decay": wd, "amsgrad": False, "maximize": False}
        keys = ["exp_avg", "exp_avg_sq"]
        torch_name = "torch.optim.AdamW" if adamw else "torch.optim.Adam"
    elif isinstance(optimizer, torch.optim.SGD):
        mu, damp = float(_same(optimizer, "momentum")), float(_same(optimizer, "dampening"))
        nesterov, wd = bool(_same(optimizer, "nesterov")), float(_same(optimizer, "weight_decay"))
        if mu != 0 and damp != 0:
            raise ValueError(f"dit_record: SGD(dampening={damp!r}) is not supported; dit's momentum has dampening 0")
        spec = "sgd" if mu == 0 else f"{'nesterov' if nesterov else 'momentum'}:{mu!r}"
        l2 = wd
        hyper = {"momentum": mu, "dampening": 0.0 if mu == 0 else damp, "nesterov": nesterov, "weight_decay": wd,
                 "maximize": False}
        keys = [] if mu == 0 else ["momentum_buffer"]
        torch_name = "torch.optim.SGD"
    else:
        raise ValueError(f"dit_record: {kind.__module__}.{kind.__name__} is not supported; dit reads torch.optim.SGD"
                         " (momentum, nesterov, weight_decay), torch.optim.Adam and torch.optim.AdamW")
    name = spec.split(":")[0]
    obj = {"name": name, "spec": spec, "torch": torch_name, "hyperparameters": hyper, "l2": l2,
           "lr": "learning_rates.npy: lr[t] of param_groups[0] at step t",
           "state": {"keys": keys, "files": [k + ".npy" for k in keys],
                     "rows": "row r of KEY.npy is the state before the step of row r of theta.npy"}}
    return spec, l2, keys, obj

def _describe_seq(seq, h, where):
    layers = []
    for i, m in enumerate(seq):
        entry = {"index": i}
        at = f"layer {where}{i}"
        if isinstance(m, torch.nn.Flatten):
            if m.start_dim != 1 or m.end_dim != -1:
                raise ValueError(f"{at}: only Flatten(start_dim=1) is supported")
            entry.update(type="Flatten", torch="nn.Flatten(start_dim=1)", start_dim=1)
        elif isinstance(m, torch.nn.Linear):
            entry.update(type="Linear", torch=repr(m), in_features=m.in_features, out_features=m.out_features,
                         bias=m.bias is not None)
        elif isinstance(m, torch.nn.Conv2d):
            if m.padding_mode != "zeros" or isinstance(m.padding, str):
                raise ValueError(f"{at}: only numeric zero padding is supported")
            entry.update(type="Conv2d", torch=repr(m), in_channels=m.in_channels, out_channels=m.out_channels,
                         kernel_size=_pair(m.kernel_size), stride=_pair(m.stride), padding=_pair(m.padding),
                         dilation=_pair(m.dilation), groups=m.groups, bias=m.bias is not None)
        elif isinstance(m, (torch.nn.MaxPool2d, torch.nn.AvgPool2d)):
            entry.update(type=type(m).__name__, torch=repr(m), kernel_size=_pair(m.kernel_size),
                         stride=_pair(m.stride if m.stride is not None else m.kernel_size),
                         padding=_pair(m.padding), ceil_mode=bool(m.ceil_mode))
        elif isinstance(m, torch.nn.AdaptiveAvgPool2d):
            entry.update(type="AdaptiveAvgPool2d", torch=repr(m), output_size=_pair(m.output_size))
        elif isinstance(m, torch.nn.LayerNorm):
            entry.update(type="LayerNorm", torch=repr(m), normalized_shape=list(m.normalized_shape), eps=float(m.eps),
                         elementwise_affine=bool(m.elementwise_affine))
        elif isinstance(m, torch.nn.LeakyReLU):
            entry.update(type="LeakyReLU", torch=repr(m), negative_slope=float(m.negative_slope))
        elif isinstance(m, torch.nn.ELU):
            entry.update(type="ELU", torch=repr(m), alpha=float(m.alpha))
        elif isinstance(m, torch.nn.GELU):
            entry.update(type="GELU", torch=repr(m), approximate=getattr(m, "approximate", "none"))
        elif isinstance(m, torch.nn.Sequential) and type(m).__name__ == "Residual":  # forward: x + body(x)
            body, out = _describe_seq(m, h, f"{where}{i}.")
            entry.update(type="Residual", torch=repr(m).replace("\n", " "), body=body)
        elif type(m) in _ACTIVATIONS:
            entry.update(type=_ACTIVATIONS[type(m)], torch=repr(m))
        else:
            raise ValueError(f"{at}: {type(m).__name__} is not supported by dit import")
        h = m(h)
        if entry["type"] in ("MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Residual"):
            entry["output_shape"] = list(h.shape[1:])
        if entry["type"] == "Flatten":
            entry["features"] = int(h.shape[1])
        layers.append(entry)
    return layers, h


class Recorder:
    """Writes theta_t, the optimizer's state, the batches and the learning rates of a run, plus its data, to `out`."""

    def __init__(self, out, model, optimizer, train, val, test, num_classes=None, every=1, data_spec=None):
        self.spec, self.l2, self.keys, self.optimizer_object = optimizer_description(optimizer, model)
        if self.keys and any(v is not None for s in optimizer.state.values() for k, v in s.items() if k in self.keys):
            raise ValueError("dit_record: the optimizer has taken steps already; create the Recorder before the first"
                             " optimizer.step()")
        if os.path.exists(out):
            raise FileExistsError(f"dit_record: {out} exists; choose a new directory")
        if every < 1:
            raise ValueError("dit_record: every must be >= 1")
        self.out, self.partial = out, out + ".partial"
        if os.path.exists(self.partial):
            shutil.rmtree(self.partial)  # left by an interrupted earlier recording
        os.makedirs(self.partial)
        self.model, self.optimizer, self.every = model, optimizer, every
        self.dtype = next(model.parameters()).dtype
        if self.dtype not in (torch.float32, torch.float64):
            raise ValueError(f"dit_record: parameters of dtype {self.dtype}; float32 or float64 needed")
        labels = np.concatenate([np.asarray(s[1]) for s in (train, val, test)])
        self.num_classes = int(num_classes if num_classes is not None else max(2, labels.max() + 1))
        self.n_train = len(train[1])
        for name, (x, y) in (("train", train), ("val", val), ("test", test)):
            x = x.detach().cpu().numpy() if torch.is_tensor(x) else np.asarray(x)
            y = y.detach().cpu().numpy() if torch.is_tensor(y) else np.asarray(y)
            np.save(f"{self.partial}/{name}_x.npy", np.ascontiguousarray(x, dtype=x.dtype if x.dtype in (
                np.float32, np.float64) else np.float64))
            np.save(f"{self.partial}/{name}_y.npy", y.astype(np.int64))
        sample = torch.as_tensor(np.asarray(train[0][:1]), dtype=self.dtype)
        self.layers, self.params, self.p = describe(model, sample)
        self.sample_shape = list(sample.shape[1:])
        self.data_spec = data_spec
        self.theta_raw = open(f"{self.partial}/theta.raw", "wb")
        self.state_raw = {k: open(f"{self.partial}/{k}.raw", "wb") for k in self.keys}
        self.rows, self.theta_steps = 0, []
        self.indices, self.offsets, self.lrs, self.bounds = [], [0], [], [0]

    @staticmethod
    def _write(raw, v):
        raw.write(np.ascontiguousarray(v, dtype=v.dtype.newbyteorder("<")).tobytes())

    def _theta(self):
        v = torch.nn.utils.parameters_to_vector(self.model.parameters()).detach().cpu().numpy()
        self._write(self.theta_raw, v)
        for k in self.keys:  # optimizer.state[p][k], zeros before PyTorch creates it at the first step
            parts = []
            for p in self.model.parameters():
                b = self.optimizer.state[p].get(k) if p in self.optimizer.state else None
                parts.append(torch.zeros_like(p).reshape(-1) if b is None else b.detach().reshape(-1).to(p.dtype))
            self._write(self.state_raw[k], torch.cat(parts).cpu().numpy())
        self.theta_steps.append(len(self.lrs))
        self.rows += 1

    def _check_steps(self):
        """Adam counts its steps: they must be the steps recorded so far."""
        if not self.spec.startswith("adam"):
            return
        for p in self.model.parameters():
            s = self.optimizer.state[p] if p in self.optimizer.state else {}
            taken = int(float(s["step"])) if "step" in s else 0
            if taken != len(self.lrs):
                raise ValueError(f"dit_record: the optimizer has taken {taken} steps, the recorder saw {len(self.lrs)}:"
                                 " call rec.step(idx) once before every optimizer.step()")

    def step(self, indices, lr=None):
        """Call before optimizer.step(): records theta_t and the optimizer state (every K-th step), the batch S_t and lr_t."""
        idx = indices.detach().cpu().numpy() if torch.is_tensor(indices) else np.asarray(indices)
        idx = idx.astype(np.int64).ravel()
        if len(idx) == 0 or idx.min() < 0 or idx.max() >= self.n_train:
            raise ValueError(f"dit_record: batch indices must be non-empty and in [0, {self.n_train})")
        if lr is None:
            rates = {g["lr"] for g in self.optimizer.param_groups}
            if len(rates) != 1:
                raise ValueError("dit_record: parameter groups with different learning rates")
            lr = rates.pop()
        self._check_steps()
        if len(self.lrs) % self.every == 0:
            self._theta()
        self.indices.append(idx)
        self.offsets.append(self.offsets[-1] + len(idx))
        self.lrs.append(float(lr))

    def end_epoch(self):
        """Marks the end of an epoch (dit's epoch windows and training log follow these boundaries)."""
        if len(self.lrs) > self.bounds[-1]:
            self.bounds.append(len(self.lrs))

    def close(self):
        """Records the final theta, writes the remaining files and manifest.json, renames OUT.partial to OUT."""
        if not self.lrs:
            raise ValueError("dit_record: no steps recorded")
        self.end_epoch()
        self._check_steps()
        self._theta()
        d = self.partial
        dt = np.dtype("<f4" if self.dtype == torch.float32 else "<f8")
        for name, raw_file in [("theta", self.theta_raw)] + [(k, self.state_raw[k]) for k in self.keys]:
            raw_file.close()
            with open(f"{d}/{name}.npy", "wb") as f, open(f"{d}/{name}.raw", "rb") as raw:
                np.lib.format.write_array_header_1_0(f, {"descr": dt.str, "fortran_order": False,
                                                         "shape": (self.rows, self.p)})
                shutil.copyfileobj(raw, f)
            os.remove(f"{d}/{name}.raw")
        if self.every > 1:
            np.save(f"{d}/theta_steps.npy", np.asarray(self.theta_steps, dtype=np.int64))
        np.save(f"{d}/batch_indices.npy", np.concatenate(self.indices))
        np.save(f"{d}/batch_offsets.npy", np.asarray(self.offsets, dtype=np.int64))
        np.save(f"{d}/learning_rates.npy", np.asarray(self.lrs, dtype=np.float64))
        batch = max(len(i) for i in self.indices)
        manifest = {
            "format": "dit-export", "formatVersion": FORMAT_VERSION, "ditVersion": "dit_record.py",
            "update": "theta[t+1] = theta[t] - lr[t] * (mean over i in S_t of grad loss(z_i; theta[t]) + l2 * theta[t])"
            if self.spec == "sgd" else f"the {self.spec} update of docs/method.md §8 with the gradient mean over i in"
            " S_t of grad loss(z_i; theta[t]) + l2 * theta[t], from theta[t] and the optimizer state before step t",
            "model": {"numParams": self.p, "numClasses": self.num_classes, "sampleShape": self.sample_shape,
                      "dtype": str(self.dtype).replace("torch.", ""), "layers": self.layers,
                      "parameters": self.params},
            "data": {"spec": self.data_spec or "dit_record.py"},
            "training": {"epochs": len(self.bounds) - 1, "batchSize": batch,
                         "learningRate": next((r for r in self.lrs if r > 0), 1.0), "lrDecay": "constant",
                         "l2": self.l2, "optimizer": self.spec, "checkpointEvery": self.every,
                         "steps": len(self.lrs), "epochBoundaries": self.bounds},
            "optimizer": self.optimizer_object,
        }
        with open(f"{d}/manifest.json", "w") as f:  # last: a directory without it is incomplete
            json.dump(manifest, f, indent=2)
        os.replace(d, self.out)
