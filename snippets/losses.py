"""Loss functions that return the loss and its gradient with respect to their input.

Conventions follow ``torch.nn.functional``: every loss is the MEAN over its elements
(``reduction="mean"``), ``softmax_cross_entropy`` takes raw logits and integer class labels like
``F.cross_entropy`` (including ``label_smoothing``), and ``binary_cross_entropy_with_logits``
takes logits like ``F.binary_cross_entropy_with_logits``. Working on logits, not probabilities,
is what makes them stable: no ``log(0)`` and no overflow for any finite input.
"""
import numpy as np


def _float_array(a, name):
    arr = np.asarray(a)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    return arr if np.issubdtype(arr.dtype, np.floating) else arr.astype(np.float64)


def _same_shape(pred, target):
    pred, target = _float_array(pred, "pred"), _float_array(target, "target")
    if pred.shape != target.shape:
        raise ValueError(f"pred and target must have the same shape, got {pred.shape} and {target.shape}")
    if pred.size == 0:
        raise ValueError("pred must not be empty")
    return pred, target.astype(pred.dtype, copy=False)


# --8<-- [start:softmax_cross_entropy]
def softmax_cross_entropy(logits, y, label_smoothing=0.0):
    """Mean cross-entropy of softmax(logits) against integer labels, and dL/dlogits.

    logits (N, C) real, y (N,) int in [0, C). With smoothing eps the target distribution is
    q = (1 - eps) * onehot(y) + eps / C (as torch). With p = softmax(logits):
        L = -(1/N) sum_n sum_c q_nc log p_nc,        dL/dlogits = (p - q) / N.
    log p is computed as logits - logsumexp(logits), so any finite logits are safe.
    """
    logits = _float_array(logits, "logits")
    if logits.ndim != 2 or logits.shape[0] == 0 or logits.shape[1] == 0:
        raise ValueError(f"logits must have shape (N, C) with N, C >= 1, got {logits.shape}")
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    N, C = logits.shape
    if y.shape != (N,):
        raise ValueError(f"y must have shape ({N},) to match logits {logits.shape}, got {y.shape}")
    if y.min() < 0 or y.max() >= C:
        raise ValueError(f"y must be class ids in [0, {C}), got values in [{y.min()}, {y.max()}]")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing}")
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    q = np.full_like(logits, label_smoothing / C)
    q[np.arange(N), y] += 1.0 - label_smoothing
    loss = -np.sum(q * log_p) / N
    dlogits = (np.exp(log_p) - q) / N
    return float(loss), dlogits
# --8<-- [end:softmax_cross_entropy]


# --8<-- [start:binary_cross_entropy_with_logits]
def binary_cross_entropy_with_logits(logits, targets):
    """Mean binary cross-entropy of sigmoid(logits) against targets in [0, 1], and dL/dlogits.

    Per element, with z the logit and t the target:
        l = -[t log s(z) + (1 - t) log(1 - s(z))] = max(z, 0) - z t + log(1 + exp(-|z|)),
        dl/dz = s(z) - t.
    The right-hand form never exponentiates a positive number, so it is exact and finite for any z.
    """
    z, t = _same_shape(logits, targets)
    if np.any((t < 0) | (t > 1)):
        raise ValueError("targets must lie in [0, 1]")
    loss = np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z))))
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))  # stable sigmoid
    return float(loss), (s - t) / z.size
# --8<-- [end:binary_cross_entropy_with_logits]


# --8<-- [start:mse]
def mse(pred, target):
    """Mean squared error (1/n) sum (pred - target)^2 and its gradient 2 (pred - target) / n."""
    pred, target = _same_shape(pred, target)
    diff = pred - target
    return float(np.mean(diff * diff)), 2.0 * diff / diff.size
# --8<-- [end:mse]


# --8<-- [start:l1_loss]
def l1_loss(pred, target):
    """Mean absolute error (1/n) sum |pred - target|; gradient sign(pred - target) / n (0 at a tie, as torch)."""
    pred, target = _same_shape(pred, target)
    diff = pred - target
    return float(np.mean(np.abs(diff))), np.sign(diff) / diff.size
# --8<-- [end:l1_loss]


# --8<-- [start:huber_loss]
def huber_loss(pred, target, delta=1.0):
    """Huber loss (torch.nn.functional.huber_loss): quadratic near 0, linear in the tails.

    With d = pred - target:  l = d^2 / 2 if |d| < delta, else delta (|d| - delta / 2);
    dl/dd = d if |d| < delta, else delta sign(d)  (gradient magnitude capped at delta).
    """
    if not delta > 0:
        raise ValueError(f"delta must be positive, got {delta}")
    pred, target = _same_shape(pred, target)
    d = pred - target
    small = np.abs(d) < delta
    loss = np.where(small, 0.5 * d * d, delta * (np.abs(d) - 0.5 * delta))
    grad = np.where(small, d, delta * np.sign(d))
    return float(np.mean(loss)), grad / d.size
# --8<-- [end:huber_loss]


# --8<-- [start:sigmoid_mse]
def sigmoid_mse(logits, targets):
    """Mean squared error on sigmoid outputs, (1/n) sum (s(z) - t)^2, and its gradient w.r.t. the LOGITS.

    dl/dz = 2 (s - t) * s (1 - s) / n: the chain rule adds the sigmoid's derivative s (1 - s), which
    is ~0 when the sigmoid saturates, even if the prediction is confidently wrong. Compare with
    binary_cross_entropy_with_logits, whose dl/dz = (s - t) / n has no such factor.
    """
    z, t = _same_shape(logits, targets)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))  # stable sigmoid
    diff = s - t
    return float(np.mean(diff * diff)), 2.0 * diff * s * (1.0 - s) / z.size
# --8<-- [end:sigmoid_mse]


# --8<-- [start:multi_margin_loss]
def multi_margin_loss(scores, y, margin=1.0):
    """Multi-class hinge (SVM) loss as torch.nn.functional.multi_margin_loss (p = 1), and dL/dscores.

    scores (N, C), y (N,) int. Per example: l_n = sum_{c != y_n} max(0, margin - s_{n,y_n} + s_{n,c}) / C,
    averaged over n (torch divides by C; CS231n's version does not). Zero once the true class wins
    by ``margin``: unlike cross-entropy it stops pushing correct, confident examples.
    """
    scores = _float_array(scores, "scores")
    if scores.ndim != 2 or scores.shape[0] == 0 or scores.shape[1] < 2:
        raise ValueError(f"scores must have shape (N, C) with N >= 1, C >= 2, got {scores.shape}")
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    N, C = scores.shape
    if y.shape != (N,) or y.min() < 0 or y.max() >= C:
        raise ValueError(f"y must be ({N},) class ids in [0, {C}), got shape {y.shape}")
    if not margin > 0:
        raise ValueError(f"margin must be positive, got {margin}")
    rows = np.arange(N)
    viol = margin - scores[rows, y][:, None] + scores       # (N, C)
    viol[rows, y] = 0.0                                     # the true class is not its own rival
    active = (viol > 0).astype(scores.dtype)
    dscores = active / (C * N)
    dscores[rows, y] = -active.sum(axis=1) / (C * N)
    return float(np.sum(np.maximum(viol, 0)) / (C * N)), dscores
# --8<-- [end:multi_margin_loss]


# --8<-- [start:sigmoid_focal_loss]
def sigmoid_focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    """Binary focal loss as torchvision.ops.sigmoid_focal_loss (reduction "mean"), and dL/dlogits.

    With p = s(z), p_t = p t + (1 - p)(1 - t), alpha_t = alpha t + (1 - alpha)(1 - t), ce = BCE(z, t):
        l = alpha_t (1 - p_t)^gamma ce          (alpha < 0 disables the alpha_t weight, as torchvision)
        dl/dz = alpha_t [(1 - p_t)^gamma (p - t) - gamma (1 - p_t)^(gamma - 1) (2t - 1) p (1 - p) ce].
    gamma = 0 (and alpha < 0) is plain BCE; gamma > 0 shrinks the loss of easy, well-classified examples.
    """
    z, t = _same_shape(logits, targets)
    if np.any((t < 0) | (t > 1)):
        raise ValueError("targets must lie in [0, 1]")
    if not gamma >= 0:
        raise ValueError(f"gamma must be >= 0, got {gamma}")
    if alpha > 1:
        raise ValueError(f"alpha must be <= 1 (negative disables it), got {alpha}")
    e = np.exp(-np.abs(z))
    p = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ce = np.maximum(z, 0) - z * t + np.log1p(e)
    q = 1.0 - (p * t + (1.0 - p) * (1.0 - t))             # 1 - p_t
    a = alpha * t + (1.0 - alpha) * (1.0 - t) if alpha >= 0 else np.ones_like(z)
    dq = -(2.0 * t - 1.0) * p * (1.0 - p)                  # d(1 - p_t)/dz
    q_pow = np.power(q, gamma - 1.0, out=np.zeros_like(q), where=q > 0)     # q^(gamma-1), 0 where q = 0
    dmod = gamma * q_pow * dq if gamma else np.zeros_like(z)                # d q^gamma / dz
    loss = a * q ** gamma * ce
    grad = a * (q ** gamma * (p - t) + dmod * ce)
    return float(np.mean(loss)), grad / z.size
# --8<-- [end:sigmoid_focal_loss]
