"""Measure how the gradient shrinks or grows layer by layer in a deep stack of dense layers.

Used by the vanishing-gradient answers and figures: the numbers on those pages come from here.
"""
import numpy as np

from snippets.activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad

_ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad), "relu": (relu, relu_grad)}
_INIT_STD = {
    "naive": lambda fan_in, fan_out: 0.01,  # small constant std, a common "just make it small" choice
    "xavier": lambda fan_in, fan_out: np.sqrt(2.0 / (fan_in + fan_out)),  # Glorot, for tanh / sigmoid
    "he": lambda fan_in, fan_out: np.sqrt(2.0 / fan_in),  # Kaiming (fan_in, ReLU gain sqrt 2)
}


# --8<-- [start:layer_gradient_norms]
def layer_gradient_norms(X, depth, activation, init, rng):
    """Push X (N, D) through ``depth`` layers h = f(h @ W) of width D, backpropagate a random
    upstream gradient, and return ||dL/dW_l|| (Frobenius) for l = 1..depth, shape (depth,).

    Backward per layer:  dz = dh * f'(z);  dW = h_prev^T dz;  dh_prev = dz W^T.
    Each layer multiplies the gradient by f'(z) and by W^T, so its norm changes geometrically
    with depth unless activation and initialisation keep that factor near 1.
    """
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    if init not in _INIT_STD:
        raise ValueError(f"init must be one of {sorted(_INIT_STD)}, got {init!r}")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, D), got {X.shape}")
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a positive int, got {depth!r}")
    f, f_grad = _ACTIVATIONS[activation]
    D = X.shape[1]
    Ws = [rng.normal(0.0, _INIT_STD[init](D, D), size=(D, D)) for _ in range(depth)]
    hs, zs = [X], []
    for W in Ws:  # forward, caching inputs and pre-activations
        zs.append(hs[-1] @ W)
        hs.append(f(zs[-1]))
    dh = rng.normal(size=hs[-1].shape)  # upstream gradient dL/dh_L of a random linear loss
    norms = np.empty(depth)
    for l in range(depth - 1, -1, -1):  # backward, from the last layer to the first
        dz = dh * f_grad(zs[l])
        norms[l] = np.linalg.norm(hs[l].T @ dz)
        dh = dz @ Ws[l].T
    return norms
# --8<-- [end:layer_gradient_norms]
