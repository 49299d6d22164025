"""The XOR gate: the smallest networks that compute it, a linear model's best effort, and training.

Inputs are the four corners of {0, 1}^2 and XOR(x1, x2) = 1 exactly when x1 != x2. The hand-set
networks output the XOR value itself; the trained 2-2-1 networks output a logit (sigmoid + BCE).
"""
import numpy as np

from snippets.activations import relu, sigmoid, tanh


def _check_X(X):
    if not isinstance(X, np.ndarray) or not np.issubdtype(X.dtype, np.floating):
        raise TypeError("X must be a floating-point np.ndarray")
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2), got {X.shape}")


# --8<-- [start:xor_truth_table]
def xor_truth_table():
    """The four XOR cases: X (4, 2) float64 rows (0,0), (0,1), (1,0), (1,1); y (4,) int64 = 0, 1, 1, 0."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0, 1, 1, 0], dtype=np.int64)
# --8<-- [end:xor_truth_table]


# --8<-- [start:xor_relu_net]
def xor_relu_net(X):
    """Hand-set 2-2-1 ReLU network: X (N, 2) -> (y (N,), h (N, 2)).

    h1 = ReLU(x1 + x2),  h2 = ReLU(x1 + x2 - 1),  y = h1 - 2 h2   (0, 1, 1, 0 on the truth table).
    """
    _check_X(X)
    W1 = np.array([[1.0, 1.0],
                   [1.0, 1.0]])      # both hidden units see x1 + x2 ...
    b1 = np.array([0.0, -1.0])       # ... the second one only switches on above 1
    w2, b2 = np.array([1.0, -2.0]), 0.0
    h = relu(X @ W1 + b1)
    return h @ w2 + b2, h
# --8<-- [end:xor_relu_net]


# --8<-- [start:xor_step_net]
def xor_step_net(X):
    """Hand-set 2-2-1 network of threshold units: h1 = OR, h2 = AND, y = step(h1 - h2 - 0.5).

    step(z) = 1 if z > 0 else 0. X (N, 2) -> (y (N,), h (N, 2)).
    """
    _check_X(X)
    s = X[:, 0] + X[:, 1]
    h = np.stack([(s - 0.5 > 0), (s - 1.5 > 0)], axis=1).astype(np.float64)   # OR(x1, x2), AND(x1, x2)
    return (h[:, 0] - h[:, 1] - 0.5 > 0).astype(np.float64), h
# --8<-- [end:xor_step_net]


# --8<-- [start:xor_skip_net]
def xor_skip_net(X):
    """ONE hidden ReLU unit plus a direct input-to-output connection: y = x1 + x2 - 2 ReLU(x1 + x2 - 1)."""
    _check_X(X)
    s = X[:, 0] + X[:, 1]
    return s - 2.0 * relu(s - 1.0)
# --8<-- [end:xor_skip_net]


# --8<-- [start:best_linear_accuracy]
def best_linear_accuracy(X, y):
    """Exact best accuracy of any linear classifier 1[w.x + b > 0] (either orientation) on 2-D points.

    Only the order of the projections w.x matters, and it can change only where w is orthogonal to
    some x_i - x_j. Testing one direction inside every arc between those critical angles, with
    every threshold between consecutive projections, therefore covers every linear dichotomy.
    Returns (accuracy, w, b) of a best classifier.
    """
    _check_X(X)
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must hold 0/1 labels of shape ({X.shape[0]},)")
    d = (X[:, None, :] - X[None, :, :]).reshape(-1, 2)
    d = d[np.any(d != 0, axis=1)]
    crit = np.sort(np.mod(np.arctan2(d[:, 1], d[:, 0]) + np.pi / 2, np.pi))   # w orthogonal to x_i - x_j
    crit = np.unique(np.concatenate([crit, crit[:1] + np.pi]))
    angles = (crit[:-1] + crit[1:]) / 2 if len(crit) > 1 else np.array([0.0])
    best = (-1.0, None, None)
    for a in np.concatenate([angles, angles + np.pi]):                        # both orientations
        w = np.array([np.cos(a), np.sin(a)])
        p = np.sort(X @ w)
        for thr in np.concatenate([[p[0] - 1.0], (p[:-1] + p[1:]) / 2, [p[-1] + 1.0]]):
            acc = float(np.mean((X @ w - thr > 0) == (y == 1)))
            if acc > best[0]:
                best = (acc, w, -thr)
    return best
# --8<-- [end:best_linear_accuracy]


_HIDDEN = {"tanh": tanh, "relu": relu}


def _init_nets(n_nets, hidden_units, rng):
    return {"W1": rng.normal(0.0, 1.0, size=(n_nets, 2, hidden_units)), "b1": np.zeros((n_nets, hidden_units)),
            "w2": rng.normal(0.0, 1.0, size=(n_nets, hidden_units)), "b2": np.zeros(n_nets)}


# --8<-- [start:xor_nets_loss_and_grads]
def xor_nets_loss_and_grads(params, X, y, hidden="tanh"):
    """K independent 2-H-1 nets at once: W1 (K, 2, H), b1 (K, H), w2 (K, H), b2 (K,).

    z = f(X W1 + b1) w2 + b2 (logits, (K, N)); loss_k = mean_n BCE(sigmoid(z), y) (K,).
    Returns (loss (K,), grads dict with the shapes of params). dz = (sigmoid(z) - y) / N.
    """
    if hidden not in _HIDDEN:
        raise ValueError(f"hidden must be one of {sorted(_HIDDEN)}, got {hidden!r}")
    _check_X(X)
    a = np.einsum("nd,kdh->knh", X, params["W1"]) + params["b1"][:, None, :]   # (K, N, H)
    h = _HIDDEN[hidden](a)
    z = np.einsum("knh,kh->kn", h, params["w2"]) + params["b2"][:, None]       # (K, N)
    loss = np.mean(np.logaddexp(0.0, z) - y * z, axis=1)                      # stable BCE with logits
    dz = (sigmoid(z) - y) / X.shape[0]
    dh = dz[:, :, None] * params["w2"][:, None, :]
    da = dh * ((1.0 - h * h) if hidden == "tanh" else (a > 0))
    grads = {"W1": np.einsum("nd,knh->kdh", X, da), "b1": da.sum(axis=1),
             "w2": np.einsum("knh,kn->kh", h, dz), "b2": dz.sum(axis=1)}
    return loss, grads
# --8<-- [end:xor_nets_loss_and_grads]


# --8<-- [start:train_xor_nets]
def train_xor_nets(n_nets, rng, hidden="tanh", hidden_units=2, steps=1000, lr=2.0):
    """Train n_nets 2-H-1 nets (weights N(0, 1), zero biases) on the XOR truth table, full-batch GD.

    Returns (params, loss (n_nets,), accuracy (n_nets,)): accuracy = fraction of the 4 cases where
    sigmoid(z) > 0.5 gives the right bit. Nets that end in a local minimum stay below 100%.
    """
    if isinstance(n_nets, bool) or not isinstance(n_nets, (int, np.integer)) or n_nets < 1:
        raise ValueError(f"n_nets must be a positive int, got {n_nets!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    X, y = xor_truth_table()
    params = _init_nets(n_nets, hidden_units, rng)
    for _ in range(steps):
        _, grads = xor_nets_loss_and_grads(params, X, y, hidden)
        for k in params:
            params[k] -= lr * grads[k]
    loss, _ = xor_nets_loss_and_grads(params, X, y, hidden)
    a = _HIDDEN[hidden](np.einsum("nd,kdh->knh", X, params["W1"]) + params["b1"][:, None, :])
    z = np.einsum("knh,kh->kn", a, params["w2"]) + params["b2"][:, None]
    return params, loss, np.mean((z > 0) == (y == 1), axis=1)
# --8<-- [end:train_xor_nets]
