"""Learning-rate experiments of the lr-batch chapter built on the shared snippets.

``lr_range_test`` runs the LR finder with ``snippets.train.loss_and_grads``; ``adam_effective_lr``
runs ``snippets.optimizers.Adam`` on pure-noise gradients to show why Adam's first steps are noisy
(the argument for warmup and RAdam).
"""
import numpy as np

from snippets.optimizers import SGD, Adam
from snippets.schedules import lr_range_schedule
from snippets.train import PARAM_KEYS, loss_and_grads


# --8<-- [start:lr_range_test]
def lr_range_test(params, X, y, rng, *, min_lr=1e-4, max_lr=10.0, num_steps=100, batch_size=32, momentum=0.0):
    """LR range test: SGD steps with the lr raised exponentially from min_lr to max_lr; returns (lrs, losses).

    losses[k] is the mini-batch loss at step k BEFORE the update with lrs[k]. Stops early (shorter
    arrays) once the loss is not finite or exceeds 4x the first loss: the lr has become too large.
    ``params`` is trained in place: pass a copy. Pick an lr about 10x below where the loss blows up.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    if len(X) != len(y) or len(X) < 1:
        raise ValueError(f"X and y must be non-empty with the same length, got {len(X)} and {len(y)}")
    opt = SGD([params[k] for k in PARAM_KEYS], lr=min_lr, momentum=momentum)
    lrs, losses = [], []
    for step in range(num_steps):
        idx = rng.integers(0, len(y), size=batch_size)
        with np.errstate(over="ignore", invalid="ignore"):
            loss, grads = loss_and_grads(params, X[idx], y[idx])
        if not np.isfinite(loss) or (losses and loss > 4 * losses[0]):
            break
        opt.lr = lr_range_schedule(step, min_lr, max_lr, num_steps)
        lrs.append(opt.lr)
        losses.append(loss)
        with np.errstate(over="ignore", invalid="ignore"):
            opt.step(grads)
    return np.array(lrs), np.array(losses)
# --8<-- [end:lr_range_test]


# --8<-- [start:adam_effective_lr]
def adam_effective_lr(grads, betas=(0.9, 0.999)):
    """Adam's per-parameter step scale 1 / sqrt(v_hat_t) along a gradient sequence; grads (T, K) -> (T, K).

    Runs snippets.optimizers.Adam (lr = 1, eps = 0) on K independent scalar parameters and reads its
    second-moment buffer: v_hat_t = v_t / (1 - beta2^t). At t = 1, v_hat = g_1^2 from ONE sample, so
    the scale 1/|g_1| is extremely noisy; it averages over ~min(t, 1/(1 - beta2)) samples later on.
    """
    grads = np.asarray(grads, dtype=float)
    if grads.ndim != 2 or grads.shape[0] < 1:
        raise ValueError(f"grads must be a (T, K) array, got shape {grads.shape}")
    p = np.zeros(grads.shape[1])
    opt = Adam([p], lr=1.0, betas=betas, eps=0.0)
    out = np.empty_like(grads)
    for t, g in enumerate(grads, start=1):
        opt.step([g])
        out[t - 1] = 1.0 / np.sqrt(opt.v[0] / (1.0 - opt.betas[1] ** t))
    return out
# --8<-- [end:adam_effective_lr]


# --8<-- [start:least_squares_grads]
def least_squares_grads(w, X, y):
    """Per-example gradients of l_i(w) = (x_i . w - y_i)^2 / 2: G (N, D) with G_i = (x_i . w - y_i) x_i.

    Their mean is the gradient of L(w) = mean_i l_i(w); at the least-squares solution the mean is 0
    but the rows are not (unless the fit is exact): the reason SGD keeps moving at the minimum.
    """
    X, y, w = np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    if X.ndim != 2 or y.shape != (len(X),) or w.shape != (X.shape[1],):
        raise ValueError(f"need X (N, D), y (N,), w (D,), got {X.shape}, {y.shape}, {w.shape}")
    return (X @ w - y)[:, None] * X
# --8<-- [end:least_squares_grads]


# --8<-- [start:least_squares_sgd]
def least_squares_sgd(X, y, w0, lr, steps, rng, *, batch_size=1, lr_schedule=None, momentum=0.0):
    """Run (mini-batch) SGD on L(w) = mean_i (x_i . w - y_i)^2 / 2; returns the path (steps + 1, D).

    Each step samples batch_size rows uniformly with replacement and steps with snippets.optimizers.SGD;
    batch_size >= N uses every row, i.e. plain full-batch gradient descent.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    w = np.array(w0, dtype=float)
    opt = SGD([w], lr=lr, momentum=momentum)
    path = [w.copy()]
    for t in range(steps):
        idx = slice(None) if batch_size >= len(y) else rng.integers(0, len(y), size=batch_size)
        if lr_schedule is not None:
            opt.lr = lr_schedule(t)
        opt.step([least_squares_grads(w, X[idx], y[idx]).mean(axis=0)])
        path.append(w.copy())
    return np.array(path)
# --8<-- [end:least_squares_sgd]
