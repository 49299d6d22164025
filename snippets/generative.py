"""A classical generative classifier: Gaussian class-conditionals with a shared covariance (LDA).

It models the joint p(x, y) = p(y) p(x | y) with p(y = k) = pi_k and p(x | y = k) = N(mu_k, Sigma),
so it can classify through Bayes' rule AND sample new data; logistic regression (the discriminative
counterpart, snippets.linear_models) models only p(y | x).
"""
import numpy as np


def _check_xy(X, y):
    if not isinstance(X, np.ndarray) or X.ndim != 2 or not np.issubdtype(X.dtype, np.floating):
        raise TypeError(f"X must be a floating-point np.ndarray of shape (N, D), got {getattr(X, 'shape', type(X).__name__)}")
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer) or y.shape != (X.shape[0],) or y.min() < 0:
        raise ValueError(f"y must be non-negative integer labels of shape ({X.shape[0]},)")
    return y


def _check_model(model):
    if not isinstance(model, dict) or not {"priors", "means", "cov"} <= set(model):
        raise TypeError("model must be the dict returned by fit_gaussian_classes")
    return model["priors"], model["means"], model["cov"]


# --8<-- [start:fit_gaussian_classes]
def fit_gaussian_classes(X, y):
    """Maximum-likelihood fit of p(y) and p(x | y) = N(mu_y, Sigma) with one covariance shared by all classes.

    X (N, D), y (N,) int in [0, K) with every class present -> {"priors" (K,), "means" (K, D), "cov" (D, D)}:
    pi_k = N_k / N,  mu_k = mean of class k,  Sigma = (1/N) sum_n (x_n - mu_{y_n})(x_n - mu_{y_n})^T.
    """
    y = _check_xy(X, y)
    K = int(y.max()) + 1
    counts = np.bincount(y, minlength=K)
    if np.any(counts == 0):
        raise ValueError(f"every class in [0, {K}) needs at least one example, got counts {counts.tolist()}")
    means = np.zeros((K, X.shape[1]))
    np.add.at(means, y, X)
    means /= counts[:, None]
    centred = X - means[y]
    return {"priors": counts / len(y), "means": means, "cov": centred.T @ centred / len(y)}
# --8<-- [end:fit_gaussian_classes]


# --8<-- [start:gaussian_log_joint]
def gaussian_log_joint(X, model):
    """log p(x, y = k) = log pi_k + log N(x; mu_k, Sigma) for every row of X (N, D) and class k -> (N, K)."""
    priors, means, cov = _check_model(model)
    if not isinstance(X, np.ndarray) or X.ndim != 2 or X.shape[1] != means.shape[1]:
        raise ValueError(f"X must have shape (N, {means.shape[1]}), got {getattr(X, 'shape', None)}")
    L = np.linalg.cholesky(cov)                                   # Sigma = L L^T
    diff = X[:, None, :] - means[None, :, :]                      # (N, K, D)
    sol = np.linalg.solve(L, diff.reshape(-1, X.shape[1]).T).T    # L^{-1} (x - mu)
    maha = np.sum(sol ** 2, axis=1).reshape(X.shape[0], -1)       # (x - mu)^T Sigma^{-1} (x - mu)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return np.log(priors) - 0.5 * (maha + log_det + X.shape[1] * np.log(2.0 * np.pi))
# --8<-- [end:gaussian_log_joint]


# --8<-- [start:gaussian_posterior]
def gaussian_posterior(X, model):
    """Bayes' rule: p(y = k | x) = p(x, y = k) / sum_j p(x, y = j), computed stably in log space -> (N, K)."""
    log_joint = gaussian_log_joint(X, model)
    log_joint -= log_joint.max(axis=1, keepdims=True)
    p = np.exp(log_joint)
    return p / p.sum(axis=1, keepdims=True)
# --8<-- [end:gaussian_posterior]


# --8<-- [start:sample_gaussian_classes]
def sample_gaussian_classes(model, n, rng):
    """Draw n new labelled examples from the fitted joint: y ~ Categorical(pi), x ~ N(mu_y, Sigma).

    Returns X (n, D), y (n,). This is what a generative model can do and a discriminative one cannot.
    """
    priors, means, cov = _check_model(model)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a np.random.Generator, got {type(rng).__name__}")
    y = rng.choice(len(priors), size=n, p=priors)
    X = means[y] + rng.normal(size=(n, means.shape[1])) @ np.linalg.cholesky(cov).T
    return X, y.astype(np.int64)
# --8<-- [end:sample_gaussian_classes]
