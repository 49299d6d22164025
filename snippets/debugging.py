"""Sanity checks of the training-practice chapter, built on ``snippets.train``.

The loss at initialisation should be near ln C; a network must be able to drive the loss on a tiny
batch to ~0 before it is trained on everything; and the "training loss" a framework prints is the
mean of the training-mode mini-batch losses of the epoch, which is not what ``evaluate`` measures.
"""
import numpy as np

from snippets.data import make_spirals, train_val_split
from snippets.losses import softmax_cross_entropy
from snippets.mlp import init_two_layer
from snippets.optimizers import Adam
from snippets.train import PARAM_KEYS, fit


# --8<-- [start:expected_initial_loss]
def expected_initial_loss(num_classes):
    """ln C: the cross-entropy of the uniform prediction 1/C, where a C-class classifier should start.

    With small final-layer weights the logits are ~0, softmax is ~uniform and the mean CE is ~ln C
    (ln 10 = 2.303 for 10 classes). A much larger first loss means over-confident wrong logits.
    """
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or num_classes < 2:
        raise ValueError(f"num_classes must be an int >= 2, got {num_classes!r}")
    return float(np.log(num_classes))
# --8<-- [end:expected_initial_loss]


# --8<-- [start:overfit_tiny_batch]
def overfit_tiny_batch(params, X, y, *, optimizer, steps, rng):
    """Train on one tiny batch (X, y), full batch, no regularisation; returns its loss per step (steps + 1,).

    The standard first check of a new model and pipeline: the loss must go to ~0 (the model
    memorises the batch). If it cannot, something is broken (gradients, loss, optimizer, a dead or
    too small network) and there is no point in training on the full data yet.
    """
    if len(X) != len(y) or not 1 <= len(y) <= 256:
        raise ValueError(f"X and y must be one tiny batch (1..256 samples, same length), got {len(X)} and {len(y)}")
    hist = fit(params, (X, y, X, y), optimizer=optimizer, epochs=steps, batch_size=len(y), rng=rng)
    return np.asarray(hist["train_loss"])
# --8<-- [end:overfit_tiny_batch]


# --8<-- [start:epoch_mean_step_loss]
def epoch_mean_step_loss(step_loss, steps_per_epoch):
    """What a progress bar reports as "train loss": the mean of each epoch's training-mode batch losses.

    step_loss (E * steps_per_epoch,) as fit's history["step_loss"] (dropout on, weights changing during
    the epoch) -> (E,). It describes the weights of about half an epoch earlier than an
    end-of-epoch evaluation.
    """
    s = np.asarray(step_loss, dtype=np.float64)
    if isinstance(steps_per_epoch, bool) or not isinstance(steps_per_epoch, (int, np.integer)) or steps_per_epoch < 1:
        raise ValueError(f"steps_per_epoch must be a positive int, got {steps_per_epoch!r}")
    if s.ndim != 1 or s.size == 0 or s.size % steps_per_epoch:
        raise ValueError(f"step_loss must be 1-D with a multiple of steps_per_epoch = {steps_per_epoch} entries, "
                         f"got shape {s.shape}")
    return s.reshape(-1, steps_per_epoch).mean(axis=1)
# --8<-- [end:epoch_mean_step_loss]


# --8<-- [start:train_val_gap_run]
def train_val_gap_run(*, dropout_p, epochs=30, seed=0, n=600, hidden=64, batch_size=30, lr=1e-2):
    """The chapter's seeded run for "validation loss below training loss": spirals, 2 -> hidden -> 3, Adam.

    make_spirals(n) split 50/50. Returns a dict of (epochs,) arrays: "train_reported" (epoch mean of
    the training-mode batch losses, with dropout), "train_eval" and "val" (eval mode, full split,
    measured with the end-of-epoch weights).
    """
    rng = np.random.default_rng(seed)
    X, y = make_spirals(n, rng, noise=0.2)
    data = train_val_split(X, y, 0.5, rng)
    if len(data[1]) % batch_size:
        raise ValueError(f"batch_size must divide the {len(data[1])} training points, got {batch_size!r}")
    params = init_two_layer(2, hidden, 3, rng)
    hist = fit(params, data, optimizer=Adam([params[k] for k in PARAM_KEYS], lr=lr), epochs=epochs,
               batch_size=batch_size, rng=rng, dropout_p=dropout_p)
    return {"train_reported": epoch_mean_step_loss(hist["step_loss"], len(data[1]) // batch_size),
            "train_eval": np.asarray(hist["train_loss"][1:]), "val": np.asarray(hist["val_loss"][1:])}
# --8<-- [end:train_val_gap_run]


# --8<-- [start:unit_statistics]
def unit_statistics(params, X, y):
    """Per hidden unit of the two-layer net on (X, y): activation, backprop error and weight-gradient norms.

    X (N, D), y (N,) -> dict of (H,) arrays, full batch, mean cross-entropy, eval mode:
      "act"      mean_n relu(z_nj)
      "err"      ||delta_:j||, delta = dL/dz1 = (dscores W2^T) * [z1 > 0]   (the unit's backprop error)
      "grad_in"  ||dL/dW1[:, j]|| = ||X^T delta_:j||                        (large inputs make it large)
      "grad_out" ||dL/dW2[j, :]|| = ||h_:j^T dscores||                      (large activations make it large)
    Outliers among the units are the ones to inspect; a dead unit has act = err = grad_in = grad_out = 0.
    """
    X = np.asarray(X)
    if X.ndim != 2 or len(X) != len(y):
        raise ValueError(f"X must be 2-D (N, D) with one label per row, got shapes {X.shape} and {np.shape(y)}")
    z1 = X @ params["W1"] + params["b1"]
    h = np.maximum(z1, 0)
    _, dscores = softmax_cross_entropy(h @ params["W2"] + params["b2"], y)
    delta = (dscores @ params["W2"].T) * (z1 > 0)
    return {"act": h.mean(axis=0), "err": np.linalg.norm(delta, axis=0),
            "grad_in": np.linalg.norm(X.T @ delta, axis=0), "grad_out": np.linalg.norm(h.T @ dscores, axis=1)}
# --8<-- [end:unit_statistics]
