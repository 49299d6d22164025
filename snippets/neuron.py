"""One artificial neuron: a weighted sum plus a bias (the pre-activation z), then an activation.

    z = x . w + b        (pre-activation, a.k.a. logit; NOT a statistical z-score)
    a = f(z)             (activation / output)
Vectorised over a batch: x (N, D) gives z and a of shape (N,). A dense layer is just H such
neurons side by side (see snippets.mlp.linear_forward).
"""
import numpy as np

from snippets import activations as act

# f and f' for each supported activation (PyTorch conventions, ReLU'(0) = 0).
_ACTIVATIONS = {
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
    "sigmoid": (act.sigmoid, act.sigmoid_grad),
    "tanh": (act.tanh, act.tanh_grad),
    "relu": (act.relu, act.relu_grad),
}


def _check(x, w, b, activation):
    for name, a in (("x", x), ("w", w)):
        if not isinstance(a, np.ndarray) or not np.issubdtype(a.dtype, np.floating):
            raise TypeError(f"{name} must be a floating-point np.ndarray, got {type(a).__name__}"
                            + (f" of dtype {a.dtype}" if isinstance(a, np.ndarray) else ""))
    if w.ndim != 1:
        raise ValueError(f"w must have shape (D,), got {w.shape}")
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        raise ValueError(f"x must have shape ({w.shape[0]},) or (N, {w.shape[0]}) to match w, got {x.shape}")
    if isinstance(b, bool) or not isinstance(b, (int, float, np.integer, np.floating)):
        raise TypeError(f"b must be a real scalar, got {type(b).__name__}")
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")


# --8<-- [start:neuron_forward]
def neuron_forward(x, w, b, activation="sigmoid"):
    """Output of one neuron: z = x @ w + b, a = f(z).

    x (D,) or (N, D), w (D,), b a scalar -> a of shape () or (N,), and cache (x, w, z, activation).
    activation: "identity", "sigmoid", "tanh" or "relu".
    """
    _check(x, w, b, activation)
    z = x @ w + b                        # pre-activation: weighted sum plus bias
    a = _ACTIVATIONS[activation][0](z)   # activation
    return a, (x, w, z, activation)
# --8<-- [end:neuron_forward]


# --8<-- [start:neuron_backward]
def neuron_backward(da, cache):
    """Gradients of one neuron from dL/da (same shape as a):

        dz = da * f'(z),   dx = dz w (outer product for a batch),   dw = x^T dz,   db = sum_n dz
    Returns (dx, dw, db) with the shapes of x, w and a float.
    """
    x, w, z, activation = cache
    da = np.asarray(da, dtype=z.dtype)
    if da.shape != np.shape(z):
        raise ValueError(f"da must have shape {np.shape(z)} (the shape of a), got {da.shape}")
    dz = da * _ACTIVATIONS[activation][1](z)
    return np.multiply.outer(dz, w), np.tensordot(dz, x, axes=dz.ndim), float(np.sum(dz))
# --8<-- [end:neuron_backward]
