"""A minimal, complete training loop for the two-layer net, built from the other snippets.

It is what the figures and notebooks use for real training curves: mini-batches drawn without
replacement (reshuffled every epoch), optional dropout on the hidden layer, L1/L2 penalties,
gradient clipping and a learning-rate schedule, and a history of everything worth plotting.
"""
import numpy as np

from snippets.clipping import clip_grad_norm
from snippets.dropout import dropout_backward, dropout_forward
from snippets.losses import softmax_cross_entropy
from snippets.mlp import linear_backward, linear_forward

PARAM_KEYS = ("W1", "b1", "W2", "b2")


# --8<-- [start:loss_and_grads]
def loss_and_grads(params, X, y, *, rng=None, dropout_p=0.0, l1=0.0, l2=0.0):
    """Loss of the two-layer net on (X, y) and the gradients of every parameter, in PARAM_KEYS order.

    scores = dropout(relu(X W1 + b1)) W2 + b2;  loss = CE(scores, y) + l1 * sum|W| + (l2 / 2) * sum W^2
    over the weight matrices (not the biases). With the l2 / 2 convention the penalty's gradient is
    l2 * W, the same as SGD's weight_decay = l2.
    """
    z1, c1 = linear_forward(X, params["W1"], params["b1"])
    h = np.maximum(z1, 0)
    h_drop, mask = dropout_forward(h, dropout_p, rng, training=True) if dropout_p else (h, None)
    scores, c2 = linear_forward(h_drop, params["W2"], params["b2"])
    loss, dscores = softmax_cross_entropy(scores, y)
    dh_drop, dW2, db2 = linear_backward(dscores, c2)
    dz1 = np.where(z1 > 0, dropout_backward(dh_drop, mask), 0)
    _, dW1, db1 = linear_backward(dz1, c1)
    for W, dW in ((params["W1"], dW1), (params["W2"], dW2)):
        if l1:
            loss += l1 * float(np.abs(W).sum())
            dW += l1 * np.sign(W)
        if l2:
            loss += 0.5 * l2 * float(np.sum(W * W))
            dW += l2 * W
    return loss, [dW1, db1, dW2, db2]
# --8<-- [end:loss_and_grads]


# --8<-- [start:predict]
def predict(params, X):
    """Class ids argmax_c scores (eval mode: no dropout)."""
    h = np.maximum(X @ params["W1"] + params["b1"], 0)
    return np.argmax(h @ params["W2"] + params["b2"], axis=1)
# --8<-- [end:predict]


# --8<-- [start:evaluate]
def evaluate(params, X, y):
    """(mean cross-entropy, accuracy) of the two-layer net on (X, y), in eval mode, without penalties."""
    h = np.maximum(X @ params["W1"] + params["b1"], 0)
    scores = h @ params["W2"] + params["b2"]
    loss, _ = softmax_cross_entropy(scores, y)
    return loss, float(np.mean(np.argmax(scores, axis=1) == y))
# --8<-- [end:evaluate]


def _check_fit(params, data, optimizer, epochs, batch_size, rng, dropout_p):
    missing = [k for k in PARAM_KEYS if k not in params]
    if missing:
        raise ValueError(f"params must hold {PARAM_KEYS}, missing {missing}")
    if len(data) != 4:
        raise ValueError("data must be (X_train, y_train, X_val, y_val)")
    if len(data[0]) != len(data[1]) or len(data[2]) != len(data[3]):
        raise ValueError("data: X and y of each split must have the same length")
    if not all(a is b for a, b in zip(optimizer.params, (params[k] for k in PARAM_KEYS))):
        raise ValueError("optimizer must be built over [params[k] for k in PARAM_KEYS]")
    for name, v in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be a positive int, got {v!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    if not 0.0 <= dropout_p < 1.0:
        raise ValueError(f"dropout_p must be in [0, 1), got {dropout_p!r}")


# --8<-- [start:fit]
def fit(params, data, *, optimizer, epochs, batch_size, rng, lr_schedule=None, clip_norm=None,
        dropout_p=0.0, l1=0.0, l2=0.0, shuffle=True):
    """Train ``params`` (updated in place by ``optimizer``) on data = (X_tr, y_tr, X_val, y_val).

    Returns a history dict: per epoch (index 0 = before training) "train_loss", "val_loss",
    "train_acc", "val_acc" (full-set, eval mode); per update "step_loss", "lr", "grad_norm" (the
    global L2 norm before clipping). If the loss or the weights stop being finite the run has
    diverged: training stops and history["diverged_at_step"] records the update where it happened.
    """
    _check_fit(params, data, optimizer, epochs, batch_size, rng, dropout_p)
    X_tr, y_tr, X_val, y_val = data
    hist = {k: [] for k in ("train_loss", "val_loss", "train_acc", "val_acc", "step_loss", "lr", "grad_norm")}
    hist["diverged_at_step"] = None

    def record_epoch():
        for split, (X, y) in (("train", (X_tr, y_tr)), ("val", (X_val, y_val))):
            loss, acc = evaluate(params, X, y)
            hist[f"{split}_loss"].append(loss)
            hist[f"{split}_acc"].append(acc)

    with np.errstate(over="ignore", invalid="ignore"):
        record_epoch()
    N, step = len(y_tr), 0
    for _ in range(epochs):
        order = rng.permutation(N) if shuffle else np.arange(N)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is detected below
                loss, grads = loss_and_grads(params, X_tr[idx], y_tr[idx], rng=rng, dropout_p=dropout_p, l1=l1, l2=l2)
                grad_norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
            if not (np.isfinite(loss) and np.isfinite(grad_norm)):
                hist["diverged_at_step"] = step
                return hist
            if clip_norm is not None:
                clip_grad_norm(grads, clip_norm)
            if lr_schedule is not None:
                optimizer.lr = lr_schedule(step)
            with np.errstate(over="ignore", invalid="ignore"):
                optimizer.step(grads)
            if not all(np.all(np.isfinite(params[k])) for k in PARAM_KEYS):
                hist["diverged_at_step"] = step
                return hist
            hist["step_loss"].append(loss)
            hist["lr"].append(optimizer.lr)
            hist["grad_norm"].append(grad_norm)
            step += 1
        with np.errstate(over="ignore", invalid="ignore"):
            record_epoch()
        if not np.isfinite(hist["train_loss"][-1]):
            hist["diverged_at_step"] = step
            return hist
    return hist
# --8<-- [end:fit]
