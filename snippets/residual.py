"""A deep stack of dense blocks with or without skip connections and LayerNorm, and its gradients.

One block has one weight matrix W (D, D) and the sublayer F(h) = f(h @ W). The ``mode`` sets how
blocks are wired (no biases; LayerNorm without affine parameters, i.e. gamma = 1, beta = 0):

    "plain"     h <- F(h)                      an ordinary deep MLP
    "residual"  h <- h + F(h)                  ResNet-style identity skip
    "post_ln"   h <- LN(h + F(h))              original Transformer (Post-LN)
    "pre_ln"    h <- h + F(LN(h)), then a final LN after the last block   (Pre-LN, GPT-2 onwards)

A real Transformer sublayer is attention or a two-layer MLP; one dense layer keeps the wiring visible.
"""
import numpy as np

from snippets.activations import relu, relu_grad, tanh, tanh_grad
from snippets.normalization import layernorm_backward, layernorm_forward

_ACTIVATIONS = {"relu": (relu, relu_grad), "tanh": (tanh, tanh_grad)}
MODES = ("plain", "residual", "post_ln", "pre_ln")


def _check(X, Ws, mode, activation):
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    if not isinstance(X, np.ndarray) or not np.issubdtype(X.dtype, np.floating) or X.ndim != 2:
        raise TypeError("X must be a floating-point np.ndarray of shape (N, D)")
    D = X.shape[1]
    if not Ws or any(not isinstance(W, np.ndarray) or W.shape != (D, D) for W in Ws):
        raise ValueError(f"Ws must be a non-empty list of ({D}, {D}) arrays")


def _ln(h):
    D = h.shape[-1]
    return layernorm_forward(h, np.ones(D), np.zeros(D))


# --8<-- [start:residual_stack_forward]
def residual_stack_forward(X, Ws, mode, activation="relu"):
    """Forward through len(Ws) blocks wired by ``mode``; X (N, D), each W (D, D) -> out (N, D), cache."""
    _check(X, Ws, mode, activation)
    f = _ACTIVATIONS[activation][0]
    h, caches = X, []
    for W in Ws:
        u, ln_in = _ln(h) if mode == "pre_ln" else (h, None)   # input of the sublayer
        z = u @ W
        a = f(z)                                                 # F(u)
        s = a if mode == "plain" else h + a                      # the skip adds the block input
        h_next, ln_out = _ln(s) if mode == "post_ln" else (s, None)
        caches.append((u, z, W, ln_in, ln_out))
        h = h_next
    final = None
    if mode == "pre_ln":
        h, final = _ln(h)
    return h, (caches, final, mode, activation)
# --8<-- [end:residual_stack_forward]


# --8<-- [start:residual_stack_backward]
def residual_stack_backward(dout, cache):
    """Given dL/dout (N, D): returns (dWs, dhs), lists over blocks l = 1..L of dL/dW_l (D, D) and of
    dL/dh_{l-1} (N, D), the gradient reaching block l's input (dhs[0] = dL/dX).

    Per block, from the output back:  ds = LN'(dh) for post_ln, else dh;  dz = ds * f'(z);
    dW = u^T dz;  du = dz W^T;  dh_prev = du (plain) or ds + du (skip: the identity passes ds through
    unchanged) or ds + LN'(du) (pre_ln). The "+ ds" term is why gradients survive depth with skips.
    """
    caches, final, mode, activation = cache
    f_grad = _ACTIVATIONS[activation][1]
    dh = dout
    if final is not None:
        dh = layernorm_backward(dh, final)[0]
    dWs, dhs = [None] * len(caches), [None] * len(caches)
    for l in range(len(caches) - 1, -1, -1):
        u, z, W, ln_in, ln_out = caches[l]
        ds = layernorm_backward(dh, ln_out)[0] if ln_out is not None else dh
        dz = ds * f_grad(z)
        dWs[l] = u.T @ dz
        du = dz @ W.T
        if mode == "plain":
            dh = du
        elif mode == "pre_ln":
            dh = ds + layernorm_backward(du, ln_in)[0]
        else:
            dh = ds + du
        dhs[l] = dh
    return dWs, dhs
# --8<-- [end:residual_stack_backward]


# --8<-- [start:stack_gradient_norms]
def stack_gradient_norms(X, depth, mode, rng, activation="relu", weight_std=None):
    """Gradient norms at initialisation: (||dL/dW_l||, ||dL/dh_{l-1}||) for l = 1..depth, each (depth,).

    W_l ~ N(0, weight_std^2), default 1 / sqrt(3 D): the variance of torch.nn.Linear's default
    uniform init U(-1/sqrt(D), 1/sqrt(D)).
    L = sum(out * G) with a random upstream gradient G ~ N(0, 1) drawn from rng.
    """
    _check(X, [np.zeros((X.shape[1], X.shape[1]))] if isinstance(X, np.ndarray) and X.ndim == 2 else [], mode,
           activation)
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a positive int, got {depth!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    D = X.shape[1]
    std = weight_std if weight_std is not None else 1.0 / np.sqrt(3.0 * D)
    Ws = [rng.normal(0.0, std, size=(D, D)) for _ in range(depth)]
    out, cache = residual_stack_forward(X, Ws, mode, activation)
    dWs, dhs = residual_stack_backward(rng.normal(size=out.shape), cache)
    return np.array([np.linalg.norm(g) for g in dWs]), np.array([np.linalg.norm(g) for g in dhs])
# --8<-- [end:stack_gradient_norms]


# --8<-- [start:train_deep_classifier]
def train_deep_classifier(X, y, depth, mode, rng, *, width=16, steps=150, lr=0.05, momentum=0.9, activation="tanh"):
    """Train X (N, 2) -> X W_in -> residual_stack (depth blocks, ``mode``) -> W_out -> softmax CE.

    Full-batch SGD with momentum (snippets.optimizers.SGD). Init: W_in ~ N(0, 1), block and output
    weights ~ N(0, 1 / width) (Xavier for square tanh layers). Returns the loss before each step, (steps,).
    """
    from snippets.losses import softmax_cross_entropy
    from snippets.optimizers import SGD

    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 1:
        raise ValueError(f"depth must be a positive int, got {depth!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
    C = int(y.max()) + 1
    W_in = rng.normal(0.0, 1.0, size=(X.shape[1], width))
    Ws = [rng.normal(0.0, 1.0 / np.sqrt(width), size=(width, width)) for _ in range(depth)]
    W_out = rng.normal(0.0, 1.0 / np.sqrt(width), size=(width, C))
    opt = SGD([W_in, *Ws, W_out], lr=lr, momentum=momentum)
    losses = np.empty(steps)
    for step in range(steps):
        h, cache = residual_stack_forward(X @ W_in, Ws, mode, activation)
        losses[step], dscores = softmax_cross_entropy(h @ W_out, y)
        dWs, dhs = residual_stack_backward(dscores @ W_out.T, cache)
        opt.step([X.T @ dhs[0], *dWs, h.T @ dscores])   # in the order the optimizer was given
    return losses
# --8<-- [end:train_deep_classifier]
