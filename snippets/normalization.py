"""Batch normalization, layer normalization and weight normalization, forward and backward.

Semantics follow PyTorch: ``batchnorm_forward`` behaves like ``torch.nn.functional.batch_norm`` on
(N, C) input (biased batch variance to normalise, unbiased variance into the running buffer,
``momentum=0.1`` meaning running = (1 - momentum) * running + momentum * batch), and
``layernorm_forward`` like ``torch.nn.functional.layer_norm(x, x.shape[-1:], gamma, beta)``.
Keras/TensorFlow call ``1 - momentum`` their momentum (default 0.99): same rule, other name.
"""
import numpy as np


def _floating(a, name):
    if not isinstance(a, np.ndarray) or not np.issubdtype(a.dtype, np.floating):
        raise TypeError(f"{name} must be a floating-point np.ndarray")
    return a


# --8<-- [start:batchnorm_forward]
def batchnorm_forward(x, gamma, beta, running_mean, running_var, *, training, momentum=0.1, eps=1e-5):
    """BatchNorm over the batch axis of x (N, C); gamma, beta, running_* have shape (C,).

    training: mu, var = mean and BIASED variance of the batch (per feature c), then
              running_mean <- (1 - momentum) running_mean + momentum mu
              running_var  <- (1 - momentum) running_var  + momentum var * N / (N - 1)   (in place)
    eval:     mu, var = running_mean, running_var  (no update; the output no longer depends on the batch)
    out = gamma * (x - mu) / sqrt(var + eps) + beta.
    """
    for name, a in (("x", x), ("gamma", gamma), ("beta", beta), ("running_mean", running_mean),
                    ("running_var", running_var)):
        _floating(a, name)
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, C), got {x.shape}")
    C = x.shape[1]
    for name, a in (("gamma", gamma), ("beta", beta), ("running_mean", running_mean), ("running_var", running_var)):
        if a.shape != (C,):
            raise ValueError(f"{name} must have shape ({C},), got {a.shape}")
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be in [0, 1], got {momentum}")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    N = x.shape[0]
    if training:
        if N < 2:
            raise ValueError(f"training batch norm needs more than 1 value per channel, got x of shape {x.shape}")
        mu = x.mean(axis=0)
        x_hat = x - mu
        var = np.einsum("nc,nc->c", x_hat, x_hat) / N  # biased (divide by N): what normalises this batch
        running_mean *= 1.0 - momentum
        running_mean += momentum * mu
        running_var *= 1.0 - momentum
        running_var += momentum * var * (N / (N - 1))  # unbiased estimate for inference
    else:
        x_hat, var = x - running_mean, running_var
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat *= inv_std  # in place: (x - mu) / sqrt(var + eps) without another temporary array
    out = x_hat * gamma
    out += beta
    return out, (x_hat, gamma, inv_std, training)
# --8<-- [end:batchnorm_forward]


# --8<-- [start:batchnorm_backward]
def batchnorm_backward(dout, cache):
    """Gradients of batchnorm_forward: dout (N, C) -> dx (N, C), dgamma (C,), dbeta (C,).

    In training mu and var depend on every x in the batch, which gives the compact form
        dx = inv_std * (dx_hat - mean_n dx_hat - x_hat * mean_n (dx_hat * x_hat)),  dx_hat = dout * gamma.
    In eval mu and var are constants, so dx = dout * gamma * inv_std.
    """
    x_hat, gamma, inv_std, training = cache
    if dout.shape != x_hat.shape:
        raise ValueError(f"dout must have shape {x_hat.shape}, got {dout.shape}")
    dgamma = np.einsum("nc,nc->c", dout, x_hat)  # sum_n dout * x_hat
    dbeta = dout.sum(axis=0)
    scale = gamma * inv_std
    if not training:
        return dout * scale, dgamma, dbeta
    # sum_n dx_hat = gamma * dbeta and sum_n dx_hat * x_hat = gamma * dgamma, so
    # dx = gamma * inv_std * (dout - dbeta / N - x_hat * dgamma / N): four passes over (N, C).
    N = dout.shape[0]
    dx = x_hat * (dgamma / N)
    np.subtract(dout, dx, out=dx)
    dx -= dbeta / N
    dx *= scale
    return dx, dgamma, dbeta
# --8<-- [end:batchnorm_backward]


# --8<-- [start:layernorm_forward]
def layernorm_forward(x, gamma, beta, eps=1e-5):
    """LayerNorm over the LAST axis of x (..., D) with gamma, beta (D,): each sample/token on its own.

    mu, var = mean and biased variance over the D features of one row; out = gamma (x - mu) / sqrt(var + eps) + beta.
    No batch statistics and no running buffers: training and eval compute the same thing.
    """
    for name, a in (("x", x), ("gamma", gamma), ("beta", beta)):
        _floating(a, name)
    if x.ndim < 1 or x.shape[-1] < 1:
        raise ValueError(f"x must have a non-empty last axis, got shape {x.shape}")
    D = x.shape[-1]
    if gamma.shape != (D,) or beta.shape != (D,):
        raise ValueError(f"gamma and beta must have shape ({D},), got {gamma.shape} and {beta.shape}")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    mu = x.mean(axis=-1, keepdims=True)
    x_hat = x - mu
    var = np.einsum("...d,...d->...", x_hat, x_hat)[..., None] / D  # biased variance of each row
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat *= inv_std
    out = x_hat * gamma
    out += beta
    return out, (x_hat, gamma, inv_std)
# --8<-- [end:layernorm_forward]


# --8<-- [start:layernorm_backward]
def layernorm_backward(dout, cache):
    """Gradients of layernorm_forward: the BatchNorm formula applied along the last axis.

    dx = inv_std * (dx_hat - mean_d dx_hat - x_hat * mean_d (dx_hat * x_hat)),  dx_hat = dout * gamma;
    dgamma, dbeta sum over every leading axis.
    """
    x_hat, gamma, inv_std = cache
    if dout.shape != x_hat.shape:
        raise ValueError(f"dout must have shape {x_hat.shape}, got {dout.shape}")
    D = x_hat.shape[-1]
    rows = dout.reshape(-1, D)                                           # every leading axis as one
    dgamma = np.einsum("nd,nd->d", rows, x_hat.reshape(-1, D))
    dbeta = rows.sum(axis=0)
    dx_hat = dout * gamma
    mean_dx_hat = (dout @ gamma)[..., None] / D                            # = mean_d dx_hat (a fast mat-vec)
    mean_dx_hat_x_hat = np.einsum("...d,...d->...", dx_hat, x_hat)[..., None] / D
    dx = x_hat * mean_dx_hat_x_hat
    dx += mean_dx_hat
    np.subtract(dx_hat, dx, out=dx)
    dx *= inv_std
    return dx, dgamma, dbeta
# --8<-- [end:layernorm_backward]


def _check_wn(v, g):
    _floating(v, "v")
    _floating(g, "g")
    if v.ndim != 2 or g.shape != (v.shape[1],):
        raise ValueError(f"expected v (fan_in, fan_out) and g (fan_out,), got {v.shape} and {g.shape}")
    norm = np.linalg.norm(v, axis=0)
    if np.any(norm == 0):
        raise ValueError("every column of v must be non-zero (its direction is undefined otherwise)")
    return norm


# --8<-- [start:weight_norm]
def weight_norm(v, g):
    """Weight normalization w = g * v / ||v||, one norm per OUTPUT unit.

    v (fan_in, fan_out), g (fan_out,): column j of w is g[j] times the unit vector v[:, j] / ||v[:, j]||,
    so g alone sets the length of each unit's weight vector and v only its direction. This is
    torch.nn.utils.weight_norm(Linear, dim=0) on torch's transposed (fan_out, fan_in) weight.
    """
    return v * (g / _check_wn(v, g))
# --8<-- [end:weight_norm]


# --8<-- [start:weight_norm_backward]
def weight_norm_backward(dw, v, g):
    """Given dL/dw (fan_in, fan_out): dg = sum_i dw * v / ||v||, dv = (g / ||v||) (dw - u dg), u = v / ||v||.

    dv is orthogonal to v (column by column): the gradient never changes v's length directly.
    """
    norm = _check_wn(v, g)
    if dw.shape != v.shape:
        raise ValueError(f"dw must have shape {v.shape}, got {dw.shape}")
    u = v / norm
    dg = np.sum(dw * u, axis=0)
    dv = (g / norm) * (dw - u * dg)
    return dv, dg
# --8<-- [end:weight_norm_backward]


# --8<-- [start:batchnorm_fold]
def batchnorm_fold(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    """Fold an eval-mode BatchNorm into the dense layer before it: returns (W_f (D, C), b_f (C,)).

    BN(X W + b) = gamma (X W + b - mean) / sqrt(var + eps) + beta = X W_f + b_f with
        s = gamma / sqrt(running_var + eps),  W_f = W * s (column-wise),  b_f = (b - running_mean) * s + beta.
    Valid only in eval mode, where mean and var are constants (in training they depend on the batch).
    """
    for name, a in (("W", W), ("b", b), ("gamma", gamma), ("beta", beta), ("running_mean", running_mean),
                    ("running_var", running_var)):
        _floating(a, name)
    if W.ndim != 2:
        raise ValueError(f"W must have shape (D, C), got {W.shape}")
    C = W.shape[1]
    for name, a in (("b", b), ("gamma", gamma), ("beta", beta), ("running_mean", running_mean),
                    ("running_var", running_var)):
        if a.shape != (C,):
            raise ValueError(f"{name} must have shape ({C},), got {a.shape}")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    s = gamma / np.sqrt(running_var + eps)
    return W * s, (b - running_mean) * s + beta
# --8<-- [end:batchnorm_fold]


# --8<-- [start:rmsnorm_forward]
def rmsnorm_forward(x, gamma, eps=1e-6):
    """RMSNorm over the last axis of x (..., D), gamma (D,): out = gamma * x / sqrt(mean_d x^2 + eps).

    LayerNorm without the mean subtraction and without beta (LLaMA, T5). torch.nn.RMSNorm's default
    eps is the dtype's machine epsilon; 1e-6 here is LLaMA's value.
    """
    _floating(x, "x")
    _floating(gamma, "gamma")
    if x.ndim < 1 or x.shape[-1] < 1:
        raise ValueError(f"x must have a non-empty last axis, got shape {x.shape}")
    if gamma.shape != (x.shape[-1],):
        raise ValueError(f"gamma must have shape ({x.shape[-1]},), got {gamma.shape}")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    inv_rms = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return x * inv_rms * gamma
# --8<-- [end:rmsnorm_forward]


# --8<-- [start:batchnorm_output_noise]
def batchnorm_output_noise(x_pool, batch_size, n_batches, rng, eps=1e-5):
    """How much the training-mode BN output of ONE fixed sample changes with its batch-mates.

    x_pool (P, C): the population; sample 0 is the tracked one. For each of n_batches random batches
    (sample 0 plus batch_size - 1 others drawn without replacement), normalise with that batch's mean
    and biased variance. Returns the std over batches of sample 0's normalised output, shape (C,).
    In eval mode (fixed running statistics) this std is exactly 0.
    """
    _floating(x_pool, "x_pool")
    if x_pool.ndim != 2:
        raise ValueError(f"x_pool must have shape (P, C), got {x_pool.shape}")
    P = x_pool.shape[0]
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or not 2 <= batch_size <= P:
        raise ValueError(f"batch_size must be an int in [2, {P}], got {batch_size!r}")
    if isinstance(n_batches, bool) or not isinstance(n_batches, (int, np.integer)) or n_batches < 2:
        raise ValueError(f"n_batches must be an int >= 2, got {n_batches!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    # batch-mates: batch_size - 1 distinct indices from 1..P-1 per batch (vectorised over batches)
    others = np.argsort(rng.random((n_batches, P - 1)), axis=1)[:, :batch_size - 1] + 1
    batch = np.concatenate([np.broadcast_to(x_pool[0], (n_batches, 1, x_pool.shape[1])), x_pool[others]], axis=1)
    mu = batch.mean(axis=1)
    var = batch.var(axis=1)  # biased, as in training
    y0 = (x_pool[0] - mu) / np.sqrt(var + eps)  # (n_batches, C)
    return y0.std(axis=0)
# --8<-- [end:batchnorm_output_noise]
