"""Weight averaging (EMA / Polyak) against fluctuating weights, built on ``snippets.train``.

An exponential moving average of the weights, as torch.optim.swa_utils.AveragedModel with
get_ema_multi_avg_fn(decay): avg <- decay * avg + (1 - decay) * w after every optimizer step. The
average is only used for evaluation; the optimizer keeps training the raw weights.
"""
import numpy as np

from snippets.train import PARAM_KEYS, evaluate, loss_and_grads


# --8<-- [start:ema_update]
def ema_update(avg, params, decay):
    """In place: avg[k] <- decay * avg[k] + (1 - decay) * params[k] for every key of params.

    avg, params: dicts of same-shape arrays; decay in [0, 1) (0.999 is common for long runs; the
    average covers roughly the last 1 / (1 - decay) steps).
    """
    if isinstance(decay, bool) or not isinstance(decay, (int, float, np.floating)) or not 0.0 <= decay < 1.0:
        raise ValueError(f"decay must be in [0, 1), got {decay!r}")
    for k, w in params.items():
        if k not in avg or avg[k].shape != w.shape:
            raise ValueError(f"avg must hold an array of shape {w.shape} for key {k!r}")
        avg[k] *= decay
        avg[k] += (1.0 - decay) * w
    return avg
# --8<-- [end:ema_update]


# --8<-- [start:train_with_ema]
def train_with_ema(params, data, *, optimizer, steps, batch_size, decay, rng, eval_every=10):
    """Mini-batch training of the two-layer net that also keeps an EMA of the weights.

    data = (X_tr, y_tr, X_val, y_val); batches sampled with replacement from rng. Every eval_every
    steps records the validation loss of the raw weights and of the EMA. Returns dict with "step",
    "val_raw", "val_ema" (arrays) and "ema" (the averaged parameters).
    """
    if isinstance(eval_every, bool) or not isinstance(eval_every, (int, np.integer)) or eval_every < 1:
        raise ValueError(f"eval_every must be a positive int, got {eval_every!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    X_tr, y_tr, X_val, y_val = data
    ema = {k: params[k].copy() for k in PARAM_KEYS}
    out = {"step": [], "val_raw": [], "val_ema": []}
    for step in range(1, steps + 1):
        idx = rng.integers(0, len(y_tr), size=batch_size)
        _, grads = loss_and_grads(params, X_tr[idx], y_tr[idx])
        optimizer.step(grads)
        ema_update(ema, {k: params[k] for k in PARAM_KEYS}, decay)
        if step % eval_every == 0:
            out["step"].append(step)
            out["val_raw"].append(evaluate(params, X_val, y_val)[0])
            out["val_ema"].append(evaluate(ema, X_val, y_val)[0])
    return {**{k: np.asarray(v) for k, v in out.items()}, "ema": ema}
# --8<-- [end:train_with_ema]
