"""Mini-batch sampling and the noise of the mini-batch gradient.

An epoch WITHOUT replacement (reshuffling, what ``DataLoader(shuffle=True)`` does) sees every
example once; N draws WITH replacement (``RandomSampler(replacement=True)``) miss a fraction
(1 - 1/N)^N -> 1/e of them. The mini-batch gradient is an unbiased estimate of the full gradient
whose variance falls like 1/B (times the finite-population correction (N - B) / (N - 1) without
replacement). Per-example gradients of the two-layer net of ``snippets.train`` make this measurable.
"""
import numpy as np

from snippets.losses import softmax_cross_entropy
from snippets.train import PARAM_KEYS


def _int_at_least(name, value, low):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    return int(value)


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")


# --8<-- [start:minibatch_indices]
def minibatch_indices(N, batch_size, rng, replacement=False):
    """Index arrays of the ceil(N / B) mini-batches of one epoch (N draws in total, the last batch may be short).

    replacement=False: a fresh permutation of range(N) cut into batches: every index exactly once.
    replacement=True:  N i.i.d. uniform draws cut the same way: some indices repeat, others are missed.
    """
    N = _int_at_least("N", N, 1)
    batch_size = _int_at_least("batch_size", batch_size, 1)
    _check_rng(rng)
    order = rng.integers(0, N, size=N) if replacement else rng.permutation(N)
    return [order[start:start + batch_size] for start in range(0, N, batch_size)]
# --8<-- [end:minibatch_indices]


# --8<-- [start:unseen_fraction]
def unseen_fraction(N):
    """P(a given example is never drawn in N uniform draws with replacement) = (1 - 1/N)^N -> 1/e.

    Also the expected fraction of the dataset an epoch of sampling with replacement misses.
    Computed as exp(N * log1p(-1/N)) so it stays accurate for huge N.
    """
    N = _int_at_least("N", N, 1)
    return float(np.exp(N * np.log1p(-1.0 / N))) if N > 1 else 0.0
# --8<-- [end:unseen_fraction]


# --8<-- [start:per_example_grads]
def per_example_grads(params, X, y):
    """Gradient of each example's own cross-entropy loss for the two-layer net, flattened: G (N, P).

    Row i is [dW1.ravel(), db1, dW2.ravel(), db2] (PARAM_KEYS order) of loss_i = -log softmax(s_i)[y_i]
    with s_i = relu(x_i W1 + b1) W2 + b2, so G.mean(axis=0) is the full-batch gradient of the mean loss.
    Vectorised: dW1_i = outer(x_i, dz1_i) and dW2_i = outer(h_i, ds_i) via einsum.
    """
    missing = [k for k in PARAM_KEYS if k not in params]
    if missing:
        raise ValueError(f"params must hold {PARAM_KEYS}, missing {missing}")
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or y.shape != (len(X),):
        raise ValueError(f"X must be (N, D) and y (N,), got {X.shape} and {y.shape}")
    z1 = X @ params["W1"] + params["b1"]
    h = np.maximum(z1, 0)
    scores = h @ params["W2"] + params["b2"]
    _, dscores = softmax_cross_entropy(scores, y)
    ds = dscores * len(y)                      # CE's gradient is averaged over N: undo it per example
    dz1 = (ds @ params["W2"].T) * (z1 > 0)
    N = len(y)
    return np.concatenate([np.einsum("nd,nh->ndh", X, dz1).reshape(N, -1), dz1,
                           np.einsum("nh,nc->nhc", h, ds).reshape(N, -1), ds], axis=1)
# --8<-- [end:per_example_grads]


def _check_G(G, batch_size, replacement):
    G = np.asarray(G, dtype=float)
    if G.ndim != 2 or len(G) < 2:
        raise ValueError(f"G must be a 2-D array (N >= 2, P) of per-example gradients, got shape {G.shape}")
    batch_size = _int_at_least("batch_size", batch_size, 1)
    if not replacement and batch_size > len(G):
        raise ValueError(f"batch_size must be <= N ({len(G)}) without replacement, got {batch_size}")
    return G, batch_size


# --8<-- [start:minibatch_grad_variance]
def minibatch_grad_variance(G, batch_size, replacement=False):
    """Exact E||g_B - g||^2 of the mean g_B of B rows of G (N, P) around the full mean g.

        with replacement:     tr(S) / B
        without replacement:  tr(S) / B * (N - B) / (N - 1)     (finite-population correction)
    where tr(S) = mean_i ||G_i - g||^2 is the per-example gradient variance (divisor N).
    """
    G, B = _check_G(G, batch_size, replacement)
    N = len(G)
    sigma2 = float(np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1)))
    return sigma2 / B if replacement else sigma2 / B * (N - B) / (N - 1)
# --8<-- [end:minibatch_grad_variance]


# --8<-- [start:sampled_grad_variance]
def sampled_grad_variance(G, batch_size, rng, trials=500, replacement=False):
    """Monte Carlo estimate of E||g_B - g||^2: draw ``trials`` batches of B rows of G (N, P), average the error."""
    G, B = _check_G(G, batch_size, replacement)
    trials = _int_at_least("trials", trials, 1)
    _check_rng(rng)
    N = len(G)
    rows = np.arange(trials)[:, None]
    if replacement:
        idx = rng.integers(0, N, size=(trials, B))
    else:  # B distinct rows per trial: the first B of a random permutation (argsort of uniforms)
        idx = np.argsort(rng.random((trials, N)), axis=1)[:, :B]
    # counts[t, i] = how often row i is in batch t (0/1 without replacement)
    counts = np.bincount((rows * N + idx).ravel(), minlength=trials * N).reshape(trials, N).astype(float)
    errors = counts @ G / B - G.mean(axis=0)  # (trials, P): batch mean minus full mean
    return float(np.mean(np.sum(errors ** 2, axis=1)))
# --8<-- [end:sampled_grad_variance]
