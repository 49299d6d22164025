"""snippets.data: shapes, labels, determinism, splits, bad input."""
import numpy as np
import pytest

from snippets import data as D


@pytest.mark.parametrize("maker, classes", [(D.make_spirals, 3), (D.make_moons, 2), (D.make_xor, 2)])
def test_shapes_labels_and_seeding(maker, classes):
    X, y = maker(301, np.random.default_rng(0))
    X2, y2 = maker(301, np.random.default_rng(0))
    assert X.shape == (301, 2) and y.shape == (301,) and X.dtype == np.float64 and y.dtype == np.int64
    assert set(np.unique(y)) == set(range(classes))
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_noise_free_sets_are_what_they_claim():
    X, y = D.make_xor(200, np.random.default_rng(0), noise=0.0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))
    X, y = D.make_moons(100, np.random.default_rng(0), noise=0.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0)
    X, y = D.make_spirals(300, np.random.default_rng(0), noise=0.0)
    assert np.bincount(y).tolist() == [100, 100, 100] and np.linalg.norm(X, axis=1).max() <= 1.0 + 1e-12


def test_train_val_split():
    X, y = D.make_moons(100, np.random.default_rng(0))
    Xt, yt, Xv, yv = D.train_val_split(X, y, 0.2, np.random.default_rng(1))
    assert len(yv) == 20 and len(yt) == 80
    assert sorted(map(tuple, np.vstack([Xt, Xv]))) == sorted(map(tuple, X))


def test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="n must be an int"):
        D.make_moons(1, rng)
    with pytest.raises(ValueError, match="classes"):
        D.make_spirals(10, rng, classes=1)
    with pytest.raises(ValueError, match="noise"):
        D.make_xor(10, rng, noise=-1)
    with pytest.raises(TypeError, match="rng"):
        D.make_xor(10, 0)
    with pytest.raises(ValueError, match="val_fraction"):
        D.train_val_split(np.zeros((4, 2)), np.zeros(4), 1.0, rng)
    with pytest.raises(ValueError, match="same length"):
        D.train_val_split(np.zeros((4, 2)), np.zeros(3), 0.5, rng)
