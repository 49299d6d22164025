"""snippets.dimensionality: exact small cases, Monte Carlo checks, brute-force k-NN, bad input."""
import numpy as np
import pytest

from snippets import dimensionality as dim

RNG = np.random.default_rng(0)


def test_distance_ratio_small_example():
    X = np.array([[0.0, 0.0], [3.0, 4.0], [0.0, 2.0]])
    Q = np.array([[0.0, 1.0], [3.0, 3.0]])
    np.testing.assert_allclose(dim.distance_ratio(X, Q), [np.sqrt(9 + 9) / 1.0, np.sqrt(18) / 1.0], rtol=1e-12)


def test_distance_ratio_matches_brute_force_and_concentrates():
    X, Q = RNG.random((50, 7)), RNG.random((5, 7))
    d = np.linalg.norm(Q[:, None, :] - X[None, :, :], axis=2)
    np.testing.assert_allclose(dim.distance_ratio(X, Q), d.max(axis=1) / d.min(axis=1), rtol=1e-10)
    medians = [np.median(dim.distance_ratio(RNG.random((300, d)), RNG.random((30, d)))) for d in (2, 20, 200)]
    assert medians[0] > medians[1] > medians[2] > 1.0


def test_boundary_fraction_formula_and_monte_carlo():
    np.testing.assert_allclose(dim.boundary_fraction(1, 0.1), 0.2, rtol=1e-12)
    np.testing.assert_allclose(dim.boundary_fraction(np.array([1, 2]), 0.25), [0.5, 0.75], rtol=1e-12)
    assert dim.boundary_fraction(5, 0.0) == 0.0 and dim.boundary_fraction(5, 0.5) == 1.0
    for d in (3, 30):
        P = RNG.random((20000, d))
        near = np.mean(np.minimum(P, 1 - P).min(axis=1) < 0.05)
        np.testing.assert_allclose(near, dim.boundary_fraction(d, 0.05), atol=0.015)


def test_knn_matches_a_loop():
    X, y = RNG.normal(size=(40, 3)), RNG.integers(0, 3, size=40)
    Q = RNG.normal(size=(15, 3))
    for k in (1, 3, 5):
        pred = dim.knn_predict(X, y, Q, k)
        for q, p in zip(Q, pred):
            idx = np.argsort(np.linalg.norm(X - q, axis=1), kind="stable")[:k]
            assert p == np.argmax(np.bincount(y[idx], minlength=3))
    np.testing.assert_array_equal(dim.knn_predict(X, y, X, 1), y)   # each point is its own nearest neighbour


def test_bad_input():
    X, Q = np.zeros((3, 2)) + np.arange(3)[:, None], np.array([[0.5, 0.5]])
    with pytest.raises(TypeError, match="X"):
        dim.distance_ratio(X.tolist(), Q)
    with pytest.raises(ValueError, match="dimension"):
        dim.distance_ratio(X, np.ones((1, 3)))
    with pytest.raises(ValueError, match="two points"):
        dim.distance_ratio(X[:1], Q)
    with pytest.raises(ValueError, match="coincides"):
        dim.distance_ratio(X, X[:1])
    with pytest.raises(ValueError, match="d must"):
        dim.boundary_fraction(0, 0.1)
    with pytest.raises(ValueError, match="d must"):
        dim.boundary_fraction(2.5, 0.1)
    with pytest.raises(ValueError, match="eps"):
        dim.boundary_fraction(3, 0.6)
    y = np.array([0, 1, 0])
    with pytest.raises(ValueError, match="y_train"):
        dim.knn_predict(X, y.astype(float), Q)
    with pytest.raises(ValueError, match="k must"):
        dim.knn_predict(X, y, Q, k=4)
    with pytest.raises(ValueError, match="dimension"):
        dim.knn_predict(X, y, np.ones((1, 3)))
    with pytest.raises(TypeError, match="X_train"):
        dim.knn_predict(np.ones((3, 2), dtype=int), y, Q)
