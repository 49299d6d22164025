"""Small MLPs whose hidden activation is a parameter, to compare activations, including none at all.

``params`` is a flat list [W1, b1, W2, b2, ..., WL, bL] (the order ``snippets.optimizers`` expects).
Layer l computes z_l = h_{l-1} @ W_l + b_l with h_0 = X; every layer but the last applies the
activation, h_l = f(z_l); the last layer's z_L are the class scores (softmax cross-entropy).
"""
import numpy as np

from snippets import activations as act
from snippets.init import kaiming_normal, xavier_normal
from snippets.losses import softmax_cross_entropy
from snippets.mlp import linear_backward, linear_forward


def _identity(z):
    return z


def _identity_grad(z):
    return np.ones_like(z)


ACTIVATIONS = {  # name -> (f, f') ; "identity" is "no activation function"
    "identity": (_identity, _identity_grad),
    "relu": (act.relu, act.relu_grad),
    "leaky_relu": (act.leaky_relu, act.leaky_relu_grad),
    "elu": (act.elu, act.elu_grad),
    "silu": (act.silu, act.silu_grad),
    "tanh": (act.tanh, act.tanh_grad),
    "sigmoid": (act.sigmoid, act.sigmoid_grad),
}


def _check_params(params):
    if not isinstance(params, (list, tuple)) or len(params) < 2 or len(params) % 2:
        raise ValueError("params must be a list [W1, b1, ..., WL, bL] with at least one layer")
    for i, p in enumerate(params):
        if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
            raise TypeError(f"params[{i}] must be a floating-point np.ndarray, got {type(p).__name__}")
    for l in range(0, len(params), 2):
        W, b = params[l], params[l + 1]
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(f"layer {l // 2 + 1}: expected W (D, H) and b (H,), got {W.shape} and {b.shape}")
        if l and params[l - 2].shape[1] != W.shape[0]:
            raise ValueError(f"layer {l // 2 + 1}: W has {W.shape[0]} inputs, previous layer has {params[l - 2].shape[1]} outputs")


def _check_activation(activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")


# --8<-- [start:init_mlp]
def init_mlp(sizes, rng, init="kaiming"):
    """[W1, b1, ..., WL, bL] for layer widths ``sizes`` = (D, H1, ..., C); zero biases.

    init="kaiming": N(0, 2 / fan_in) (for ReLU); init="xavier": N(0, 2 / (fan_in + fan_out)) (tanh, sigmoid, none).
    """
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2 or not all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 1 for s in sizes):
        raise ValueError(f"sizes must be a list of at least two positive ints, got {sizes!r}")
    if init not in ("kaiming", "xavier"):
        raise ValueError(f"init must be 'kaiming' or 'xavier', got {init!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    draw = kaiming_normal if init == "kaiming" else xavier_normal
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params += [draw((fan_in, fan_out), rng), np.zeros(fan_out)]
    return params
# --8<-- [end:init_mlp]


# --8<-- [start:collapse_affine]
def collapse_affine(params):
    """The single affine map (W, b) that a stack of affine layers WITHOUT activations computes.

    X W1 + b1 -> (X W1 + b1) W2 + b2 = X (W1 W2) + (b1 W2 + b2) -> ... so
    W = W1 W2 ... WL  (D, C)  and  b = (...((b1 W2 + b2) W3 + b3)...) WL + bL  (C,).
    """
    _check_params(params)
    W, b = params[0], params[1]
    for l in range(2, len(params), 2):
        W, b = W @ params[l], b @ params[l] + params[l + 1]
    return W, b
# --8<-- [end:collapse_affine]


# --8<-- [start:mlp_forward]
def mlp_forward(X, params, activation):
    """Scores (N, C) of the MLP on X (N, D), and a cache for ``mlp_backward``.

    z_l = h_{l-1} W_l + b_l;  h_l = f(z_l) for l < L;  scores = z_L.
    """
    _check_params(params)
    _check_activation(activation)
    f, _ = ACTIVATIONS[activation]
    h, caches, zs = X, [], []
    for l in range(0, len(params), 2):
        z, cache = linear_forward(h, params[l], params[l + 1])
        caches.append(cache)
        zs.append(z)
        h = f(z) if l + 2 < len(params) else z
    return h, (caches, zs, activation)
# --8<-- [end:mlp_forward]


# --8<-- [start:mlp_backward]
def mlp_backward(dscores, cache):
    """Gradients [dW1, db1, ..., dWL, dbL] from dL/dscores (N, C).

    Per layer, last to first: dh_{l-1}, dW_l, db_l = linear_backward(dz_l);  dz_{l-1} = dh_{l-1} * f'(z_{l-1}).
    """
    caches, zs, activation = cache
    if np.shape(dscores) != zs[-1].shape:
        raise ValueError(f"dscores must have the shape of the scores {zs[-1].shape}, got {np.shape(dscores)}")
    _, f_grad = ACTIVATIONS[activation]
    grads, dz = [], dscores
    for l in range(len(caches) - 1, -1, -1):
        dh, dW, db = linear_backward(dz, caches[l])
        grads = [dW, db] + grads
        if l:
            dz = dh * f_grad(zs[l - 1])
    return grads
# --8<-- [end:mlp_backward]


# --8<-- [start:train_mlp]
def train_mlp(params, X, y, *, activation, optimizer, steps):
    """Full-batch training of the MLP with softmax cross-entropy; ``optimizer`` updates params in place.

    Returns (losses, accuracy): the loss before each of the ``steps`` updates, shape (steps,), and the
    training accuracy after the last one.
    """
    if not all(a is b for a, b in zip(optimizer.params, params)) or len(optimizer.params) != len(params):
        raise ValueError("optimizer must be built over the same list of params")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    losses = np.empty(steps)
    for i in range(steps):
        scores, cache = mlp_forward(X, params, activation)
        losses[i], dscores = softmax_cross_entropy(scores, y)
        optimizer.step(mlp_backward(dscores, cache))
    scores, _ = mlp_forward(X, params, activation)
    return losses, float(np.mean(np.argmax(scores, axis=1) == y))
# --8<-- [end:train_mlp]
