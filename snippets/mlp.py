"""Dense layers and the two-layer network X -> affine -> ReLU -> affine -> scores.

A dense layer computes ``X @ W + b`` with X (N, D), W (D, H), b (H,). Note that
``torch.nn.Linear`` stores its weight transposed, (H, D), and computes ``X @ W.T + b``; the maths
is the same. Every forward returns a cache; the matching backward takes that cache.
"""
import numpy as np

from snippets.activations import sigmoid


def _check_dense(X, W, b):
    for name, a in (("X", X), ("W", W), ("b", b)):
        if not isinstance(a, np.ndarray) or not np.issubdtype(a.dtype, np.floating):
            raise TypeError(f"{name} must be a floating-point np.ndarray, got {type(a).__name__}"
                            + (f" of dtype {a.dtype}" if isinstance(a, np.ndarray) else ""))
    if X.ndim != 2 or W.ndim != 2 or b.ndim != 1:
        raise ValueError(f"expected X (N, D), W (D, H), b (H,), got {X.shape}, {W.shape}, {b.shape}")
    if X.shape[1] != W.shape[0] or W.shape[1] != b.shape[0]:
        raise ValueError(f"shapes do not chain: X {X.shape} @ W {W.shape} + b {b.shape}")


# --8<-- [start:linear_forward]
def linear_forward(X, W, b):
    """out = X @ W + b, with X (N, D), W (D, H), b (H,) -> out (N, H)."""
    _check_dense(X, W, b)
    return X @ W + b, (X, W)
# --8<-- [end:linear_forward]


# --8<-- [start:linear_backward]
def linear_backward(dout, cache):
    """Given dL/dout (N, H): dX = dout W^T (N, D), dW = X^T dout (D, H), db = sum_n dout (H,)."""
    X, W = cache
    if dout.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"dout must have shape {(X.shape[0], W.shape[1])}, got {dout.shape}")
    return dout @ W.T, X.T @ dout, dout.sum(axis=0)
# --8<-- [end:linear_backward]


# --8<-- [start:two_layer_forward]
def two_layer_forward(X, W1, b1, W2, b2):
    """scores = relu(X W1 + b1) W2 + b2.

    X (N, D), W1 (D, H), b1 (H,), W2 (H, C), b2 (C,) -> scores (N, C) and a cache for backward.
    """
    _check_dense(X, W1, b1)
    z1 = X @ W1 + b1                # (N, H) pre-activations
    h = np.maximum(z1, 0)           # (N, H) ReLU
    _check_dense(h, W2, b2)
    scores = h @ W2 + b2            # (N, C)
    return scores, (X, W1, z1, h, W2)
# --8<-- [end:two_layer_forward]


# --8<-- [start:two_layer_backward]
def two_layer_backward(dscores, cache):
    """Backpropagate dL/dscores (N, C) through two_layer_forward; returns a dict of gradients.

        dW2 = h^T dscores      db2 = sum_n dscores      dh = dscores W2^T
        dz1 = dh * [z1 > 0]    (ReLU passes the gradient only where it was active; 0 at z1 = 0)
        dW1 = X^T dz1          db1 = sum_n dz1          dX = dz1 W1^T
    """
    X, W1, z1, h, W2 = cache
    if dscores.shape != (X.shape[0], W2.shape[1]):
        raise ValueError(f"dscores must have shape {(X.shape[0], W2.shape[1])}, got {dscores.shape}")
    dh = dscores @ W2.T
    dz1 = np.where(z1 > 0, dh, 0)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": h.T @ dscores,
            "b2": dscores.sum(axis=0), "X": dz1 @ W1.T}
# --8<-- [end:two_layer_backward]


_INIT_STD = {
    "kaiming": lambda fan_in, fan_out: np.sqrt(2.0 / fan_in),             # He: keeps ReLU activations' scale
    "xavier": lambda fan_in, fan_out: np.sqrt(2.0 / (fan_in + fan_out)),  # Glorot: for tanh / sigmoid
    "small": lambda fan_in, fan_out: 0.01,                                # the old "small random" habit
    "zeros": lambda fan_in, fan_out: 0.0,                                 # breaks symmetry-breaking: a bad idea
}


# --8<-- [start:init_two_layer]
def init_two_layer(D, H, C, rng, init="kaiming", bias=0.0):
    """Parameters of a D -> H -> C two-layer net as a dict W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).

    Weights are N(0, std^2) with std from ``init``: "kaiming" sqrt(2/fan_in), "xavier"
    sqrt(2/(fan_in+fan_out)), "small" 0.01, "zeros" 0. b1 is filled with ``bias`` (a negative value
    reproduces dead ReLUs), b2 with 0. float64, drawn from ``rng`` (np.random.Generator).
    """
    for name, v in (("D", D), ("H", H), ("C", C)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be a positive int, got {v!r}")
    if init not in _INIT_STD:
        raise ValueError(f"init must be one of {sorted(_INIT_STD)}, got {init!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    std1, std2 = _INIT_STD[init](D, H), _INIT_STD[init](H, C)
    return {"W1": rng.normal(0.0, 1.0, size=(D, H)) * std1, "b1": np.full(H, float(bias)),
            "W2": rng.normal(0.0, 1.0, size=(H, C)) * std2, "b2": np.zeros(C)}
# --8<-- [end:init_two_layer]


# --8<-- [start:sigmoid_net_forward]
def sigmoid_net_forward(X, W1, b1, W2, b2):
    """Input -> hidden -> output net with a sigmoid on BOTH layers (the classic BP textbook net).

    X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,) -> Y (N, K) in (0, 1) and a cache:
        Z = X W1 + b1,   A = sigmoid(Z),   O = A W2 + b2,   Y = sigmoid(O).
    """
    _check_dense(X, W1, b1)
    A = sigmoid(X @ W1 + b1)        # (N, H) hidden activations a_j
    _check_dense(A, W2, b2)
    Y = sigmoid(A @ W2 + b2)        # (N, K) outputs y_k
    return Y, (X, A, W2, Y)
# --8<-- [end:sigmoid_net_forward]


# --8<-- [start:sigmoid_net_backward]
def sigmoid_net_backward(dY, cache):
    """Backpropagate dL/dY (N, K) through sigmoid_net_forward; returns a dict of gradients.

    sigmoid'(o) = y (1 - y) is read off the cached OUTPUT, so no pre-activation is stored:
        delta_out = dY * Y (1 - Y)           dW2 = A^T delta_out     db2 = sum_n delta_out
        delta_hid = (delta_out W2^T) * A (1 - A)
        dW1 = X^T delta_hid                  db1 = sum_n delta_hid
    For L = (1/2N) sum (Y - T)^2 pass dY = (Y - T) / N.
    """
    X, A, W2, Y = cache
    if dY.shape != Y.shape:
        raise ValueError(f"dY must have shape {Y.shape}, got {dY.shape}")
    delta_out = dY * Y * (1.0 - Y)                      # (N, K)
    delta_hid = (delta_out @ W2.T) * A * (1.0 - A)      # (N, H), reuses delta_out
    return {"W1": X.T @ delta_hid, "b1": delta_hid.sum(axis=0),
            "W2": A.T @ delta_out, "b2": delta_out.sum(axis=0)}
# --8<-- [end:sigmoid_net_backward]
