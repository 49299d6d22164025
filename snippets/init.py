"""Weight initialisation with the variances of ``torch.nn.init``, for (fan_in, fan_out) weights.

Shapes here are (fan_in, fan_out), the layout of ``X @ W``. torch.nn.Linear stores (fan_out, fan_in),
so fan_in is shape[1] there and shape[0] here; the resulting distributions are the same.
"""
import math

import numpy as np


def _fans(shape, rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    if len(shape) != 2 or min(shape) < 1:
        raise ValueError(f"shape must be (fan_in, fan_out) with positive entries, got {tuple(shape)}")
    return shape[0], shape[1]


# --8<-- [start:calculate_gain]
def calculate_gain(nonlinearity, param=None):
    """torch.nn.init.calculate_gain: the factor that keeps activations' variance through the nonlinearity.

    linear/sigmoid 1, tanh 5/3, relu sqrt(2), leaky_relu sqrt(2 / (1 + slope^2)) (slope default 0.01), selu 3/4.
    """
    if nonlinearity in ("linear", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + slope ** 2))
    if nonlinearity == "selu":
        return 0.75
    raise ValueError(f"nonlinearity must be linear, sigmoid, tanh, relu, leaky_relu or selu, got {nonlinearity!r}")
# --8<-- [end:calculate_gain]


# --8<-- [start:xavier_uniform]
def xavier_uniform(shape, rng, gain=1.0):
    """Glorot/Xavier uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)), so Var = gain^2 * 2 / (fan_in + fan_out)."""
    fan_in, fan_out = _fans(shape, rng)
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=shape)
# --8<-- [end:xavier_uniform]


# --8<-- [start:xavier_normal]
def xavier_normal(shape, rng, gain=1.0):
    """Glorot/Xavier normal: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fans(shape, rng)
    return rng.normal(0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), size=shape)
# --8<-- [end:xavier_normal]


# --8<-- [start:kaiming_uniform]
def kaiming_uniform(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """He/Kaiming uniform: U(-bound, bound), bound = gain * sqrt(3 / fan), so Var = gain^2 / fan.

    torch's defaults: mode="fan_in", nonlinearity="leaky_relu" with a = 0, i.e. the ReLU gain sqrt(2): Var = 2 / fan_in.
    """
    fan_in, fan_out = _fans(shape, rng)
    fan = _mode(mode, fan_in, fan_out)
    bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / fan)
    return rng.uniform(-bound, bound, size=shape)
# --8<-- [end:kaiming_uniform]


# --8<-- [start:kaiming_normal]
def kaiming_normal(shape, rng, a=0.0, mode="fan_in", nonlinearity="leaky_relu"):
    """He/Kaiming normal: N(0, std^2), std = gain / sqrt(fan); defaults give std = sqrt(2 / fan_in)."""
    fan_in, fan_out = _fans(shape, rng)
    fan = _mode(mode, fan_in, fan_out)
    return rng.normal(0.0, calculate_gain(nonlinearity, a) / math.sqrt(fan), size=shape)
# --8<-- [end:kaiming_normal]


def _mode(mode, fan_in, fan_out):
    if mode == "fan_in":
        return fan_in
    if mode == "fan_out":
        return fan_out
    raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
