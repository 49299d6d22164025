"""Measuring the curse of dimensionality: distance concentration, mass near the boundary, and k-NN.

All functions are deterministic given their inputs; random points are drawn by the caller from an
explicit ``rng`` (np.random.Generator).
"""
import numpy as np


def _points(A, name):
    if not isinstance(A, np.ndarray) or not np.issubdtype(A.dtype, np.floating) or A.ndim != 2:
        raise TypeError(f"{name} must be a floating-point np.ndarray of shape (n, d), got "
                        f"{getattr(A, 'shape', type(A).__name__)}")
    if A.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one point")
    return A


def _sq_distances(Q, X):
    """Squared Euclidean distances (len(Q), len(X)) via |q|^2 - 2 q.x + |x|^2, clipped at 0."""
    d2 = np.sum(Q * Q, axis=1)[:, None] - 2.0 * Q @ X.T + np.sum(X * X, axis=1)[None, :]
    return np.maximum(d2, 0.0)


# --8<-- [start:distance_ratio]
def distance_ratio(X, Q):
    """For each query q in Q (m, d): (farthest distance) / (nearest distance) to the points X (n, d).

    ratio(q) = max_i ||x_i - q|| / min_i ||x_i - q||  -> (m,). It tends to 1 as d grows for i.i.d.
    data ("distance concentration"): the nearest neighbour is hardly nearer than the farthest point.
    """
    X, Q = _points(X, "X"), _points(Q, "Q")
    if X.shape[1] != Q.shape[1]:
        raise ValueError(f"X and Q must have the same dimension, got {X.shape[1]} and {Q.shape[1]}")
    if X.shape[0] < 2:
        raise ValueError("X must hold at least two points")
    d = np.sqrt(_sq_distances(Q, X))
    nearest = d.min(axis=1)
    if np.any(nearest == 0):
        raise ValueError("a query coincides with a point of X (nearest distance 0)")
    return d.max(axis=1) / nearest
# --8<-- [end:distance_ratio]


# --8<-- [start:boundary_fraction]
def boundary_fraction(d, eps):
    """Share of the volume of the unit cube [0, 1]^d within distance eps of its surface: 1 - (1 - 2 eps)^d.

    The inner cube [eps, 1 - eps]^d has volume (1 - 2 eps)^d, which vanishes exponentially in d.
    d: positive int or int array; eps in [0, 0.5].
    """
    d = np.asarray(d)
    if not np.issubdtype(d.dtype, np.integer) or np.any(d < 1):
        raise ValueError(f"d must be positive integer(s), got {d!r}")
    if isinstance(eps, bool) or not 0.0 <= eps <= 0.5:
        raise ValueError(f"eps must be in [0, 0.5], got {eps!r}")
    return 1.0 - (1.0 - 2.0 * eps) ** d
# --8<-- [end:boundary_fraction]


# --8<-- [start:knn_predict]
def knn_predict(X_train, y_train, X, k=1):
    """k-nearest-neighbour classification (Euclidean), majority vote, ties to the smallest class id.

    X_train (n, d), y_train (n,) int >= 0, X (m, d) -> predicted labels (m,).
    """
    X_train, X = _points(X_train, "X_train"), _points(X, "X")
    y_train = np.asarray(y_train)
    if not np.issubdtype(y_train.dtype, np.integer) or y_train.shape != (X_train.shape[0],) or y_train.min() < 0:
        raise ValueError(f"y_train must be non-negative integer labels of shape ({X_train.shape[0]},)")
    if X_train.shape[1] != X.shape[1]:
        raise ValueError(f"X_train and X must have the same dimension, got {X_train.shape[1]} and {X.shape[1]}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= X_train.shape[0]:
        raise ValueError(f"k must be an int in [1, {X_train.shape[0]}], got {k!r}")
    nearest = np.argsort(_sq_distances(X, X_train), axis=1, kind="stable")[:, :k]   # (m, k)
    votes = np.zeros((X.shape[0], int(y_train.max()) + 1), dtype=np.int64)
    np.add.at(votes, (np.arange(X.shape[0])[:, None], y_train[nearest]), 1)
    return np.argmax(votes, axis=1)
# --8<-- [end:knn_predict]
