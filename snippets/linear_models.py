"""A classical baseline: multinomial logistic (softmax) regression, trained by full-batch gradient descent.

It is the "traditional ML model" the fundamentals chapter compares the two-layer net with: a
single affine map X @ W + b followed by softmax, whose cross-entropy (+ optional L2) is CONVEX in
(W, b), so plain gradient descent from zero reaches the global minimum (unique when l2 > 0).
"""
import numpy as np

from snippets.losses import softmax_cross_entropy
from snippets.mlp import linear_backward, linear_forward


def _check_xy(X, y):
    if not isinstance(X, np.ndarray) or X.ndim != 2 or not np.issubdtype(X.dtype, np.floating):
        raise TypeError(f"X must be a floating-point np.ndarray of shape (N, D), got {getattr(X, 'shape', type(X).__name__)}")
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer) or y.shape != (X.shape[0],):
        raise ValueError(f"y must be integer labels of shape ({X.shape[0]},), got dtype {y.dtype} shape {y.shape}")
    return y


# --8<-- [start:softmax_regression_loss_and_grads]
def softmax_regression_loss_and_grads(W, b, X, y, l2=0.0):
    """Loss of softmax regression and its gradients: X (N, D), W (D, C), b (C,), y (N,) int.

        L = CE(softmax(X W + b), y) + (l2 / 2) ||W||^2,   dW = X^T (p - onehot) / N + l2 W,   db = sum_n (p - onehot) / N
    """
    y = _check_xy(X, y)
    if not l2 >= 0:
        raise ValueError(f"l2 must be non-negative, got {l2!r}")
    scores, cache = linear_forward(X, W, b)
    loss, dscores = softmax_cross_entropy(scores, y)
    _, dW, db = linear_backward(dscores, cache)
    return loss + 0.5 * l2 * float(np.sum(W * W)), dW + l2 * W, db
# --8<-- [end:softmax_regression_loss_and_grads]


# --8<-- [start:fit_softmax_regression]
def fit_softmax_regression(X, y, classes, *, lr=0.5, steps=500, l2=0.0):
    """Full-batch gradient descent on the convex softmax-regression loss, from W = 0, b = 0.

    X (N, D) float, y (N,) int in [0, classes) -> (W (D, classes), b (classes,)). Deterministic: no rng.
    """
    y = _check_xy(X, y)
    if isinstance(classes, bool) or not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"classes must be an int >= 2, got {classes!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    W, b = np.zeros((X.shape[1], classes)), np.zeros(classes)
    for _ in range(steps):
        _, dW, db = softmax_regression_loss_and_grads(W, b, X, y, l2)
        W -= lr * dW
        b -= lr * db
    return W, b
# --8<-- [end:fit_softmax_regression]


# --8<-- [start:softmax_regression_accuracy]
def softmax_regression_accuracy(W, b, X, y):
    """Share of rows of X (N, D) whose argmax_c (X W + b) equals y (N,)."""
    y = _check_xy(X, y)
    return float(np.mean(np.argmax(linear_forward(X, W, b)[0], axis=1) == y))
# --8<-- [end:softmax_regression_accuracy]
