"""Time the NumPy snippets against PyTorch CPU on the same shapes, interleaved in one run.

    python benchmarks/bench_vs_torch.py [--repeats 30] [--threads N]

Not part of the test command (timings are machine-dependent). Needs torch (pip install torch==2.13.0).
Each case runs numpy and torch alternately, `repeats` times each after a warm-up, and reports the
median time of each and the ratio numpy / torch (< 1 means NumPy is faster).
Shapes: N=4096, D=784, H=512, C=10, float32 (an MNIST-sized MLP batch).
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from snippets.losses import softmax_cross_entropy  # noqa: E402
from snippets.mlp import two_layer_backward, two_layer_forward  # noqa: E402
from snippets.normalization import batchnorm_backward, batchnorm_forward, layernorm_backward, layernorm_forward  # noqa: E402
from snippets.optimizers import Adam  # noqa: E402

N, D, H, C = 4096, 784, 512, 10


def cases(torch):
    rng = np.random.default_rng(0)
    f32 = np.float32
    X = rng.normal(size=(N, D)).astype(f32)
    y = rng.integers(0, C, size=N)
    W1 = (rng.normal(size=(D, H)) * np.sqrt(2 / D)).astype(f32)
    b1 = np.zeros(H, f32)
    W2 = (rng.normal(size=(H, C)) * np.sqrt(2 / H)).astype(f32)
    b2 = np.zeros(C, f32)
    logits = rng.normal(size=(N, C)).astype(f32)
    xb = rng.normal(size=(N, H)).astype(f32)
    dout = rng.normal(size=(N, H)).astype(f32)
    g, bt = np.ones(H, f32), np.zeros(H, f32)

    def np_mlp():
        scores, cache = two_layer_forward(X, W1, b1, W2, b2)
        _, dscores = softmax_cross_entropy(scores, y)
        two_layer_backward(dscores, cache)

    tX, ty = torch.from_numpy(X), torch.from_numpy(y)
    tW1, tb1, tW2, tb2 = (torch.from_numpy(a.copy()).requires_grad_() for a in (W1, b1, W2, b2))

    def torch_mlp():
        scores = torch.relu(tX @ tW1 + tb1) @ tW2 + tb2
        loss = torch.nn.functional.cross_entropy(scores, ty)
        torch.autograd.grad(loss, (tW1, tb1, tW2, tb2))

    def np_ce():
        softmax_cross_entropy(logits, y)

    tlogits = torch.from_numpy(logits).requires_grad_()

    def torch_ce():
        loss = torch.nn.functional.cross_entropy(tlogits, ty)
        torch.autograd.grad(loss, tlogits)

    rm, rv = np.zeros(H, f32), np.ones(H, f32)

    def np_bn():
        _, cache = batchnorm_forward(xb, g, bt, rm, rv, training=True)
        batchnorm_backward(dout, cache)

    txb = torch.from_numpy(xb).requires_grad_()
    tg, tbt = torch.from_numpy(g.copy()).requires_grad_(), torch.from_numpy(bt.copy()).requires_grad_()
    trm, trv, tdout = torch.zeros(H), torch.ones(H), torch.from_numpy(dout)

    def torch_bn():
        out = torch.nn.functional.batch_norm(txb, trm, trv, tg, tbt, training=True)
        torch.autograd.grad(out, (txb, tg, tbt), tdout)

    def np_ln():
        _, cache = layernorm_forward(xb, g, bt)
        layernorm_backward(dout, cache)

    def torch_ln():
        out = torch.nn.functional.layer_norm(txb, (H,), tg, tbt)
        torch.autograd.grad(out, (txb, tg, tbt), tdout)

    params = [a.copy() for a in (W1, b1, W2, b2)]
    grads = [np.full_like(p, 1e-3) for p in params]
    opt = Adam(params, lr=1e-3)
    tparams = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    for p, gr in zip(tparams, grads):
        p.grad = torch.from_numpy(gr.copy())
    topt = torch.optim.Adam(tparams, lr=1e-3)  # torch's default implementation on CPU (foreach)

    return [
        ("two-layer net fwd+bwd (+CE)", np_mlp, torch_mlp),
        ("softmax_cross_entropy fwd+bwd", np_ce, torch_ce),
        ("batchnorm fwd+bwd (N,H)", np_bn, torch_bn),
        ("layernorm fwd+bwd (N,H)", np_ln, torch_ln),
        ("Adam step (407k params)", lambda: opt.step(grads), topt.step),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: leave torch's default)")
    args = ap.parse_args()
    try:
        import torch
    except ImportError:
        raise SystemExit("this benchmark needs torch: pip install torch==2.13.0")
    if args.threads:
        torch.set_num_threads(args.threads)
    print(f"numpy {np.__version__}, torch {torch.__version__}, torch threads {torch.get_num_threads()}, "
          f"cpus {os.cpu_count()}; N={N} D={D} H={H} C={C} float32; median of {args.repeats}")
    print("| case | numpy (ms) | torch (ms) | numpy / torch |\n|---|---:|---:|---:|")
    for name, f_np, f_torch in cases(torch):
        for f in (f_np, f_torch, f_np, f_torch):  # warm-up
            f()
        t_np, t_torch = [], []
        for _ in range(args.repeats):  # interleaved, so drift affects both equally
            for f, acc in ((f_np, t_np), (f_torch, t_torch)):
                t0 = time.perf_counter()
                f()
                acc.append(time.perf_counter() - t0)
        a, b = statistics.median(t_np) * 1e3, statistics.median(t_torch) * 1e3
        print(f"| {name} | {a:.2f} | {b:.2f} | {a / b:.2f}x |")


if __name__ == "__main__":
    main()
