"""Activation functions and their derivatives, vectorised and numerically stable.

Each ``f_grad(x)`` returns the elementwise derivative f'(x) evaluated at ``x``; in a backward pass
multiply it by the upstream gradient: ``dx = dout * f_grad(x)``. Conventions follow PyTorch
(``torch.sigmoid``, ``torch.nn.functional.leaky_relu(negative_slope=0.01)``, ``elu(alpha=1.0)``),
including the value used at the kink x = 0: ReLU's derivative there is taken as 0.
"""
import numpy as np


def _as_real_array(x, name="x"):
    """Return ``x`` as a floating ndarray (ints become float64), or raise a TypeError naming it."""
    arr = np.asarray(x)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    return arr if np.issubdtype(arr.dtype, np.floating) else arr.astype(np.float64)


# --8<-- [start:sigmoid_naive]
def sigmoid_naive(x):
    """Textbook sigmoid 1 / (1 + exp(-x)); overflows in exp for x < -709 (float64).

    Kept to show the problem that ``sigmoid`` solves; do not use it in real code.
    """
    x = _as_real_array(x)
    return 1.0 / (1.0 + np.exp(-x))
# --8<-- [end:sigmoid_naive]


# --8<-- [start:sigmoid]
def sigmoid(x):
    """Logistic sigmoid sigma(x) = 1 / (1 + exp(-x)), stable for any finite x.

    exp is only ever evaluated at -|x| <= 0, so it never overflows:
    x >= 0: 1 / (1 + e^{-x});   x < 0: e^{x} / (1 + e^{x})   (the same function, rewritten).
    """
    x = _as_real_array(x)
    z = np.exp(-np.abs(x))  # in (0, 1]
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
# --8<-- [end:sigmoid]


# --8<-- [start:sigmoid_grad]
def sigmoid_grad(x):
    """sigma'(x) = sigma(x) * (1 - sigma(x)); largest at x = 0, where it equals 0.25."""
    s = sigmoid(x)
    return s * (1.0 - s)
# --8<-- [end:sigmoid_grad]


# --8<-- [start:tanh]
def tanh(x):
    """Hyperbolic tangent (e^x - e^-x) / (e^x + e^-x) = 2 * sigmoid(2x) - 1, range (-1, 1)."""
    return np.tanh(_as_real_array(x))  # np.tanh saturates cleanly to +-1, no overflow
# --8<-- [end:tanh]


# --8<-- [start:tanh_grad]
def tanh_grad(x):
    """tanh'(x) = 1 - tanh(x)^2; largest at x = 0, where it equals 1."""
    t = tanh(x)
    return 1.0 - t * t
# --8<-- [end:tanh_grad]


# --8<-- [start:relu]
def relu(x):
    """ReLU max(0, x)."""
    x = _as_real_array(x)
    return np.maximum(x, 0.0).astype(x.dtype, copy=False)
# --8<-- [end:relu]


# --8<-- [start:relu_grad]
def relu_grad(x):
    """ReLU'(x) = 1 for x > 0, else 0. At the kink x = 0 we use 0, as PyTorch does (a subgradient)."""
    x = _as_real_array(x)
    return (x > 0).astype(x.dtype)
# --8<-- [end:relu_grad]


def _check_slope(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")


# --8<-- [start:leaky_relu]
def leaky_relu(x, negative_slope=0.01):
    """Leaky ReLU: x for x >= 0, negative_slope * x for x < 0 (PyTorch's name and default)."""
    x = _as_real_array(x)
    _check_slope(negative_slope, "negative_slope")
    return np.where(x >= 0, x, negative_slope * x).astype(x.dtype, copy=False)
# --8<-- [end:leaky_relu]


# --8<-- [start:leaky_relu_grad]
def leaky_relu_grad(x, negative_slope=0.01):
    """1 for x > 0, negative_slope for x <= 0 (PyTorch uses the negative slope at x = 0)."""
    x = _as_real_array(x)
    _check_slope(negative_slope, "negative_slope")
    return np.where(x > 0, 1.0, negative_slope).astype(x.dtype, copy=False)
# --8<-- [end:leaky_relu_grad]


# --8<-- [start:elu]
def elu(x, alpha=1.0):
    """ELU: x for x > 0, alpha * (exp(x) - 1) for x <= 0 (PyTorch default alpha = 1.0).

    expm1 is evaluated at min(x, 0) only, so large positive x cannot overflow.
    """
    x = _as_real_array(x)
    _check_slope(alpha, "alpha")
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0))).astype(x.dtype, copy=False)
# --8<-- [end:elu]


# --8<-- [start:elu_grad]
def elu_grad(x, alpha=1.0):
    """ELU'(x) = 1 for x > 0, alpha * exp(x) for x <= 0 (continuous at 0 only when alpha = 1)."""
    x = _as_real_array(x)
    _check_slope(alpha, "alpha")
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0))).astype(x.dtype, copy=False)
# --8<-- [end:elu_grad]


# --8<-- [start:sigmoid_backward]
def sigmoid_backward(dout, s):
    """Backward of the elementwise sigmoid from its cached OUTPUT s = sigmoid(x), any shape.

    The Jacobian ds/dx is diag(s * (1 - s)), so the vector-Jacobian product is elementwise:
    dL/dx = dL/ds * s * (1 - s). No n x n matrix is ever built (this is what torch does too).
    """
    dout, s = _as_real_array(dout, "dout"), _as_real_array(s, "s")
    if dout.shape != s.shape:
        raise ValueError(f"dout must have the shape of s {s.shape}, got {dout.shape}")
    if np.any((s < 0) | (s > 1)):
        raise ValueError("s must be a sigmoid output, with values in [0, 1]")
    return dout * s * (1.0 - s)
# --8<-- [end:sigmoid_backward]


# --8<-- [start:softplus]
def softplus(x):
    """Softplus log(1 + e^x), a smooth ReLU, computed stably as logaddexp(0, x).

    torch.nn.functional.softplus (beta=1, threshold=20) returns x itself when x > 20; the two
    differ there by log(1 + e^-x) < 2.1e-9.
    """
    x = _as_real_array(x)
    return np.logaddexp(0.0, x).astype(x.dtype, copy=False)
# --8<-- [end:softplus]


# --8<-- [start:softplus_grad]
def softplus_grad(x):
    """softplus'(x) = e^x / (1 + e^x) = sigmoid(x): smooth everywhere, in (0, 1)."""
    return sigmoid(x)
# --8<-- [end:softplus_grad]


# --8<-- [start:silu]
def silu(x):
    """SiLU / Swish-1: x * sigmoid(x) (torch.nn.functional.silu). Smooth, non-monotonic,
    minimum about -0.278 at x about -1.278, tends to 0 for x -> -inf and to x for x -> +inf."""
    x = _as_real_array(x)
    return x * sigmoid(x)
# --8<-- [end:silu]


# --8<-- [start:silu_grad]
def silu_grad(x):
    """SiLU'(x) = sigma(x) * (1 + x * (1 - sigma(x))); 0.5 at x = 0, slightly above 1 near x = 2.4."""
    x = _as_real_array(x)
    s = sigmoid(x)
    return s * (1.0 + x * (1.0 - s))
# --8<-- [end:silu_grad]


def _check_axis(x, axis):
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an int, got {type(axis).__name__}")
    if x.ndim == 0:
        raise ValueError("x must have at least one dimension for softmax, got a scalar")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis must be in [{-x.ndim}, {x.ndim}) for x with shape {x.shape}, got {axis}")


# --8<-- [start:softmax]
def softmax(x, axis=-1):
    """softmax(x)_i = exp(x_i) / sum_j exp(x_j) along ``axis``, stable for any finite input.

    Subtracting the max first leaves the result unchanged (it cancels in the ratio) and makes
    every exponent <= 0, so exp cannot overflow and the denominator is >= 1.
    """
    x = _as_real_array(x)
    _check_axis(x, axis)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
# --8<-- [end:softmax]


# --8<-- [start:log_softmax]
def log_softmax(x, axis=-1):
    """log softmax(x)_i = x_i - logsumexp(x), computed as (x_i - m) - log(sum_j exp(x_j - m)), m = max x."""
    x = _as_real_array(x)
    _check_axis(x, axis)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
# --8<-- [end:log_softmax]
