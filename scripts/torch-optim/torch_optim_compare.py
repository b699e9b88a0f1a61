# The same 20 steps as CompareWithTorch.java, with torch.optim (float64); see scripts/torch-optim/compare.sh.
import torch
torch.set_default_dtype(torch.float64)
A = torch.tensor([[2.0, 0.5, 0.1], [0.5, 1.0, -0.3], [0.1, -0.3, 1.5]])
C = torch.tensor([1.0, -3.0, 0.5])
alpha, lr = 0.02, 0.05
def run(name, make):
    th = torch.tensor([0.3, -0.7, 0.2], requires_grad=True)
    opt = make([th])
    for t in range(20):
        opt.zero_grad()
        loss = 0.5 * th @ A @ th - C @ th
        if name.startswith("adamw"):
            loss = loss + 0.5 * alpha * th @ th   # dit adds its L2 alpha to the gradient for AdamW too
        loss.backward()
        opt.step()
    print(name, " ".join("%.17g" % x for x in th.detach().tolist()))
run("sgd", lambda p: torch.optim.SGD(p, lr=lr, weight_decay=alpha))
run("momentum:0.9", lambda p: torch.optim.SGD(p, lr=lr, momentum=0.9, weight_decay=alpha))
run("nesterov:0.9", lambda p: torch.optim.SGD(p, lr=lr, momentum=0.9, nesterov=True, weight_decay=alpha))
run("adam", lambda p: torch.optim.Adam(p, lr=lr, weight_decay=alpha))
run("adamw:0.9,0.999,1e-8,0.1", lambda p: torch.optim.AdamW(p, lr=lr, weight_decay=0.1))
