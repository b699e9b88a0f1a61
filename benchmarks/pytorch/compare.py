#!/usr/bin/env python3
"""PyTorch (CPU, float64) reference timings for the dit JMH benchmarks.

Same shapes as benchmarks/src/main/java/dev/dit/benchmarks: batch 64, 784 features / 1x28x28
images, MLP 784-64-10 and CNN conv(1->8,3x3)-relu-maxpool2-conv(8->16,3x3)-relu-maxpool2-
linear(400->10), both with softmax cross-entropy; binary logistic regression 784->1 with BCE.

Operations (mean batch loss):
  gradient  forward + backward (torch.autograd.grad)
  jvp       per-sample directional derivatives <v, grad l_i> by forward-mode AD (torch.autograd.forward_ad)
  hvp       exact H v by double backward (reverse-over-reverse)
  sgd-step  forward + backward + parameter update (torch.optim.SGD, weight decay = L2)
and, per model, a 16-step DIT sweep against its 16 training steps (per step), and for the MLP a 320-step DIT sweep (Definition L, full window) against the 320 training steps
(256 samples, batch 64, 80 epochs, val-loss query on 256 samples).

Each timing is the median over --repeat runs after --warmup runs (timeit-style, one call per run
for the big workloads, --inner calls per run for the small ones).

With --gemm, first numpy's DGEMM for n = 64 .. 1024 (the BLAS numpy links; with --threads 1 that
is single-thread OpenBLAS once libopenblas0-pthread is the libblas.so.3 alternative; OpenBLAS
0.3.21 takes a Zen 5 CPU for Haswell, i.e. AVX2 kernels: set OPENBLAS_CORETYPE=SkylakeX for its
AVX-512 ones). With --cpu-time every timing is taken with the process's CPU time (all threads)
instead of the wall clock.

Usage: /usr/bin/python3 compare.py [--threads N] [--repeat R] [--warmup W] [--no-sweep] [--short-sweeps] [--no-models] [--gemm] [--cpu-time]
"""
import argparse
import os
import statistics
import sys
import time


def _threads_from_argv():
    """--threads N, read before torch is imported so BLAS/OpenMP pools get the same size."""
    for i, a in enumerate(sys.argv):
        if a == "--threads" and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if a.startswith("--threads="):
            return a.split("=", 1)[1]
    return "1"


for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, _threads_from_argv())

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torch.autograd.forward_ad as fwad  # noqa: E402
from torch.nn.utils.stateless import functional_call  # noqa: E402

BATCH = 64


def make_model(kind):
    if kind == "logreg":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 1))
    if kind == "mlp:64":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    if kind == "cnn:8,16":
        return nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(400, 10))
    raise ValueError(kind)


def make_batch(kind, n, gen):
    shape = (n, 1, 28, 28) if kind.startswith("cnn") else (n, 784)
    x = torch.randn(shape, generator=gen)
    if kind == "logreg":
        y = torch.randint(0, 2, (n,), generator=gen).double()
    else:
        y = torch.randint(0, 10, (n,), generator=gen)
    return x, y


def per_sample_loss(kind, out, y):
    if kind == "logreg":
        return F.binary_cross_entropy_with_logits(out.squeeze(1), y, reduction="none")
    return F.cross_entropy(out, y, reduction="none")


class Workload:
    """A model, a batch, a direction v and buffers for one architecture."""

    def __init__(self, kind, seed=0):
        gen = torch.Generator().manual_seed(seed)
        torch.manual_seed(seed)
        self.kind = kind
        self.model = make_model(kind)
        self.params = dict(self.model.named_parameters())
        self.x, self.y = make_batch(kind, BATCH, gen)
        self.v = {k: torch.randn(p.shape, generator=gen) for k, p in self.params.items()}
        self.opt = torch.optim.SGD(self.model.parameters(), lr=1e-3, weight_decay=1e-3)

    def loss(self, params=None):
        out = self.model(self.x) if params is None else functional_call(self.model, params, (self.x,))
        return per_sample_loss(self.kind, out, self.y)

    def gradient(self):
        return torch.autograd.grad(self.loss().mean(), list(self.params.values()))

    def jvp(self):
        with fwad.dual_level():
            dual = {k: fwad.make_dual(p.detach(), self.v[k]) for k, p in self.params.items()}
            return fwad.unpack_dual(self.loss(dual)).tangent

    def hvp(self):
        ps = list(self.params.values())
        g = torch.autograd.grad(self.loss().mean(), ps, create_graph=True)
        gv = sum((gi * self.v[k]).sum() for gi, k in zip(g, self.params))
        return torch.autograd.grad(gv, ps)

    def sgd_step(self):
        self.opt.zero_grad(set_to_none=True)
        self.loss().mean().backward()
        self.opt.step()


def median_time(fn, repeat, warmup, inner=1, clock=time.perf_counter):
    for _ in range(warmup):
        for _ in range(inner):
            fn()
    times = []
    for _ in range(repeat):
        t0 = clock()
        for _ in range(inner):
            fn()
        times.append((clock() - t0) / inner)
    return statistics.median(times)


class Sweep:
    """A recorded run: training, then a DIT sweep (Definition L, full window) over it.

    The MLP's 320-step run matches DitSweepBenchmark; the 16-step runs (epochs=4) of every model
    match DitSweepPerStepBenchmark, reported per step.
    """

    def __init__(self, kind="mlp:64", n=256, epochs=80, lr=0.05, alpha=1e-3, seed=0):
        gen = torch.Generator().manual_seed(seed)
        torch.manual_seed(seed)
        self.kind = kind
        self.model = make_model(self.kind)
        self.theta0 = {k: p.detach().clone() for k, p in self.model.named_parameters()}
        self.x, self.y = make_batch(self.kind, n, gen)
        self.xv, self.yv = make_batch(self.kind, n, gen)
        self.lr, self.alpha = lr, alpha
        self.batches = [b for _ in range(epochs) for b in torch.randperm(n, generator=gen).split(BATCH)]
        self.thetas = None

    def train(self, record=False):
        with torch.no_grad():
            for k, p in self.model.named_parameters():
                p.copy_(self.theta0[k])
        opt = torch.optim.SGD(self.model.parameters(), lr=self.lr, weight_decay=self.alpha)
        thetas = []
        for b in self.batches:
            if record:
                thetas.append({k: p.detach().clone() for k, p in self.model.named_parameters()})
            opt.zero_grad(set_to_none=True)
            per_sample_loss(self.kind, self.model(self.x[b]), self.y[b]).mean().backward()
            opt.step()
        if record:
            thetas.append({k: p.detach().clone() for k, p in self.model.named_parameters()})
            self.thetas = thetas

    def sweep(self):
        if self.thetas is None:
            self.train(record=True)
        names = list(self.theta0)
        top = {k: t.clone().requires_grad_(True) for k, t in self.thetas[-1].items()}
        lq = per_sample_loss(self.kind, functional_call(self.model, top, (self.xv,)), self.yv).mean()
        v = dict(zip(names, torch.autograd.grad(lq, list(top.values()))))
        score = torch.zeros(self.x.shape[0], dtype=torch.float64)
        for t in range(len(self.batches) - 1, -1, -1):
            b = self.batches[t]
            theta = {k: p.clone().requires_grad_(True) for k, p in self.thetas[t].items()}
            # per-sample directional derivatives <v, grad l_j> by forward mode
            with fwad.dual_level():
                dual = {k: fwad.make_dual(theta[k].detach(), v[k]) for k in names}
                out = functional_call(self.model, dual, (self.x[b],))
                d = fwad.unpack_dual(per_sample_loss(self.kind, out, self.y[b])).tangent
            # H v of the mean batch loss by double backward
            ps = [theta[k] for k in names]
            out = functional_call(self.model, theta, (self.x[b],))
            g = torch.autograd.grad(per_sample_loss(self.kind, out, self.y[b]).mean(), ps, create_graph=True)
            hv = torch.autograd.grad(sum((gi * v[k]).sum() for gi, k in zip(g, names)), ps)
            score.index_add_(0, b, d, alpha=self.lr / len(b))
            v = {k: v[k] - self.lr * (h + self.alpha * v[k]) for k, h in zip(names, hv)}
        return score


def gemm_rates(sizes, repeat, clock=time.perf_counter):
    """numpy DGEMM (C = A B, float64, row-major) in GFLOP/s: the BLAS numpy is linked to.

    With clock=time.process_time the rate is per second of the process's CPU time, which on a
    shared host leaves out the time spent waiting for a CPU."""
    import numpy as np
    rng = np.random.default_rng(12345)
    out = []
    for n in sizes:
        a = rng.random((n, n)) - 0.5
        b = rng.random((n, n)) - 0.5
        c = np.empty((n, n))
        inner = max(1, int(2e8 // (2 * n ** 3)))
        t = median_time(lambda: np.matmul(a, b, out=c), repeat, 2, inner=inner, clock=clock)
        out.append((n, 2.0 * n ** 3 / t * 1e-9))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--no-sweep", action="store_true")
    ap.add_argument("--inner", type=int, default=20, help="calls per timed run of the per-model operations")
    ap.add_argument("--no-models", action="store_true", help="skip the per-model timings")
    ap.add_argument("--short-sweeps", action="store_true", help="only the 16-step sweeps, not the 320-step MLP one")
    ap.add_argument("--gemm", action="store_true",
                    help="numpy DGEMM 64^3..1024^3 (run with --threads 1 for single-thread OpenBLAS)")
    ap.add_argument("--cpu-time", action="store_true",
                    help="time with the process's CPU time (all its threads, spinning included) instead "
                         "of the wall clock, as JMH's -prof dev.dit.benchmarks.CpuTimeProfiler does for "
                         "dit; on a shared host this leaves out the time spent waiting for a CPU")
    a = ap.parse_args()
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(a.threads)
    clock = time.process_time if a.cpu_time else time.perf_counter
    print(f"torch {torch.__version__}, float64, CPU, threads={torch.get_num_threads()}, "
          f"median of {a.repeat} after {a.warmup} warm-up, {'process CPU time' if a.cpu_time else 'wall-clock'}")
    if a.gemm:
        import numpy as np
        print(f"numpy {np.__version__} DGEMM, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, "
              f"{'process CPU time' if a.cpu_time else 'wall-clock'}")
        for n, rate in gemm_rates((64, 128, 256, 512, 1024), a.repeat, clock):
            print(f"{'gemm':10} {n:<10} {rate:9.1f} GFLOP/s", flush=True)
    if a.no_models:
        return
    print(f"{'model':10} {'op':10} {'median':>12}")
    for kind in ("logreg", "mlp:64", "cnn:8,16"):
        w = Workload(kind)
        for name, fn in (("gradient", w.gradient), ("jvp", w.jvp), ("hvp", w.hvp), ("sgd-step", w.sgd_step)):
            t = median_time(fn, a.repeat, a.warmup, inner=a.inner, clock=clock)
            print(f"{kind:10} {name:10} {t * 1e6:9.1f} us", flush=True)
    if not a.no_sweep:
        rep = max(3, a.repeat // 2)
        for kind in ("logreg", "mlp:64", "cnn:8,16"):
            s = Sweep(kind, epochs=4, lr=0.01)
            s.train(record=True)
            steps = len(s.batches)
            tt = median_time(s.train, rep, 1, clock=clock) / steps
            ts = median_time(s.sweep, rep, 1, clock=clock) / steps
            print(f"{kind:10} {'step16':10} {tt * 1e6:9.1f} us/step")
            print(f"{kind:10} {'sweep16':10} {ts * 1e6:9.1f} us/step   sweep / training = {ts / tt:.2f}", flush=True)
        if a.short_sweeps:
            return
        s = Sweep()
        s.train(record=True)
        tt = median_time(s.train, rep, 1, clock=clock)
        ts = median_time(s.sweep, rep, 1, clock=clock)
        print(f"{'mlp:64':10} {'train320':10} {tt * 1e3:9.1f} ms")
        print(f"{'mlp:64':10} {'sweep320':10} {ts * 1e3:9.1f} ms")
        print(f"sweep / training = {ts / tt:.2f}")


if __name__ == "__main__":
    main()
