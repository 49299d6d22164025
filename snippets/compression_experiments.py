"""Seeded experiments of the compression / distributed-training chapter, numpy only.

Both the figures (snippets/figures/compression_misc.py) and the pages' code fences use these cached
runs, so every number quoted on a page is the number drawn in its figure, and a fence does not need
to import matplotlib.
"""
import functools

import numpy as np

from snippets.async_sgd import delayed_gradient_descent, simulate_async_sgd, simulate_sync_sgd
from snippets.compression import MaskedOptimizer, prune_two_layer
from snippets.data import make_spirals, train_val_split
from snippets.mlp import init_two_layer
from snippets.optimizers import Adam
from snippets.train import PARAM_KEYS, evaluate, fit

PRUNE_SPARSITIES = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


@functools.lru_cache(maxsize=None)
def pruning_experiment():
    """Train a 2-128-3 net on spirals once, then prune it (global vs layer-wise) and fine-tune.

    Returns a dict: "sparsity" tuple; per scope ("global", "layer") the validation accuracy right
    after pruning ("<scope>_oneshot") and after 5 masked fine-tuning epochs ("<scope>_finetuned");
    the per-layer sparsity global pruning chose ("global_layer_sparsity": [(s_W1, s_W2), ...]);
    "dense_acc", the mean |w| of W1 and W2 ("mean_abs").
    """
    rng = np.random.default_rng(0)
    X, y = make_spirals(450, rng, classes=3, noise=0.15)
    data = train_val_split(X, y, 0.3, rng)
    params = init_two_layer(2, 128, 3, rng)
    fit(params, data, optimizer=Adam([params[k] for k in PARAM_KEYS], lr=2e-2), epochs=40, batch_size=64, rng=rng)
    out = {"sparsity": PRUNE_SPARSITIES, "dense_acc": evaluate(params, data[2], data[3])[1],
           "mean_abs": (float(np.abs(params["W1"]).mean()), float(np.abs(params["W2"]).mean())),
           "global_layer_sparsity": []}
    for scope in ("global", "layer"):
        oneshot, tuned = [], []
        for s in PRUNE_SPARSITIES:
            pruned, masks = prune_two_layer(params, s, scope)
            oneshot.append(evaluate(pruned, data[2], data[3])[1])
            if scope == "global":
                out["global_layer_sparsity"].append(tuple(1.0 - float(masks[k].mean()) for k in ("W1", "W2")))
            opt = MaskedOptimizer(Adam([pruned[k] for k in PARAM_KEYS], lr=5e-3), [masks["W1"], None, masks["W2"], None])
            fit(pruned, data, optimizer=opt, epochs=5, batch_size=64, rng=np.random.default_rng(1))
            tuned.append(evaluate(pruned, data[2], data[3])[1])
        out[f"{scope}_oneshot"], out[f"{scope}_finetuned"] = tuple(oneshot), tuple(tuned)
    return out


TIMELINE_WORKERS = np.array([1.0, 1.1, 0.9, 2.4])


@functools.lru_cache(maxsize=None)
def timeline_runs(horizon=8.0):
    """Sync and async runs of 4 workers (worker 4 is a straggler) on a toy problem, for the timeline."""
    def grad(x, rng):
        return x + 0.1 * rng.normal(size=x.shape)

    sync = simulate_sync_sgd(grad, np.ones(2), 0.5, 6, TIMELINE_WORKERS, np.random.default_rng(0))
    asyn = simulate_async_sgd(grad, np.ones(2), 0.1, 60, TIMELINE_WORKERS, np.random.default_rng(0))
    return sync, asyn, horizon


STALENESS_LR = 0.3
STALENESS_DELAYS = (0, 2, 4, 8)
QUAD_LAMBDAS = np.geomspace(0.1, 1.0, 10)
ASYNC_WORKERS = np.array([1.0] * 7 + [3.0])


def _noisy_quadratic_grad(x, rng):
    return QUAD_LAMBDAS * x + 0.3 * rng.normal(size=x.shape)


@functools.lru_cache(maxsize=None)
def staleness_runs():
    """(a) delayed GD on f = x^2 / 2 with lr 0.3 for several delays; (b) sync vs async SGD with 8 workers
    (one 3x slower) on a noisy 10-D quadratic, as (label, wall-clock, loss) curves."""
    delayed = {d: np.abs(delayed_gradient_descent(lambda x: x, np.ones(1), STALENESS_LR, 60, d)[:, 0])
               for d in STALENESS_DELAYS}
    f = lambda xs: 0.5 * np.sum(QUAD_LAMBDAS * xs ** 2, axis=-1)  # noqa: E731
    x0 = np.full(10, 3.0)
    W = len(ASYNC_WORKERS)
    sync = simulate_sync_sgd(_noisy_quadratic_grad, x0, 1.0, 15, ASYNC_WORKERS, np.random.default_rng(0))
    runs = [("sync", 1.0, sync["time"], f(sync["x"]), 0.0)]
    for lr in (1.0 / W, 3.0 / W):
        a = simulate_async_sgd(_noisy_quadratic_grad, x0, lr, 400, ASYNC_WORKERS, np.random.default_rng(0))
        keep = a["time"] <= sync["time"][-1]
        runs.append(("async", lr, a["time"][keep], f(a["x"][keep]), float(a["staleness"].mean())))
    return delayed, runs
