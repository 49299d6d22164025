"""Model compression: magnitude pruning (per layer or global) and knowledge distillation.

Pruning follows ``torch.nn.utils.prune``: ``l1_unstructured`` removes the ``amount`` fraction of
entries with the smallest |w| inside ONE tensor, ``global_unstructured`` ranks the entries of
SEVERAL tensors together, so layers whose weights are small overall lose more of them. Both
return boolean "keep" masks; the pruned weights are ``W * mask``.

Distillation follows Hinton, Vinyals & Dean (2015), "Distilling the Knowledge in a Neural
Network": the student matches the teacher's temperature-softened probabilities softmax(z / T),
and the soft term is multiplied by T^2 so that its gradient keeps the same scale when T changes.
"""
import numpy as np

from snippets.activations import log_softmax, softmax
from snippets.losses import softmax_cross_entropy


def _check_amount(amount):
    if isinstance(amount, bool) or not isinstance(amount, (float, int, np.floating, np.integer)) \
            or not 0.0 <= float(amount) <= 1.0:
        raise ValueError(f"amount must be a fraction in [0, 1], got {amount!r}")
    return float(amount)


def _check_weight(W, name="W"):
    if not isinstance(W, np.ndarray) or not np.issubdtype(W.dtype, np.floating):
        raise TypeError(f"{name} must be a floating-point np.ndarray, got {type(W).__name__}")
    if W.size == 0:
        raise ValueError(f"{name} must not be empty")


def _smallest_mask(magnitudes, amount):
    """Keep-mask (flat, bool) that drops the round(amount * n) smallest entries (ties: lowest index first)."""
    n_prune = int(round(amount * magnitudes.size))
    keep = np.ones(magnitudes.size, dtype=bool)
    keep[np.argsort(magnitudes, kind="stable")[:n_prune]] = False
    return keep


# --8<-- [start:l1_unstructured]
def l1_unstructured(W, amount):
    """Keep-mask (bool, same shape as W) that prunes the round(amount * W.size) smallest |w| of W.

    Layer-wise magnitude pruning: every tensor loses the same fraction ``amount`` in [0, 1].
    """
    _check_weight(W)
    amount = _check_amount(amount)
    return _smallest_mask(np.abs(W).ravel(), amount).reshape(W.shape)
# --8<-- [end:l1_unstructured]


# --8<-- [start:global_unstructured]
def global_unstructured(weights, amount):
    """Keep-masks for a list of tensors, pruning the smallest |w| over ALL of them together.

    The total pruned count is round(amount * sum of sizes); how it splits between the tensors
    depends on their magnitudes, so per-layer sparsities differ.
    """
    if not isinstance(weights, (list, tuple)) or not weights:
        raise ValueError("weights must be a non-empty list of arrays")
    for i, W in enumerate(weights):
        _check_weight(W, f"weights[{i}]")
    amount = _check_amount(amount)
    flat = np.concatenate([np.abs(W).ravel() for W in weights])
    keep = _smallest_mask(flat, amount)
    bounds = np.cumsum([W.size for W in weights])[:-1]
    return [k.reshape(W.shape) for k, W in zip(np.split(keep, bounds), weights)]
# --8<-- [end:global_unstructured]


# --8<-- [start:prune_two_layer]
def prune_two_layer(params, amount, scope="global"):
    """A pruned copy of a two-layer net's params (W1, b1, W2, b2): weights only, biases kept.

    scope="global" ranks |w| over W1 and W2 together; scope="layer" prunes each matrix by
    ``amount``. Returns (new_params, masks) with masks = {"W1": keep1, "W2": keep2}.
    """
    if scope not in ("global", "layer"):
        raise ValueError(f"scope must be 'global' or 'layer', got {scope!r}")
    if not isinstance(params, dict) or not {"W1", "b1", "W2", "b2"} <= set(params):
        raise ValueError("params must be a dict with W1, b1, W2, b2")
    names = ("W1", "W2")
    if scope == "global":
        keeps = global_unstructured([params[k] for k in names], amount)
    else:
        keeps = [l1_unstructured(params[k], amount) for k in names]
    masks = dict(zip(names, keeps))
    pruned = {k: v.copy() for k, v in params.items()}
    for k in names:
        pruned[k] *= masks[k]
    return pruned, masks
# --8<-- [end:prune_two_layer]


# --8<-- [start:MaskedOptimizer]
class MaskedOptimizer:
    """Wrap an optimizer so that pruned weights stay exactly zero while the rest is fine-tuned.

    ``masks`` is a list of keep-masks (or None for tensors that are not pruned) in the order of
    ``optimizer.params``. Each step zeroes the pruned entries of the gradients, runs the wrapped
    optimizer, and zeroes the pruned weights again (momentum or Adam state could otherwise move
    them). torch.nn.utils.prune achieves the same by multiplying the weight by its mask in a hook.
    """

    def __init__(self, optimizer, masks):
        if len(masks) != len(optimizer.params):
            raise ValueError(f"masks must have one entry per parameter ({len(optimizer.params)}), got {len(masks)}")
        for p, m in zip(optimizer.params, masks):
            if m is not None and np.shape(m) != p.shape:
                raise ValueError(f"mask of shape {np.shape(m)} does not match parameter {p.shape}")
        self.optimizer, self.masks = optimizer, masks
        self.params = optimizer.params

    @property
    def lr(self):
        return self.optimizer.lr

    @lr.setter
    def lr(self, value):
        self.optimizer.lr = value

    def step(self, grads):
        grads = [g if m is None else g * m for g, m in zip(grads, self.masks)]
        self.optimizer.step(grads)
        for p, m in zip(self.params, self.masks):
            if m is not None:
                p *= m
# --8<-- [end:MaskedOptimizer]


# --8<-- [start:softmax_with_temperature]
def softmax_with_temperature(logits, T):
    """Soft targets softmax(logits / T) along the last axis; T > 1 flattens, T < 1 sharpens.

    T = 1 is the ordinary softmax; T -> infinity gives the uniform distribution and T -> 0 the
    one-hot argmax. Dividing by T never changes the order of the classes.
    """
    if not (isinstance(T, (float, int, np.floating, np.integer)) and not isinstance(T, bool) and T > 0):
        raise ValueError(f"T must be a positive number, got {T!r}")
    return softmax(np.asarray(logits, dtype=np.float64) / T, axis=-1)
# --8<-- [end:softmax_with_temperature]


# --8<-- [start:distillation_loss]
def distillation_loss(student_logits, teacher_logits, y, T=4.0, alpha=0.9):
    """Hinton-style KD loss and its gradient with respect to the student's logits.

    student_logits, teacher_logits (N, C); y (N,) integer labels. With p = softmax(s / T) and
    q = softmax(t / T):
        soft = T^2 * (1/N) sum_n KL(q_n || p_n)        (torch: kl_div(log p, q, "batchmean") * T^2)
        hard = cross_entropy(s, y)                      (ordinary T = 1 loss on the labels)
        loss = alpha * soft + (1 - alpha) * hard
        dsoft/ds = T^2 * (1/T) * (p - q) / N = T (p - q) / N
    Without the T^2 factor the soft gradient would shrink like 1/T^2 for large T.
    Returns (loss, dstudent_logits).
    """
    s = np.asarray(student_logits, dtype=np.float64)
    t = np.asarray(teacher_logits, dtype=np.float64)
    if s.ndim != 2 or s.shape != t.shape:
        raise ValueError(f"student_logits and teacher_logits must both be (N, C), got {s.shape} and {t.shape}")
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], got {alpha!r}")
    if not (isinstance(T, (float, int, np.floating, np.integer)) and not isinstance(T, bool) and T > 0):
        raise ValueError(f"T must be a positive number, got {T!r}")
    N = s.shape[0]
    log_p, log_q = log_softmax(s / T), log_softmax(t / T)
    p, q = np.exp(log_p), np.exp(log_q)
    soft = T * T * float(np.sum(q * (log_q - log_p))) / N
    dsoft = T * (p - q) / N
    hard, dhard = softmax_cross_entropy(s, y)
    return alpha * soft + (1 - alpha) * hard, alpha * dsoft + (1 - alpha) * dhard
# --8<-- [end:distillation_loss]
