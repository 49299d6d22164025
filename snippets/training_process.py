"""The outer training loop of the fundamentals chapter: epochs, validation, early stopping, best weights.

Built on ``snippets.train.fit`` (which runs the mini-batch loop of one epoch at a time here), so the
inner loop (forward, loss, backprop, optimizer step) is exactly the one shown on the other pages.
"""
import numpy as np

from snippets.train import PARAM_KEYS, fit


# --8<-- [start:fit_with_early_stopping]
def fit_with_early_stopping(params, data, *, optimizer, max_epochs, patience, batch_size, rng, **fit_kwargs):
    """Train ``params`` in place, one epoch at a time, until the validation loss has not improved for
    ``patience`` epochs (or ``max_epochs`` is reached), then restore the best parameters.

    data = (X_tr, y_tr, X_val, y_val). Returns a history dict: per epoch (index 0 = before training)
    "train_loss", "val_loss", "train_acc", "val_acc"; "best_epoch" (argmin of val_loss, restored),
    "stopped_epoch" (last epoch trained) and "diverged" (bool). Other keyword arguments go to ``fit``;
    an ``lr_schedule`` keeps counting steps across epochs.
    """
    for name, v in (("max_epochs", max_epochs), ("patience", patience)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be a positive int, got {v!r}")
    schedule = fit_kwargs.pop("lr_schedule", None)
    hist = {k: [] for k in ("train_loss", "val_loss", "train_acc", "val_acc")}
    best_epoch, best_params = 0, {k: params[k].copy() for k in PARAM_KEYS}
    steps_done, diverged, epoch = 0, False, 0
    for epoch in range(1, max_epochs + 1):
        offset = steps_done
        h = fit(params, data, optimizer=optimizer, epochs=1, batch_size=batch_size, rng=rng,
                lr_schedule=None if schedule is None else (lambda s: schedule(s + offset)), **fit_kwargs)
        for k in hist:                            # h[k] = [before this epoch, after it]
            hist[k].extend(h[k] if epoch == 1 else h[k][1:])
        if h["diverged_at_step"] is not None:
            diverged = True
            break
        steps_done += len(h["step_loss"])
        if hist["val_loss"][epoch] < hist["val_loss"][best_epoch]:   # improvement: remember these weights
            best_epoch, best_params = epoch, {k: params[k].copy() for k in PARAM_KEYS}
        elif epoch - best_epoch >= patience:      # no improvement for `patience` epochs: stop
            break
    for k in PARAM_KEYS:                          # in place, so the optimizer still points at params
        params[k][...] = best_params[k]
    hist.update(best_epoch=best_epoch, stopped_epoch=epoch, diverged=diverged)
    return hist
# --8<-- [end:fit_with_early_stopping]
