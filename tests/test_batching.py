"""snippets.batching: epoch samplers, the 1/e law, per-example gradients, the sigma^2/B law, bad input."""
import math

import numpy as np
import pytest

from snippets import batching as Bt
from snippets.data import make_spirals
from snippets.gradcheck import numerical_gradient, relative_error
from snippets.mlp import init_two_layer
from snippets.train import PARAM_KEYS, loss_and_grads


def _net(n=40, H=8, seed=0):
    rng = np.random.default_rng(seed)
    X, y = make_spirals(n, rng)
    p = init_two_layer(2, H, 3, rng)
    p["b1"] += 0.05
    return p, X, y


def test_minibatch_indices_without_replacement_cover_every_index_once():
    rng = np.random.default_rng(0)
    batches = Bt.minibatch_indices(10, 3, rng)
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))


def test_minibatch_indices_with_replacement_miss_about_one_over_e():
    rng = np.random.default_rng(0)
    N = 10_000
    batches = Bt.minibatch_indices(N, 100, rng, replacement=True)
    drawn = np.concatenate(batches)
    assert len(drawn) == N
    missed = 1 - len(np.unique(drawn)) / N
    assert abs(missed - math.exp(-1)) < 0.01  # sd of the fraction ~ 0.003


def test_unseen_fraction():
    assert Bt.unseen_fraction(1) == 0.0
    assert Bt.unseen_fraction(2) == pytest.approx(0.25)
    assert Bt.unseen_fraction(10) == pytest.approx(0.9 ** 10)
    assert Bt.unseen_fraction(10 ** 12) == pytest.approx(math.exp(-1), rel=1e-9)
    values = [Bt.unseen_fraction(n) for n in (2, 5, 10, 100, 1000)]
    assert all(a < b < math.exp(-1) for a, b in zip(values, values[1:]))  # increases towards 1/e


def test_per_example_grads_average_to_the_batch_gradient():
    p, X, y = _net()
    G = Bt.per_example_grads(p, X, y)
    _, grads = loss_and_grads(p, X, y)
    np.testing.assert_allclose(G.mean(axis=0), np.concatenate([g.ravel() for g in grads]), rtol=1e-12, atol=1e-14)


def test_per_example_grads_match_central_differences():
    p, X, y = _net()
    G = Bt.per_example_grads(p, X, y)
    sizes = [p[k].size for k in PARAM_KEYS]
    for i in (0, 7, 23):
        parts = np.split(G[i], np.cumsum(sizes)[:-1])
        for k, g in zip(PARAM_KEYS, parts):
            num = numerical_gradient(lambda _: loss_and_grads(p, X[i:i + 1], y[i:i + 1])[0], p[k])
            assert relative_error(g.reshape(p[k].shape), num) < 1e-7, (i, k)


def test_exact_variance_formula_against_brute_force_enumeration():
    rng = np.random.default_rng(0)
    G = rng.normal(size=(6, 3))
    g = G.mean(axis=0)
    from itertools import combinations, product
    for B in (1, 2, 3, 6):
        subsets = list(combinations(range(6), B))
        brute = np.mean([np.sum((G[list(s)].mean(axis=0) - g) ** 2) for s in subsets])
        assert Bt.minibatch_grad_variance(G, B) == pytest.approx(brute, rel=1e-12)
    for B in (1, 2, 3):
        tuples = list(product(range(6), repeat=B))
        brute = np.mean([np.sum((G[list(s)].mean(axis=0) - g) ** 2) for s in tuples])
        assert Bt.minibatch_grad_variance(G, B, replacement=True) == pytest.approx(brute, rel=1e-12)
    assert Bt.minibatch_grad_variance(G, 6) == 0.0  # the whole set: no noise at all


def test_sampled_variance_matches_formula_and_falls_like_one_over_b():
    p, X, y = _net(n=300, H=16)
    G = Bt.per_example_grads(p, X, y)
    rng = np.random.default_rng(0)
    for replacement in (False, True):
        for B in (1, 8, 64):
            est = Bt.sampled_grad_variance(G, B, rng, trials=4000, replacement=replacement)
            assert est == pytest.approx(Bt.minibatch_grad_variance(G, B, replacement), rel=0.1)
    Bs = np.array([1, 2, 4, 8, 16, 32])
    v = [Bt.minibatch_grad_variance(G, int(B), replacement=True) for B in Bs]
    slope = np.polyfit(np.log(Bs), np.log(v), 1)[0]
    assert slope == pytest.approx(-1.0, abs=1e-12)


def test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="N must be"):
        Bt.minibatch_indices(0, 2, rng)
    with pytest.raises(ValueError, match="batch_size must be"):
        Bt.minibatch_indices(5, 0, rng)
    with pytest.raises(TypeError, match="rng must be"):
        Bt.minibatch_indices(5, 2, 0)
    with pytest.raises(ValueError, match="N must be"):
        Bt.unseen_fraction(2.5)
    with pytest.raises(ValueError, match="params must hold"):
        Bt.per_example_grads({}, np.zeros((2, 2)), np.zeros(2, dtype=int))
    p, X, y = _net()
    with pytest.raises(ValueError, match="X must be"):
        Bt.per_example_grads(p, X, y[:-1])
    with pytest.raises(ValueError, match="G must be"):
        Bt.minibatch_grad_variance(np.zeros(5), 1)
    with pytest.raises(ValueError, match="batch_size must be <= N"):
        Bt.minibatch_grad_variance(np.zeros((5, 2)), 6)
    with pytest.raises(ValueError, match="trials must be"):
        Bt.sampled_grad_variance(np.zeros((5, 2)), 2, rng, trials=0)
    with pytest.raises(TypeError, match="rng must be"):
        Bt.sampled_grad_variance(np.zeros((5, 2)), 2, None)
