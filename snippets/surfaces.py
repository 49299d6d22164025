"""Test problems for optimizers: an ill-conditioned quadratic, the Rosenbrock valley, a sparse
logistic-regression stream, and runners that record the path an optimizer from
``snippets.optimizers`` takes on them.

A surface is ``f(theta) -> (value, grad)`` with ``theta`` of shape ``(..., D)`` (vectorised, so the
same function draws the contours), ``value`` of shape ``(...)`` and ``grad`` of shape ``(..., D)``.
"""
import numpy as np


def _theta(theta, dim=None):
    theta = np.asarray(theta, dtype=np.float64)
    if theta.ndim == 0 or (dim is not None and theta.shape[-1] != dim):
        raise ValueError(f"theta must have shape (..., {dim or 'D'}), got {theta.shape}")
    return theta


# --8<-- [start:quadratic]
def quadratic(theta, H):
    """f(theta) = 1/2 theta^T H theta, grad = H theta.   theta (..., D), H (D, D) symmetric.

    The condition number kappa = lambda_max / lambda_min of H sets how elongated the contours are:
    GD needs lr < 2 / lambda_max to be stable, and then the flat direction shrinks only by
    (1 - lr * lambda_min) per step.
    """
    H = np.asarray(H, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or not np.allclose(H, H.T):
        raise ValueError(f"H must be a symmetric (D, D) matrix, got shape {H.shape}")
    theta = _theta(theta, H.shape[0])
    grad = theta @ H  # H symmetric: (H theta)^T = theta^T H
    return 0.5 * np.sum(theta * grad, axis=-1), grad
# --8<-- [end:quadratic]


# --8<-- [start:rosenbrock]
def rosenbrock(theta, a=1.0, b=100.0):
    """f(x, y) = (a - x)^2 + b (y - x^2)^2, minimum 0 at (a, a^2).   theta (..., 2).

    grad = (-2 (a - x) - 4 b x (y - x^2),  2 b (y - x^2)): a curved, narrow valley (non-convex).
    """
    theta = _theta(theta, 2)
    x, y = theta[..., 0], theta[..., 1]
    r = y - x * x
    value = (a - x) ** 2 + b * r * r
    grad = np.stack([-2.0 * (a - x) - 4.0 * b * x * r, 2.0 * b * r], axis=-1)
    return value, grad
# --8<-- [end:rosenbrock]


# --8<-- [start:double_well]
def double_well(theta):
    """f(x) = x^4 - 3 x^2 + x, f'(x) = 4 x^3 - 6 x + 1.   theta (..., 1).

    Non-convex in one dimension: global minimum at x = -1.3008 (f = -3.514), a worse local
    minimum at x = 1.1309 (f = -1.070), and a local maximum at x = 0.1699 between them.
    """
    theta = _theta(theta, 1)
    x = theta[..., 0]
    return x ** 4 - 3.0 * x ** 2 + x, (4.0 * x ** 3 - 6.0 * x + 1.0)[..., None]
# --8<-- [end:double_well]


# --8<-- [start:run_optimizer]
def run_optimizer(opt_cls, surface, start, steps, **opt_kwargs):
    """Run ``opt_cls([theta], **opt_kwargs)`` for ``steps`` steps on ``surface`` from ``start``.

    Returns the trajectory, shape (steps + 1, D): row 0 is ``start``, row k the point after k
    updates. Stops early (fewer rows) if the iterate or the gradient stops being finite.
    """
    if not callable(surface):
        raise TypeError(f"surface must be callable f(theta) -> (value, grad), got {type(surface).__name__}")
    path, _ = run_on_gradients(opt_cls, lambda step, theta: surface(theta)[1], start, steps, **opt_kwargs)
    return path
# --8<-- [end:run_optimizer]


# --8<-- [start:run_on_gradients]
def run_on_gradients(opt_cls, grad_fn, start, steps, **opt_kwargs):
    """Run an optimizer on gradients ``grad_fn(step, theta) -> (D,)`` (stochastic or time-varying ones too).

    Returns ``(path, grads)``: path (steps + 1, D) with row 0 = start, grads (steps, D) the gradient
    fed at each update. Stops early if the iterate or the gradient stops being finite.
    """
    if not callable(grad_fn):
        raise TypeError(f"grad_fn must be callable grad_fn(step, theta), got {type(grad_fn).__name__}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative int, got {steps!r}")
    theta = _theta(start).copy()
    if theta.ndim != 1:
        raise ValueError(f"start must be a 1-D point, got shape {theta.shape}")
    opt = opt_cls([theta], **opt_kwargs)
    path, grads = [theta.copy()], []
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps):
            grad = np.asarray(grad_fn(step, theta), dtype=np.float64)
            if not np.all(np.isfinite(grad)):
                break
            opt.step([grad])
            if not np.all(np.isfinite(theta)):
                break
            path.append(theta.copy())
            grads.append(grad)
    return np.array(path), np.array(grads).reshape(len(grads), theta.size)
# --8<-- [end:run_on_gradients]


# --8<-- [start:sparse_logistic_data]
def sparse_logistic_data(n, freqs, w_true, rng):
    """Binary features x_j ~ Bernoulli(freqs[j]) and clicks y ~ Bernoulli(sigmoid(x . w_true)).

    X (n, D) float 0/1, y (n,) float 0/1: a CTR-like problem where some features are rare; the
    logistic-regression gradient of one sample is (sigmoid(x . w) - y) x, zero for absent features.
    """
    freqs, w_true = np.asarray(freqs, dtype=np.float64), np.asarray(w_true, dtype=np.float64)
    if freqs.ndim != 1 or np.any(freqs < 0) or np.any(freqs > 1):
        raise ValueError(f"freqs must be a 1-D array of probabilities, got {freqs!r}")
    if w_true.shape != freqs.shape:
        raise ValueError(f"w_true must have shape {freqs.shape}, got {w_true.shape}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    X = (rng.random((n, freqs.size)) < freqs).astype(np.float64)
    p = np.exp(-np.logaddexp(0.0, -(X @ w_true)))  # stable sigmoid
    y = (rng.random(n) < p).astype(np.float64)
    return X, y
# --8<-- [end:sparse_logistic_data]
