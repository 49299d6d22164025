"""Numerical gradients by central differences, and the relative error used to compare gradients."""
import numpy as np


# --8<-- [start:numerical_gradient]
def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of a scalar function ``f`` at ``x`` (any shape, float64).

    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h), with error O(h^2). ``x`` is perturbed in
    place and restored, so ``f`` may close over it. Costs 2 * x.size calls of ``f``.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError("x must be a float64 np.ndarray (finite differences need double precision)")
    if not (isinstance(h, (float, int)) and not isinstance(h, bool) and h > 0):
        raise ValueError(f"h must be a positive number, got {h!r}")
    grad = np.zeros_like(x)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)  # views: writing them writes x and grad
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + h
        f_plus = float(f(x))
        flat_x[i] = old - h
        f_minus = float(f(x))
        flat_x[i] = old
        flat_g[i] = (f_plus - f_minus) / (2.0 * h)
    return grad
# --8<-- [end:numerical_gradient]


# --8<-- [start:relative_error]
def relative_error(a, b, eps=1e-12):
    """max |a - b| / max(|a| + |b|, eps), elementwise: scale-free, 0 when equal."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), eps), initial=0.0))
# --8<-- [end:relative_error]
