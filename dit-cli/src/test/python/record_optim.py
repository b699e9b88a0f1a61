"""Trains dit's mlp:8:tanh with a torch.optim optimizer on the splits of a `dit export` and records it.

    python3 record_optim.py DATA_EXPORT OUT OPTIMIZER 32|64 EVERY

OPTIMIZER: momentum (SGD momentum=0.9, weight_decay=1e-3, StepLR), nesterov (the same, nesterov=True),
adam (Adam, weight_decay=1e-3) or adamw (AdamW, weight_decay=0.05). Flatten, Linear(F, 8), Tanh,
Linear(8, outputs); binary cross-entropy on one logit for two classes, else cross_entropy; 10 epochs of batch 8.
"""
import sys

import numpy as np
import torch

from dit_record import Recorder

data, out, which, bits, every = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
torch.manual_seed(2)
dtype = torch.float64 if bits == "64" else torch.float32
npdtype = np.float64 if bits == "64" else np.float32


def split(name):
    return np.load(f"{data}/{name}_x.npy").astype(npdtype), np.load(f"{data}/{name}_y.npy")


(X, y), val, test = split("train"), split("val"), split("test")
classes = int(max(y.max(), val[1].max(), test[1].max()) + 1)
features = int(np.prod(X.shape[1:]))
model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(features, 8), torch.nn.Tanh(),
                            torch.nn.Linear(8, 1 if classes == 2 else classes)).to(dtype)
if which in ("momentum", "nesterov"):
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=which == "nesterov", weight_decay=1e-3)
elif which == "adam":
    opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-3)
else:
    opt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.05)
sched = torch.optim.lr_scheduler.StepLR(opt, 4, 0.5)
Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
rec = Recorder(out, model, opt, train=(X, y), val=val, test=test, num_classes=classes, every=every)
for epoch in range(10):
    for idx in torch.randperm(len(X)).split(8):
        rec.step(idx)
        opt.zero_grad()
        z = model(Xt[idx])
        if classes == 2:  # dit's binary models: one logit, binary cross-entropy
            loss = torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], yt[idx].to(dtype))
        else:
            loss = torch.nn.functional.cross_entropy(z, yt[idx])
        loss.backward()
        opt.step()
    rec.end_epoch()
    sched.step()
rec.close()
print("recorded", out, rec.spec)
