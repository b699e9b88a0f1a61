"""Trains a layer-list model with PyTorch on the splits of a `dit export` and records it with dit_record.

    python3 record_layers.py resnet|gelu|adam-resnet DATA_EXPORT OUT

resnet: dit's conv(4,3,pad=1),residual(conv(4,3,pad=1),relu,conv(4,3,pad=1)),relu,globalavgpool,dense,
written as a PyTorch user would, with the three-line Residual class; gelu: dit's
flatten,layernorm,dense(16),gelu,dense. float64, SGD with weight decay and a StepLR schedule.
adam-resnet: both features at once, conv(3,3,pad=1),residual(conv(3,3,pad=1),gelu,conv(3,3,pad=1)),relu,
globalavgpool,layernorm,dense trained by torch.optim.Adam with weight decay, theta and Adam's state
recorded every 4 steps.
"""
import sys

import numpy as np
import torch

from dit_record import Recorder

kind, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
torch.manual_seed(2)
torch.set_default_dtype(torch.float64)


class Residual(torch.nn.Sequential):
    def forward(self, x):
        return x + super().forward(x)


def split(name):
    return np.load(f"{data}/{name}_x.npy"), np.load(f"{data}/{name}_y.npy")


(X, y), val, test = split("train"), split("val"), split("test")
classes = int(max(y.max(), val[1].max(), test[1].max()) + 1)
outputs = 1 if classes == 2 else classes
nn = torch.nn
if kind == "resnet":
    model = nn.Sequential(nn.Conv2d(X.shape[1], 4, 3, padding=1),
                          Residual(nn.Conv2d(4, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1)),
                          nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, outputs))
elif kind == "adam-resnet":
    model = nn.Sequential(nn.Conv2d(X.shape[1], 3, 3, padding=1),
                          Residual(nn.Conv2d(3, 3, 3, padding=1), nn.GELU(), nn.Conv2d(3, 3, 3, padding=1)),
                          nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.LayerNorm(3), nn.Linear(3, outputs))
else:
    d = int(np.prod(X.shape[1:]))
    model = nn.Sequential(nn.Flatten(), nn.LayerNorm(d), nn.Linear(d, 16), nn.GELU(), nn.Linear(16, outputs))
if kind == "adam-resnet":
    opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-3)
else:
    opt = torch.optim.SGD(model.parameters(), lr=0.2, weight_decay=1e-3)
sched = torch.optim.lr_scheduler.StepLR(opt, 2, 0.5)
Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
rec = Recorder(out, model, opt, train=(X, y), val=val, test=test, num_classes=classes,
               every=4 if kind == "adam-resnet" else 1)
for epoch in range(4):
    for idx in torch.randperm(len(X)).split(8):
        rec.step(idx)
        opt.zero_grad()
        z = model(Xt[idx])
        if classes == 2:
            loss = torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], yt[idx].double())
        else:
            loss = torch.nn.functional.cross_entropy(z, yt[idx])
        loss.backward()
        opt.step()
    rec.end_epoch()
    sched.step()
rec.close()
print("recorded", out)
