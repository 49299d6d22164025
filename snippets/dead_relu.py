"""Dead ReLU units of the two-layer net: detect them on a data set and track them during training.

A hidden unit j is DEAD on a data set when its pre-activation z_j = x W1[:, j] + b1[j] is <= 0 for
every sample: its ReLU output is then 0 everywhere and (ReLU'(z) = 0 for z <= 0, torch's convention)
so is the gradient of every weight feeding it. Plain SGD can never move it again. Built on
``snippets.train.fit`` (one epoch per call, like ``snippets.training_process``).
"""
import numpy as np

from snippets.train import fit


def _pre_activations(params, X):
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] < 1:
        raise ValueError(f"X must be a non-empty 2-D array (N, D), got shape {X.shape}")
    for k in ("W1", "b1"):
        if k not in params:
            raise ValueError(f"params must hold W1 and b1, missing {k!r}")
    if X.shape[1] != params["W1"].shape[0]:
        raise ValueError(f"X must have W1.shape[0] = {params['W1'].shape[0]} columns, got {X.shape[1]}")
    return X @ params["W1"] + params["b1"]


# --8<-- [start:inactive_fraction_per_unit]
def inactive_fraction_per_unit(Z):
    """Per hidden unit, the fraction of samples on which it outputs exactly 0: mean_n [Z[n, j] <= 0].

    Z (N, H) pre-activations of a ReLU layer -> (H,) in [0, 1]. 1.0 means the unit is dead on these
    samples; a healthy ReLU unit is usually somewhere in between (sparse, but alive).
    """
    Z = np.asarray(Z)
    if Z.ndim != 2 or Z.shape[0] < 1:
        raise ValueError(f"Z must be a non-empty 2-D array (N, H) of pre-activations, got shape {Z.shape}")
    return np.mean(Z <= 0, axis=0)
# --8<-- [end:inactive_fraction_per_unit]


# --8<-- [start:dead_units]
def dead_units(params, X):
    """Boolean mask (H,) of the hidden ReLU units that are dead on X: X W1[:, j] + b1[j] <= 0 for all n.

    params as snippets.train (W1 (D, H), b1 (H,), ...), X (N, D). Pass the whole training or
    validation set: a unit that is silent on one small batch is not necessarily dead.
    """
    return inactive_fraction_per_unit(_pre_activations(params, X)) == 1.0
# --8<-- [end:dead_units]


# --8<-- [start:dead_fraction]
def dead_fraction(params, X):
    """Fraction of the hidden units that are dead on X (a float in [0, 1])."""
    return float(np.mean(dead_units(params, X)))
# --8<-- [end:dead_fraction]


# --8<-- [start:fit_tracking_dead]
def fit_tracking_dead(params, data, *, optimizer, epochs, batch_size, rng, **fit_kwargs):
    """snippets.train.fit, one epoch at a time, recording the dead fraction on the TRAINING set.

    data = (X_tr, y_tr, X_val, y_val). Returns fit's history (per-epoch lists, index 0 = before
    training) plus "dead_fraction" (epochs + 1,). Stops early, like fit, if training diverges.
    Extra keyword arguments (dropout_p, l2, clip_norm, ...) go to fit; lr_schedule is not supported.
    """
    if "lr_schedule" in fit_kwargs:
        raise ValueError("lr_schedule is not supported by fit_tracking_dead (fit restarts its step count)")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    per_epoch = ("train_loss", "val_loss", "train_acc", "val_acc")
    hist = {k: [] for k in per_epoch + ("step_loss", "dead_fraction")}
    hist["diverged_at_step"] = None
    hist["dead_fraction"].append(dead_fraction(params, data[0]))
    for epoch in range(epochs):
        h = fit(params, data, optimizer=optimizer, epochs=1, batch_size=batch_size, rng=rng, **fit_kwargs)
        for k in per_epoch:
            hist[k].extend(h[k] if epoch == 0 else h[k][1:])   # fit's index 0 is the state before its epoch
        hist["step_loss"].extend(h["step_loss"])
        if h["diverged_at_step"] is not None:
            hist["diverged_at_step"] = len(hist["step_loss"])
            break
        hist["dead_fraction"].append(dead_fraction(params, data[0]))
    return hist
# --8<-- [end:fit_tracking_dead]
