"""A vanilla tanh RNN with backpropagation through time, and the repeated-matrix products behind
vanishing and exploding gradients.

Layout as ``torch.nn.RNN(batch_first=True)`` with one bias: X (N, T, D), W_ih (H, D), W_hh (H, H),
b (H,), and h_t = tanh(x_t W_ih^T + h_{t-1} W_hh^T + b). torch keeps two biases, b_ih + b_hh, which
only ever appear as their sum. In column-vector notation this is h_t = tanh(W_ih x_t + W_hh h_{t-1} + b).
"""
import numpy as np

from snippets.clipping import clip_grad_norm
from snippets.optimizers import SGD


def _float(a, name, ndim):
    if not isinstance(a, np.ndarray) or not np.issubdtype(a.dtype, np.floating):
        raise TypeError(f"{name} must be a floating-point np.ndarray, got {type(a).__name__}")
    if a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {a.shape}")
    return a


def _positive_int(name, v):
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
        raise ValueError(f"{name} must be a positive int, got {v!r}")
    return int(v)


# --8<-- [start:matrix_with_spectral_radius]
def matrix_with_spectral_radius(n, radius, rng):
    """A random (n, n) Gaussian matrix rescaled so that its spectral radius max |eigenvalue| = radius."""
    _positive_int("n", n)
    if not radius > 0:
        raise ValueError(f"radius must be positive, got {radius!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    W = rng.normal(size=(n, n))
    return W * (radius / np.max(np.abs(np.linalg.eigvals(W))))
# --8<-- [end:matrix_with_spectral_radius]


# --8<-- [start:repeated_matmul_norms]
def repeated_matmul_norms(W, v, steps):
    """||W^t v|| for t = 0..steps, shape (steps + 1,): a signal (or, with W^T, a gradient) pushed
    through the same linear recurrence again and again. For large t it scales like rho(W)^t."""
    W, v = _float(W, "W", 2), _float(v, "v", 1)
    if W.shape != (v.size, v.size):
        raise ValueError(f"W must be square and match v: got W {W.shape}, v {v.shape}")
    _positive_int("steps", steps)
    norms = np.empty(steps + 1)
    for t in range(steps + 1):
        norms[t] = np.linalg.norm(v)
        v = W @ v
    return norms
# --8<-- [end:repeated_matmul_norms]


# --8<-- [start:rnn_forward]
def rnn_forward(X, h0, W_ih, W_hh, b):
    """Vanilla RNN over a whole sequence: h_t = tanh(x_t W_ih^T + h_{t-1} W_hh^T + b), t = 1..T.

    X (N, T, D), h0 (N, H), W_ih (H, D), W_hh (H, H), b (H,) -> hs (N, T, H) and a cache for backward.
    """
    X, h0 = _float(X, "X", 3), _float(h0, "h0", 2)
    W_ih, W_hh, b = _float(W_ih, "W_ih", 2), _float(W_hh, "W_hh", 2), _float(b, "b", 1)
    N, T, D = X.shape
    H = W_hh.shape[0]
    if h0.shape != (N, H) or W_ih.shape != (H, D) or W_hh.shape != (H, H) or b.shape != (H,):
        raise ValueError(f"shapes do not chain: X {X.shape}, h0 {h0.shape}, W_ih {W_ih.shape}, "
                         f"W_hh {W_hh.shape}, b {b.shape}")
    hs = np.empty((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ W_ih.T + h @ W_hh.T + b)
        hs[:, t] = h
    return hs, (X, h0, W_ih, W_hh, hs)
# --8<-- [end:rnn_forward]


# --8<-- [start:rnn_backward]
def rnn_backward(dhs, cache):
    """Backpropagation through time. dhs (N, T, H) = dL/dh_t from the layers above, for every t.

    Walking t = T..1 with g = dL/dh_t (upstream plus what flows back from step t+1):
        dz_t = g * (1 - h_t^2)            (tanh' through the saturation)
        dW_ih += dz_t^T x_t,  dW_hh += dz_t^T h_{t-1},  db += sum_n dz_t
        dL/dh_{t-1} = dz_t W_hh           (the recurrent step: multiply by diag(f') then W_hh^T)
    Returns a dict with X, h0, W_ih, W_hh, b.
    """
    X, h0, W_ih, W_hh, hs = cache
    if dhs.shape != hs.shape:
        raise ValueError(f"dhs must have shape {hs.shape}, got {dhs.shape}")
    T = X.shape[1]
    dX, dW_ih, dW_hh, db = np.zeros_like(X), np.zeros_like(W_ih), np.zeros_like(W_hh), np.zeros(W_hh.shape[0])
    g = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        g = g + dhs[:, t]
        dz = g * (1.0 - hs[:, t] ** 2)
        h_prev = hs[:, t - 1] if t > 0 else h0
        dX[:, t] = dz @ W_ih
        dW_ih += dz.T @ X[:, t]
        dW_hh += dz.T @ h_prev
        db += dz.sum(axis=0)
        g = dz @ W_hh
    return {"X": dX, "h0": g, "W_ih": dW_ih, "W_hh": dW_hh, "b": db}
# --8<-- [end:rnn_backward]


# --8<-- [start:state_jacobian]
def state_jacobian(cache, n=0):
    """dh_T/dh_0 (H, H) of sequence n: the product  prod_{t=T..1} diag(1 - h_t^2) W_hh.

    Its transpose, prod_{t=1..T} W_hh^T diag(f'(z_t)), is what carries dL/dh_T back to h_0.
    """
    W_hh, hs = cache[3], cache[4]
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 0 <= n < hs.shape[0]:
        raise ValueError(f"n must be a sequence index in [0, {hs.shape[0]}), got {n!r}")
    J = np.eye(W_hh.shape[0])
    for t in range(hs.shape[1]):
        J = ((1.0 - hs[n, t] ** 2)[:, None] * W_hh) @ J  # left-multiply by this step's Jacobian
    return J
# --8<-- [end:state_jacobian]


# --8<-- [start:hidden_gradient_norms]
def hidden_gradient_norms(cache, dh_T):
    """||dL/dh_t|| (Frobenius over the batch) for t = 0..T when the loss sees only h_T; shape (T + 1,).

    The same recursion as rnn_backward, g <- (g * (1 - h_t^2)) W_hh, keeping only the norms.
    """
    W_hh, hs = cache[3], cache[4]
    if dh_T.shape != hs[:, -1].shape:
        raise ValueError(f"dh_T must have shape {hs[:, -1].shape}, got {dh_T.shape}")
    norms = np.empty(hs.shape[1] + 1)
    g = dh_T
    norms[-1] = np.linalg.norm(g)
    for t in range(hs.shape[1] - 1, -1, -1):
        g = (g * (1.0 - hs[:, t] ** 2)) @ W_hh
        norms[t] = np.linalg.norm(g)
    return norms
# --8<-- [end:hidden_gradient_norms]


# --8<-- [start:rnn_regression_loss]
def rnn_regression_loss(params, X, y):
    """MSE of a linear read-out of the last hidden state: y_hat = h_T w + c; returns (loss, grads dict).

    params: W_ih (H, D), W_hh (H, H), b (H,), w (H,), c (scalar array shape ()). X (N, T, D), y (N,).
    """
    X, y = _float(X, "X", 3), _float(y, "y", 1)
    N = X.shape[0]
    if y.shape != (N,):
        raise ValueError(f"y must have shape ({N},) to match X {X.shape}, got {y.shape}")
    h0 = np.zeros((N, params["W_hh"].shape[0]))
    hs, cache = rnn_forward(X, h0, params["W_ih"], params["W_hh"], params["b"])
    h_T = hs[:, -1]
    err = h_T @ params["w"] + params["c"] - y
    loss = float(np.mean(err ** 2))
    d_yhat = 2.0 * err / N
    dhs = np.zeros_like(hs)
    dhs[:, -1] = np.outer(d_yhat, params["w"])
    grads = rnn_backward(dhs, cache)
    grads["w"] = h_T.T @ d_yhat
    grads["c"] = np.array(d_yhat.sum())
    return loss, grads
# --8<-- [end:rnn_regression_loss]


RNN_KEYS = ("W_ih", "W_hh", "b", "w", "c")


# --8<-- [start:first_input_task]
def first_input_task(rng, n=256, T=20, H=32):
    """A memory task and a fresh RNN: X (n, T, 1) ~ N(0, 1), target y = X[:, 0, 0] (the FIRST input).

    Returns (X, y, params) with W_ih ~ N(0, 1), W_hh orthogonal (every singular value 1), b = 0,
    read-out w ~ N(0, 1/H), c = 0: gradients must travel all T steps back to learn it.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    for name, v in (("n", n), ("T", T), ("H", H)):
        _positive_int(name, v)
    X = rng.normal(size=(n, T, 1))
    Q, _ = np.linalg.qr(rng.normal(size=(H, H)))
    params = {"W_ih": rng.normal(size=(H, 1)), "W_hh": Q, "b": np.zeros(H),
              "w": rng.normal(size=H) / np.sqrt(H), "c": np.array(0.0)}
    return X, X[:, 0, 0], params
# --8<-- [end:first_input_task]


# --8<-- [start:train_rnn]
def train_rnn(params, X, y, *, lr, steps, batch_size, rng, clip_norm=None):
    """Mini-batch SGD on rnn_regression_loss, with optional clip_grad_norm between backward and step.

    Updates params in place; returns {"loss": per-step loss, "grad_norm": global norm before
    clipping, "diverged_at_step": first step whose loss or weights are not finite, or None}.
    """
    _positive_int("steps", steps)
    _positive_int("batch_size", batch_size)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    opt = SGD([params[k] for k in RNN_KEYS], lr=lr)
    hist = {"loss": [], "grad_norm": [], "diverged_at_step": None}
    for step in range(steps):
        idx = rng.choice(len(y), size=batch_size, replace=False)
        with np.errstate(over="ignore", invalid="ignore"):
            loss, g = rnn_regression_loss(params, X[idx], y[idx])
            grads = [g[k] for k in RNN_KEYS]
            norm = float(np.sqrt(sum(np.sum(a * a) for a in grads)))
        if not (np.isfinite(loss) and np.isfinite(norm)):
            hist["diverged_at_step"] = step
            break
        if clip_norm is not None:
            clip_grad_norm(grads, clip_norm)  # after backward, before the optimizer step
        opt.step(grads)
        hist["loss"].append(loss)
        hist["grad_norm"].append(norm)
        if not all(np.all(np.isfinite(params[k])) for k in RNN_KEYS):
            hist["diverged_at_step"] = step
            break
    return hist
# --8<-- [end:train_rnn]
