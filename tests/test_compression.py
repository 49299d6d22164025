"""snippets.compression: magnitude pruning masks (layer-wise vs global) and the distillation loss."""
import numpy as np
import pytest

from snippets import compression as cp
from snippets.activations import softmax
from snippets.gradcheck import numerical_gradient, relative_error
from snippets.mlp import init_two_layer

RNG = np.random.default_rng(0)


def test_l1_unstructured_prunes_exactly_the_smallest():
    W = RNG.normal(size=(6, 5))
    keep = cp.l1_unstructured(W, 0.4)
    assert keep.shape == W.shape and keep.dtype == bool
    assert np.count_nonzero(~keep) == 12
    assert np.abs(W[~keep]).max() < np.abs(W[keep]).min()
    assert cp.l1_unstructured(W, 0.0).all() and not cp.l1_unstructured(W, 1.0).any()


def test_global_unstructured_ranks_all_tensors_together():
    small, big = 0.01 * RNG.normal(size=(4, 4)), RNG.normal(size=(3, 4))
    k_small, k_big = cp.global_unstructured([small, big], 0.6)
    assert np.count_nonzero(~k_small) + np.count_nonzero(~k_big) == round(0.6 * 28)
    assert not k_small.any()  # the tensor with small weights is pruned first, entirely
    everything = np.concatenate([np.abs(small[~k_small]), np.abs(big[~k_big])])
    assert everything.max() < np.abs(big[k_big]).min()


def test_prune_two_layer_scopes():
    p = init_two_layer(2, 16, 3, np.random.default_rng(1))
    for scope in ("global", "layer"):
        pruned, masks = cp.prune_two_layer(p, 0.75, scope)
        zeros = sum(np.count_nonzero(pruned[k] == 0) for k in ("W1", "W2"))
        assert zeros == round(0.75 * (32 + 48))
        np.testing.assert_array_equal(pruned["b1"], p["b1"])
        assert np.all(p["W1"] != 0), "the input params must not be modified"
    _, masks = cp.prune_two_layer(p, 0.75, "layer")
    assert np.count_nonzero(~masks["W1"]) == 24 and np.count_nonzero(~masks["W2"]) == 36


def test_softmax_with_temperature_limits_and_order():
    z = np.array([3.0, 1.0, 0.2])
    np.testing.assert_allclose(cp.softmax_with_temperature(z, 1.0), softmax(z))
    np.testing.assert_allclose(cp.softmax_with_temperature(z, 1e6), np.full(3, 1 / 3), atol=1e-6)
    np.testing.assert_allclose(cp.softmax_with_temperature(z, 1e-3), [1.0, 0.0, 0.0], atol=1e-12)
    for T in (0.5, 2.0, 10.0):
        assert np.all(np.diff(cp.softmax_with_temperature(z, T)) < 0)


@pytest.mark.parametrize("T, alpha", [(1.0, 0.5), (4.0, 0.9), (10.0, 1.0), (2.0, 0.0)])
def test_distillation_gradient_matches_central_differences(T, alpha):
    s, t = RNG.normal(size=(5, 4)), 3 * RNG.normal(size=(5, 4))
    y = RNG.integers(0, 4, size=5)
    _, ds = cp.distillation_loss(s, t, y, T, alpha)
    num = numerical_gradient(lambda z: cp.distillation_loss(z, t, y, T, alpha)[0], s.copy())
    assert relative_error(ds, num) < 1e-7


def test_distillation_soft_term_is_zero_at_the_teacher_and_scales_with_T2():
    t = RNG.normal(size=(8, 5))
    y = RNG.integers(0, 5, size=8)
    loss, grad = cp.distillation_loss(t, t, y, T=3.0, alpha=1.0)
    assert abs(loss) < 1e-12 and np.abs(grad).max() < 1e-15
    s = RNG.normal(size=(8, 5))
    s -= s.mean(1, keepdims=True)
    t -= t.mean(1, keepdims=True)
    for T in (100.0, 1000.0):
        # Hinton et al. (2015): for large T, d(KL)/ds ~ (s - t) / (C T^2 N); times T^2 it no longer depends on T
        _, g = cp.distillation_loss(s, t, y, T=T, alpha=1.0)
        np.testing.assert_allclose(g, (s - t) / (5 * 8), rtol=0.05, atol=1e-4)


def test_bad_input():
    W = RNG.normal(size=(3, 3))
    for amount in (-0.1, 1.5, True, "half"):
        with pytest.raises(ValueError, match="amount"):
            cp.l1_unstructured(W, amount)
    with pytest.raises(TypeError, match="W"):
        cp.l1_unstructured([[1.0]], 0.5)
    with pytest.raises(ValueError, match="weights"):
        cp.global_unstructured([], 0.5)
    with pytest.raises(ValueError, match="scope"):
        cp.prune_two_layer(init_two_layer(2, 3, 2, RNG), 0.5, "channel")
    with pytest.raises(ValueError, match="T"):
        cp.softmax_with_temperature(W, 0.0)
    with pytest.raises(ValueError, match="alpha"):
        cp.distillation_loss(W, W, np.zeros(3, dtype=int), 2.0, 1.5)
    with pytest.raises(ValueError, match="teacher_logits"):
        cp.distillation_loss(W, W[:2], np.zeros(3, dtype=int))
