"""snippets.generative: the LDA fit, its log-joint against the explicit Gaussian formula, Bayes posterior, sampling."""
import numpy as np
import pytest

from snippets import generative as gen
from snippets.activations import sigmoid

RNG = np.random.default_rng(0)


def _data(n=3000, rng=RNG):
    y = rng.integers(0, 3, size=n)
    means = np.array([[0.0, 0.0], [3.0, 1.0], [-2.0, 2.5]])
    cov = np.array([[1.0, 0.5], [0.5, 2.0]])
    X = means[y] + rng.normal(size=(n, 2)) @ np.linalg.cholesky(cov).T
    return X, y, means, cov


def test_fit_recovers_parameters_and_matches_definitions():
    X, y, means, cov = _data()
    m = gen.fit_gaussian_classes(X, y)
    np.testing.assert_allclose(m["priors"], np.bincount(y) / len(y), rtol=1e-12)
    for k in range(3):
        np.testing.assert_allclose(m["means"][k], X[y == k].mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(m["means"], means, atol=0.1)
    np.testing.assert_allclose(m["cov"], cov, atol=0.1)


def test_log_joint_matches_explicit_formula():
    X, y, _, _ = _data(200)
    m = gen.fit_gaussian_classes(X, y)
    S_inv, det = np.linalg.inv(m["cov"]), np.linalg.det(m["cov"])
    lj = gen.gaussian_log_joint(X[:5], m)
    for i in range(5):
        for k in range(3):
            d = X[i] - m["means"][k]
            expected = np.log(m["priors"][k]) - 0.5 * d @ S_inv @ d - 0.5 * np.log((2 * np.pi) ** 2 * det)
            np.testing.assert_allclose(lj[i, k], expected, rtol=1e-10)


def test_two_class_posterior_is_a_sigmoid_of_a_linear_function():
    X, y, _, _ = _data(500)
    keep = y < 2
    m = gen.fit_gaussian_classes(X[keep], y[keep])
    S_inv = np.linalg.inv(m["cov"])
    mu0, mu1 = m["means"]
    w = S_inv @ (mu1 - mu0)
    b = -0.5 * mu1 @ S_inv @ mu1 + 0.5 * mu0 @ S_inv @ mu0 + np.log(m["priors"][1] / m["priors"][0])
    post = gen.gaussian_posterior(X[:50], m)
    np.testing.assert_allclose(post.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(post[:, 1], sigmoid(X[:50] @ w + b), rtol=1e-9, atol=1e-12)


def test_samples_follow_the_fitted_joint():
    X, y, _, _ = _data()
    m = gen.fit_gaussian_classes(X, y)
    Xs, ys = gen.sample_gaussian_classes(m, 20000, np.random.default_rng(1))
    assert Xs.shape == (20000, 2) and ys.dtype == np.int64
    np.testing.assert_allclose(np.bincount(ys) / 20000, m["priors"], atol=0.015)
    refit = gen.fit_gaussian_classes(Xs, ys)
    np.testing.assert_allclose(refit["means"], m["means"], atol=0.06)
    np.testing.assert_allclose(refit["cov"], m["cov"], atol=0.06)


def test_bad_input():
    X, y, _, _ = _data(30)
    m = gen.fit_gaussian_classes(X, y)
    with pytest.raises(TypeError, match="X"):
        gen.fit_gaussian_classes(X.tolist(), y)
    with pytest.raises(ValueError, match="y"):
        gen.fit_gaussian_classes(X, y.astype(float))
    with pytest.raises(ValueError, match="every class"):
        gen.fit_gaussian_classes(X[:4], np.array([0, 2, 0, 2]))
    with pytest.raises(ValueError, match="X"):
        gen.gaussian_log_joint(np.ones((3, 5)), m)
    with pytest.raises(TypeError, match="model"):
        gen.gaussian_posterior(X, {"means": m["means"]})
    with pytest.raises(ValueError, match="n must"):
        gen.sample_gaussian_classes(m, 0, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        gen.sample_gaussian_classes(m, 5, 0)
