"""Large-margin variants of the softmax loss (face recognition, metric learning) and center loss.

The margin losses replace the logits x W by scaled cosines s cos(theta_{n,c}) between the L2-normalised
feature x_n and the L2-normalised class weight w_c (NormFace), and make the TRUE class's logit
harder to win with a margin m:
    CosFace / AM-Softmax:  s (cos theta_y - m)          (additive cosine margin)
    ArcFace:               s cos(theta_y + m)           (additive angular margin)
The result goes into the usual softmax cross-entropy. Every margin function returns the logits and
their elementwise derivative d logits / d cos (logit (n, c) depends on cos (n, c) only), so the
backward pass is dcos = dlogits * that derivative, then through the normalisation.
Defaults follow the papers: CosFace s = 64, m = 0.35; ArcFace s = 64, m = 0.5.
"""
import numpy as np

from snippets.losses import softmax_cross_entropy


def _real(a, name, ndim):
    if not isinstance(a, np.ndarray) or not np.issubdtype(a.dtype, np.floating):
        raise TypeError(f"{name} must be a floating-point np.ndarray, got {type(a).__name__}")
    if a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {a.shape}")
    return a


def _labels(y, N, C):
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if y.shape != (N,) or (N and (y.min() < 0 or y.max() >= C)):
        raise ValueError(f"y must be ({N},) class ids in [0, {C}), got shape {y.shape}")
    return y


def _scale_margin(s, m):
    if not s > 0:
        raise ValueError(f"s must be positive, got {s}")
    if not 0 <= m < np.pi / 2:
        raise ValueError(f"m must be in [0, pi/2), got {m}")


# --8<-- [start:cosine_logits]
def cosine_logits(X, W, eps=1e-12):
    """cos(theta_{n,c}) = <x_n, w_c> / (||x_n|| ||w_c||) for X (N, D), W (D, C) -> cos (N, C), cache.

    Rows of X and columns of W are divided by max(norm, eps), as torch.nn.functional.normalize.
    """
    _real(X, "X", 2), _real(W, "W", 2)
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"shapes do not chain: X {X.shape} @ W {W.shape}")
    xn = np.maximum(np.linalg.norm(X, axis=1, keepdims=True), eps)   # (N, 1)
    wn = np.maximum(np.linalg.norm(W, axis=0, keepdims=True), eps)   # (1, C)
    Xh, Wh = X / xn, W / wn
    return Xh @ Wh, (Xh, Wh, xn, wn)
# --8<-- [end:cosine_logits]


# --8<-- [start:cosine_logits_backward]
def cosine_logits_backward(dcos, cache):
    """dX (N, D), dW (D, C) from dL/dcos (N, C). For u_hat = u / ||u||: du = (du_hat - u_hat <u_hat, du_hat>) / ||u||.

    Only the component of the gradient orthogonal to u survives: rescaling u does not change cos.
    """
    Xh, Wh, xn, wn = cache
    if dcos.shape != (Xh.shape[0], Wh.shape[1]):
        raise ValueError(f"dcos must have shape {(Xh.shape[0], Wh.shape[1])}, got {dcos.shape}")
    dXh, dWh = dcos @ Wh.T, Xh.T @ dcos
    dX = (dXh - Xh * np.sum(dXh * Xh, axis=1, keepdims=True)) / xn
    dW = (dWh - Wh * np.sum(dWh * Wh, axis=0, keepdims=True)) / wn
    return dX, dW
# --8<-- [end:cosine_logits_backward]


# --8<-- [start:cosface_logits]
def cosface_logits(cos, y, s=64.0, m=0.35):
    """CosFace / AM-Softmax: logits = s (cos - m [c = y]), cos (N, C), y (N,) -> (logits, dlogits/dcos = s)."""
    _real(cos, "cos", 2)
    y = _labels(y, *cos.shape)
    _scale_margin(s, m)
    logits = s * cos
    logits[np.arange(len(y)), y] -= s * m
    return logits, np.full_like(cos, s)
# --8<-- [end:cosface_logits]


# --8<-- [start:arcface_logits]
def arcface_logits(cos, y, s=64.0, m=0.5):
    """ArcFace: the true class's logit is s cos(theta + m), the others s cos(theta); -> (logits, dlogits/dcos).

    cos(theta + m) = cos(theta) cos(m) - sin(theta) sin(m), sin(theta) = sqrt(1 - cos^2), so
    d/dcos = cos(m) + cos(theta) sin(m) / sin(theta). Past theta = pi - m, cos(theta + m) would turn
    back UP (theta + m > pi); there, as the reference implementations do, use cos(theta) - m sin(m).
    """
    _real(cos, "cos", 2)
    y = _labels(y, *cos.shape)
    _scale_margin(s, m)
    rows = np.arange(len(y))
    c = np.clip(cos[rows, y], -1.0, 1.0)
    sin = np.sqrt(np.maximum(1.0 - c * c, 1e-12))           # never 0: the derivative stays finite
    inside = c > np.cos(np.pi - m)                          # theta + m <= pi
    target = np.where(inside, c * np.cos(m) - sin * np.sin(m), c - m * np.sin(m))
    dtarget = np.where(inside, np.cos(m) + c * np.sin(m) / sin, 1.0)
    logits, dlogits = s * cos, np.full_like(cos, s)
    logits[rows, y] = s * target
    dlogits[rows, y] = s * dtarget
    return logits, dlogits
# --8<-- [end:arcface_logits]


_MARGINS = {"softmax": None, "cosface": cosface_logits, "arcface": arcface_logits}


# --8<-- [start:margin_softmax_loss]
def margin_softmax_loss(X, W, y, margin="arcface", s=64.0, m=0.5):
    """Mean softmax cross-entropy on margin logits, and its gradients {"X": (N, D), "W": (D, C)}.

    margin "softmax": plain normalised softmax (NormFace), logits s cos; "cosface"; "arcface".
    """
    if margin not in _MARGINS:
        raise ValueError(f"margin must be one of {sorted(_MARGINS)}, got {margin!r}")
    cos, cache = cosine_logits(X, W)
    if margin == "softmax":
        _scale_margin(s, 0.0)
        logits, dlogits_dcos = s * cos, np.full_like(cos, s)
    else:
        logits, dlogits_dcos = _MARGINS[margin](cos, y, s, m)
    loss, dlogits = softmax_cross_entropy(logits, y)
    dX, dW = cosine_logits_backward(dlogits * dlogits_dcos, cache)
    return loss, {"X": dX, "W": dW}
# --8<-- [end:margin_softmax_loss]


# --8<-- [start:center_loss]
def center_loss(features, y, centers, lam=1.0):
    """Center loss (Wen et al., 2016): L_C = (lam / 2) sum_n ||x_n - c_{y_n}||^2, and dL_C/dfeatures.

    features (N, D), y (N,) int, centers (C, D). Gradient lam (x_n - c_{y_n}). A sum over the batch,
    as in the paper; it is ADDED to softmax cross-entropy, and the centres are updated separately
    (update_centers). It pulls features together; it does not penalise the weights.
    """
    _real(features, "features", 2), _real(centers, "centers", 2)
    if features.shape[1] != centers.shape[1]:
        raise ValueError(f"features (N, D) and centers (C, D) must share D, got {features.shape}, {centers.shape}")
    y = _labels(y, features.shape[0], centers.shape[0])
    if not lam >= 0:
        raise ValueError(f"lam must be >= 0, got {lam}")
    diff = features - centers[y]
    return float(0.5 * lam * np.sum(diff * diff)), lam * diff
# --8<-- [end:center_loss]


# --8<-- [start:update_centers]
def update_centers(centers, features, y, alpha=0.5):
    """The paper's centre update: c_j <- c_j - alpha * sum_{n: y_n = j} (c_j - x_n) / (1 + count_j).

    Returns new centres (C, D); classes absent from the batch do not move. alpha in (0, 1].
    """
    _real(features, "features", 2), _real(centers, "centers", 2)
    y = _labels(y, features.shape[0], centers.shape[0])
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must be in (0, 1], got {alpha}")
    C = centers.shape[0]
    counts = np.bincount(y, minlength=C)[:, None]                       # (C, 1)
    sums = np.zeros_like(centers)
    np.add.at(sums, y, features)                                         # sum of x_n per class
    delta = (counts * centers - sums) / (1.0 + counts)
    return centers - alpha * delta
# --8<-- [end:update_centers]
