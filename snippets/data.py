"""Small generated 2-D classification datasets (seeded through ``rng``) and a train/validation split.

Each maker returns X (n, 2) float64 and y (n,) int64 in a random order.
"""
import numpy as np


def _check(n, rng, noise, minimum=1):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < minimum:
        raise ValueError(f"n must be an int >= {minimum}, got {n!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    if not noise >= 0:
        raise ValueError(f"noise must be non-negative, got {noise!r}")


def _shuffled(X, y, rng):
    order = rng.permutation(len(y))
    return X[order], y[order]


# --8<-- [start:make_spirals]
def make_spirals(n, rng, classes=3, noise=0.2):
    """``classes`` interleaved spiral arms (the CS231n toy set): not linearly separable.

    Point i of arm k sits at radius r in [0, 1] and angle 4k + 4r + noise * N(0, 1) (radians).
    """
    if isinstance(classes, bool) or not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"classes must be an int >= 2, got {classes!r}")
    _check(n, rng, noise, minimum=classes)
    y = np.arange(n) % classes
    r = np.empty(n)
    for k in range(classes):  # radii evenly spread along each arm
        r[y == k] = np.linspace(0.0, 1.0, np.count_nonzero(y == k))
    theta = 4.0 * y + 4.0 * r + noise * rng.normal(size=n)
    X = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    return _shuffled(X, y.astype(np.int64), rng)
# --8<-- [end:make_spirals]


# --8<-- [start:make_moons]
def make_moons(n, rng, noise=0.1):
    """Two interleaving half circles (as sklearn.datasets.make_moons) plus Gaussian noise of std ``noise``."""
    _check(n, rng, noise, minimum=2)
    n0 = n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n - n0)
    X = np.vstack([np.column_stack([np.cos(t0), np.sin(t0)]),
                   np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])])
    X += noise * rng.normal(size=X.shape)
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)])
    return _shuffled(X, y, rng)
# --8<-- [end:make_moons]


# --8<-- [start:make_xor]
def make_xor(n, rng, noise=0.1):
    """XOR: points around the four corners (+-1, +-1); label 1 where the two signs differ."""
    _check(n, rng, noise)
    bits = rng.integers(0, 2, size=(n, 2))
    X = 2.0 * bits - 1.0 + noise * rng.normal(size=(n, 2))
    return X, (bits[:, 0] ^ bits[:, 1]).astype(np.int64)
# --8<-- [end:make_xor]


# --8<-- [start:train_val_split]
def train_val_split(X, y, val_fraction, rng):
    """Random split into (X_train, y_train, X_val, y_val) with round(val_fraction * n) validation points."""
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction!r}")
    n_val = int(round(val_fraction * len(y)))
    if not 0 < n_val < len(y):
        raise ValueError(f"val_fraction {val_fraction} leaves an empty train or validation set for n = {len(y)}")
    order = rng.permutation(len(y))
    val, tr = order[:n_val], order[n_val:]
    return X[tr], y[tr], X[val], y[val]
# --8<-- [end:train_val_split]
