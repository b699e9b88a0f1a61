"""Trains a small CNN with PyTorch on the splits of a `dit export` and records it with dit_record.

    python3 record_cnn.py DATA_EXPORT OUT 32|64 EVERY

Conv2d(1,4,3), ReLU, MaxPool2d(2), Conv2d(4,6,3), ReLU, MaxPool2d(2), Flatten, Linear(150, outputs):
dit's cnn:4,6; binary cross-entropy on one logit for two classes, else cross_entropy; SGD with weight decay and a StepLR schedule, 30 epochs.
"""
import sys

import numpy as np
import torch

from dit_record import Recorder

data, out, bits, every = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
torch.manual_seed(1)
dtype = torch.float64 if bits == "64" else torch.float32
npdtype = np.float64 if bits == "64" else np.float32


def split(name):
    return np.load(f"{data}/{name}_x.npy").astype(npdtype), np.load(f"{data}/{name}_y.npy")


(X, y), val, test = split("train"), split("val"), split("test")
classes = int(max(y.max(), val[1].max(), test[1].max()) + 1)
model = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                            torch.nn.Conv2d(4, 6, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                            torch.nn.Linear(150, 1 if classes == 2 else classes)).to(dtype)
opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=1e-3)
sched = torch.optim.lr_scheduler.StepLR(opt, 5, 0.5)
Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
rec = Recorder(out, model, opt, train=(X, y), val=val, test=test, num_classes=classes, every=every)
for epoch in range(30):
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
print("recorded", out)
