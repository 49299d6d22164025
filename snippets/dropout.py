"""Inverted dropout, as ``torch.nn.Dropout``: ``p`` is the probability of DROPPING a unit.

Kept units are scaled by 1 / (1 - p) during training, so the expected output equals the input and
evaluation needs no rescaling: in eval mode dropout is the identity.
"""
import numpy as np


def _check_args(x, p, rng):
    """x as a floating-point array; p a drop probability in [0, 1); rng a np.random.Generator."""
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"x must be a floating-point array, got dtype {x.dtype}")
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0.0 <= p < 1.0:
        raise ValueError(f"p (the drop probability) must be in [0, 1), got {p!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    return x


# --8<-- [start:dropout_forward]
def dropout_forward(x, p, rng, training=True):
    """Inverted dropout: out = x * mask, mask = Bernoulli(1 - p) / (1 - p); identity when not training.

    x any shape (floating), p in [0, 1), rng a np.random.Generator. Returns (out, mask); mask has
    x's shape (None in eval mode) and is what dropout_backward needs. E[out] = x.
    """
    x = _check_args(x, p, rng)
    if not training or p == 0.0:
        return x, None
    mask = (rng.random(x.shape) >= p).astype(x.dtype) / x.dtype.type(1.0 - p)
    return x * mask, mask
# --8<-- [end:dropout_forward]


# --8<-- [start:dropout_backward]
def dropout_backward(dout, mask):
    """dL/dx = dout * mask: dropped units get no gradient, kept ones are scaled like the forward."""
    if mask is None:
        return dout
    if dout.shape != mask.shape:
        raise ValueError(f"dout must have the mask's shape {mask.shape}, got {dout.shape}")
    return dout * mask
# --8<-- [end:dropout_backward]


# --8<-- [start:dropout_forward_classic]
def dropout_forward_classic(x, p, rng, training=True):
    """Classic ("vanilla", non-inverted) dropout of the original paper: no scaling in training,
    out = x * mask with mask ~ Bernoulli(1 - p); at test time out = (1 - p) * x.

    x any shape (floating), p in [0, 1) the DROP probability, rng a np.random.Generator. Returns
    (out, mask); mask (0/1, x's shape) goes to dropout_backward; None in eval mode. The test-time
    (1 - p) makes the eval output equal E[train output]. Inverted dropout moves that factor to training.
    """
    x = _check_args(x, p, rng)
    if not training:
        return x * x.dtype.type(1.0 - p), None
    mask = (rng.random(x.shape) >= p).astype(x.dtype)
    return x * mask, mask
# --8<-- [end:dropout_forward_classic]
