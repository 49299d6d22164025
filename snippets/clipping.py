"""Gradient clipping, in place, as ``torch.nn.utils.clip_grad_norm_`` / ``clip_grad_value_``."""
import numpy as np


def _grad_list(grads):
    if not isinstance(grads, (list, tuple)) or not grads:
        raise TypeError("grads must be a non-empty list of np.ndarray")
    for i, g in enumerate(grads):
        if not isinstance(g, np.ndarray) or not np.issubdtype(g.dtype, np.floating):
            raise TypeError(f"grads[{i}] must be a floating-point np.ndarray, got {type(g).__name__}")
    return grads


# --8<-- [start:clip_grad_norm]
def clip_grad_norm(grads, max_norm, norm_type=2.0):
    """Rescale ALL gradients together so that their joint norm is at most max_norm; returns that norm.

    total = || (||g_1||_p, ..., ||g_k||_p) ||_p  (the p-norm of all entries as one vector; p = inf: max |g|)
    if total > max_norm: every g_i <- g_i * max_norm / (total + 1e-6).
    The direction of the full gradient is kept; only its length changes (unlike clip_grad_value).
    """
    _grad_list(grads)
    if not max_norm > 0:
        raise ValueError(f"max_norm must be positive, got {max_norm!r}")
    if norm_type == np.inf:
        total = max(float(np.max(np.abs(g), initial=0.0)) for g in grads)
    elif norm_type > 0:
        p = float(norm_type)
        norms = np.array([np.sum(np.abs(g) ** p) ** (1.0 / p) for g in grads])
        total = float(np.sum(norms ** p) ** (1.0 / p))
    else:
        raise ValueError(f"norm_type must be positive or inf, got {norm_type!r}")
    coef = max_norm / (total + 1e-6)
    if coef < 1.0:
        for g in grads:
            g *= coef
    return total
# --8<-- [end:clip_grad_norm]


# --8<-- [start:clip_grad_value]
def clip_grad_value(grads, clip_value):
    """Clamp every gradient entry into [-clip_value, clip_value], in place (can change the direction)."""
    _grad_list(grads)
    if not clip_value > 0:
        raise ValueError(f"clip_value must be positive, got {clip_value!r}")
    for g in grads:
        np.clip(g, -clip_value, clip_value, out=g)
# --8<-- [end:clip_grad_value]


# --8<-- [start:find_grad_spikes]
def find_grad_spikes(norms, window=20, factor=10.0):
    """Steps whose gradient norm is non-finite or > factor * median of the previous ``window`` norms.

    norms: 1-D sequence of per-step global gradient norms (as logged before clipping). Returns an
    int array of step indices. A cheap monitor: a spike or a run of them is the typical early sign
    of exploding gradients, long before the loss turns into NaN.
    """
    norms = np.asarray(norms, dtype=np.float64)
    if norms.ndim != 1:
        raise ValueError(f"norms must be 1-D, got shape {norms.shape}")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be a positive int, got {window!r}")
    if not factor > 1:
        raise ValueError(f"factor must be > 1, got {factor!r}")
    spikes = []
    for t, g in enumerate(norms):
        past = norms[max(0, t - window):t]
        past = past[np.isfinite(past)]
        if not np.isfinite(g) or (past.size and g > factor * np.median(past)):
            spikes.append(t)
    return np.array(spikes, dtype=np.int64)
# --8<-- [end:find_grad_spikes]
