"""Record a PyTorch SGD run in the format `dit export` writes, for `dit import`.

Needs numpy and torch only. Add three calls to a training loop:

    rec = Recorder("torch-run", model, optimizer, train=(X, y), val=(Xv, yv), test=(Xt, yt))
    for epoch in range(epochs):
        for idx in batches:                      # training-set indices of this batch
            rec.step(idx)                        # before optimizer.step(): records theta_t, S_t, lr_t
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
* the optimizer is torch.optim.SGD without momentum (weight_decay is recorded as dit's l2), one
  learning rate for all parameters; a scheduler may change it between steps.

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
    """Writes theta_t, the batches and the learning rates of an SGD run, plus its data, to `out`."""

    def __init__(self, out, model, optimizer, train, val, test, num_classes=None, every=1, data_spec=None):
        if not isinstance(optimizer, torch.optim.SGD):
            raise ValueError("dit_record: the optimizer must be torch.optim.SGD")
        for g in optimizer.param_groups:
            if g["momentum"] != 0 or g.get("nesterov", False):
                raise ValueError("dit_record: dit import reads plain SGD runs only (momentum=0)")
        decays = {g["weight_decay"] for g in optimizer.param_groups}
        if len(decays) != 1:
            raise ValueError("dit_record: all parameter groups need the same weight_decay")
        if os.path.exists(out):
            raise FileExistsError(f"dit_record: {out} exists; choose a new directory")
        if every < 1:
            raise ValueError("dit_record: every must be >= 1")
        self.out, self.partial = out, out + ".partial"
        if os.path.exists(self.partial):
            shutil.rmtree(self.partial)  # left by an interrupted earlier recording
        os.makedirs(self.partial)
        self.model, self.optimizer, self.every = model, optimizer, every
        self.l2 = float(decays.pop())
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
        self.rows, self.theta_steps = 0, []
        self.indices, self.offsets, self.lrs, self.bounds = [], [0], [], [0]

    def _theta(self):
        v = torch.nn.utils.parameters_to_vector(self.model.parameters()).detach().cpu().numpy()
        self.theta_raw.write(np.ascontiguousarray(v, dtype=v.dtype.newbyteorder("<")).tobytes())
        self.theta_steps.append(len(self.lrs))
        self.rows += 1

    def step(self, indices, lr=None):
        """Call before optimizer.step(): records theta_t (every K-th step), the batch S_t and lr_t."""
        idx = indices.detach().cpu().numpy() if torch.is_tensor(indices) else np.asarray(indices)
        idx = idx.astype(np.int64).ravel()
        if len(idx) == 0 or idx.min() < 0 or idx.max() >= self.n_train:
            raise ValueError(f"dit_record: batch indices must be non-empty and in [0, {self.n_train})")
        if lr is None:
            rates = {g["lr"] for g in self.optimizer.param_groups}
            if len(rates) != 1:
                raise ValueError("dit_record: parameter groups with different learning rates")
            lr = rates.pop()
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
        self._theta()
        self.theta_raw.close()
        d = self.partial
        dt = np.dtype("<f4" if self.dtype == torch.float32 else "<f8")
        with open(f"{d}/theta.npy", "wb") as f, open(f"{d}/theta.raw", "rb") as raw:
            np.lib.format.write_array_header_1_0(f, {"descr": dt.str, "fortran_order": False,
                                                     "shape": (self.rows, self.p)})
            shutil.copyfileobj(raw, f)
        os.remove(f"{d}/theta.raw")
        if self.every > 1:
            np.save(f"{d}/theta_steps.npy", np.asarray(self.theta_steps, dtype=np.int64))
        np.save(f"{d}/batch_indices.npy", np.concatenate(self.indices))
        np.save(f"{d}/batch_offsets.npy", np.asarray(self.offsets, dtype=np.int64))
        np.save(f"{d}/learning_rates.npy", np.asarray(self.lrs, dtype=np.float64))
        batch = max(len(i) for i in self.indices)
        manifest = {
            "format": "dit-export", "formatVersion": FORMAT_VERSION, "ditVersion": "dit_record.py",
            "update": "theta[t+1] = theta[t] - lr[t] * (mean over i in S_t of grad loss(z_i; theta[t]) + l2 * theta[t])",
            "model": {"numParams": self.p, "numClasses": self.num_classes, "sampleShape": self.sample_shape,
                      "dtype": str(self.dtype).replace("torch.", ""), "layers": self.layers,
                      "parameters": self.params},
            "data": {"spec": self.data_spec or "dit_record.py"},
            "training": {"epochs": len(self.bounds) - 1, "batchSize": batch,
                         "learningRate": next((r for r in self.lrs if r > 0), 1.0), "lrDecay": "constant",
                         "l2": self.l2, "optimizer": "sgd", "checkpointEvery": self.every,
                         "steps": len(self.lrs), "epochBoundaries": self.bounds},
        }
        with open(f"{d}/manifest.json", "w") as f:  # last: a directory without it is incomplete
            json.dump(manifest, f, indent=2)
        os.replace(d, self.out)
