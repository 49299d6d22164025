"""Measure how signals and gradients shrink or grow layer by layer in a deep stack of dense layers.

Used by the vanishing/exploding-gradient and initialisation answers and figures: the numbers on
those pages come from here. A layer is h = f(h_prev @ W), W (D, D), no bias; "init" picks W's std.
"""
import numpy as np

from snippets.activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from snippets.losses import softmax_cross_entropy

_ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad), "tanh": (tanh, tanh_grad), "relu": (relu, relu_grad),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}
_INIT_STD = {
    "naive": lambda fan_in, fan_out: 0.01,  # small constant std, a common "just make it small" choice
    "standard": lambda fan_in, fan_out: 1.0,  # plain N(0, 1), ignoring the layer width
    "xavier": lambda fan_in, fan_out: np.sqrt(2.0 / (fan_in + fan_out)),  # Glorot, for tanh / sigmoid
    "he": lambda fan_in, fan_out: np.sqrt(2.0 / fan_in),  # Kaiming (fan_in, ReLU gain sqrt 2)
}


def _deep_forward(X, depth, activation, init, rng):
    """Validate, draw the depth weight matrices, run the forward pass; returns (Ws, hs, zs, f_grad)."""
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    if init not in _INIT_STD:
        raise ValueError(f"init must be one of {sorted(_INIT_STD)}, got {init!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
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
    return Ws, hs, zs, f_grad


# --8<-- [start:layer_gradient_norms]
def layer_gradient_norms(X, depth, activation, init, rng):
    """Push X (N, D) through ``depth`` layers h = f(h @ W) of width D, backpropagate a random
    upstream gradient, and return ||dL/dW_l|| (Frobenius) for l = 1..depth, shape (depth,).

    Backward per layer:  dz = dh * f'(z);  dW = h_prev^T dz;  dh_prev = dz W^T.
    Each layer multiplies the gradient by f'(z) and by W^T, so its norm changes geometrically
    with depth unless activation and initialisation keep that factor near 1.
    """
    Ws, hs, zs, f_grad = _deep_forward(X, depth, activation, init, rng)
    dh = rng.normal(size=hs[-1].shape)  # upstream gradient dL/dh_L of a random linear loss
    norms = np.empty(depth)
    for l in range(depth - 1, -1, -1):  # backward, from the last layer to the first
        dz = dh * f_grad(zs[l])
        norms[l] = np.linalg.norm(hs[l].T @ dz)
        dh = dz @ Ws[l].T
    return norms
# --8<-- [end:layer_gradient_norms]


# --8<-- [start:pre_activation_stds]
def pre_activation_stds(X, depth, activation, init, rng):
    """Std of the pre-activations z_l = h_{l-1} @ W_l for l = 1..depth (same stack as
    layer_gradient_norms), shape (depth,): the forward signal whose scale initialisation must keep.

    Var(z_l) = D * Var(w) * E[h_{l-1}^2]; Xavier (linear/tanh) and He (ReLU) make that factor 1.
    """
    _, _, zs, _ = _deep_forward(X, depth, activation, init, rng)
    return np.array([z.std() for z in zs])
# --8<-- [end:pre_activation_stds]


# --8<-- [start:activation_gradient_norms]
def activation_gradient_norms(X, depth, activation, init, rng):
    """||dL/dh_l|| for l = 0..depth-1 (h_0 = X) in the same stack, shape (depth,): the gradient that
    reaches layer l's input after backprop through the layers above it.

    dL/dh_{l-1} = (dL/dh_l * f'(z_l)) W_l^T, i.e. one factor W_l^T diag(f'(z_l)) per layer, so
    ||dL/dh_0|| / ||dL/dh_L|| is a product of depth per-layer gains.
    """
    Ws, hs, zs, f_grad = _deep_forward(X, depth, activation, init, rng)
    dh = rng.normal(size=hs[-1].shape)  # the same random upstream gradient as layer_gradient_norms
    norms = np.empty(depth)
    for l in range(depth - 1, -1, -1):
        dh = (dh * f_grad(zs[l])) @ Ws[l].T
        norms[l] = np.linalg.norm(dh)
    return norms
# --8<-- [end:activation_gradient_norms]


def _check_params(params):
    if not isinstance(params, list) or not params:
        raise TypeError("params must be a non-empty list of (W, b) pairs")
    for i, (W, b) in enumerate(params):
        if not (isinstance(W, np.ndarray) and isinstance(b, np.ndarray)) or W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(f"params[{i}] must be (W (D_in, D_out), b (D_out,)), got {getattr(W, 'shape', W)}, "
                             f"{getattr(b, 'shape', b)}")


# --8<-- [start:init_deep_mlp]
def init_deep_mlp(sizes, init, rng):
    """[(W_1, b_1), ..., (W_L, b_L)] for layer widths sizes = (D, H, ..., H, C); W ~ N(0, std^2) with the
    std of ``init`` ("naive" 0.01, "standard" 1, "xavier", "he"), b = 0."""
    if init not in _INIT_STD:
        raise ValueError(f"init must be one of {sorted(_INIT_STD)}, got {init!r}")
    if len(sizes) < 2 or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1 for s in sizes):
        raise ValueError(f"sizes must hold at least two positive ints, got {sizes!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    return [(rng.normal(0.0, _INIT_STD[init](m, n), size=(m, n)), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]
# --8<-- [end:init_deep_mlp]


# --8<-- [start:deep_mlp_loss_and_grads]
def deep_mlp_loss_and_grads(params, X, y, activation):
    """Softmax cross-entropy of h_l = f(h_{l-1} W_l + b_l) (no f on the last layer) and its gradients.

    X (N, D), y (N,) int. Returns (loss, [(dW_1, db_1), ..., (dW_L, db_L)]). Backward per layer:
    dW_l = h_{l-1}^T dz_l;  db_l = sum_n dz_l;  dz_{l-1} = (dz_l W_l^T) * f'(z_{l-1}).
    """
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    _check_params(params)
    f, f_grad = _ACTIVATIONS[activation]
    hs, zs = [np.asarray(X, dtype=np.float64)], []
    for W, b in params:
        zs.append(hs[-1] @ W + b)
        hs.append(f(zs[-1]))
    loss, dz = softmax_cross_entropy(zs[-1], y)  # the scores are the last pre-activation
    grads = [None] * len(params)
    for l in range(len(params) - 1, -1, -1):
        grads[l] = (hs[l].T @ dz, dz.sum(axis=0))
        if l > 0:
            dz = (dz @ params[l][0].T) * f_grad(zs[l - 1])
    return loss, grads
# --8<-- [end:deep_mlp_loss_and_grads]
