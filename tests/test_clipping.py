"""snippets.clipping: joint-norm clipping keeps the direction; value clipping clamps; torch semantics."""
import numpy as np
import pytest

from snippets.clipping import clip_grad_norm, clip_grad_value, find_grad_spikes

RNG = np.random.default_rng(0)


def test_clip_grad_norm_scales_jointly_and_returns_the_norm_before():
    grads = [RNG.normal(size=(3, 4)) * 10, RNG.normal(size=5) * 10]
    before = [g.copy() for g in grads]
    total = np.sqrt(sum(np.sum(g ** 2) for g in before))
    assert clip_grad_norm(grads, 1.0) == pytest.approx(total)
    assert np.sqrt(sum(np.sum(g ** 2) for g in grads)) == pytest.approx(1.0, rel=1e-5)
    for g, b in zip(grads, before):  # same direction: every entry scaled by the same factor
        np.testing.assert_allclose(g, b * (1.0 / (total + 1e-6)), rtol=1e-12)


def test_small_gradients_untouched_and_other_norms():
    grads = [np.array([0.3, -0.4])]
    assert clip_grad_norm(grads, 1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(grads[0], [0.3, -0.4])
    g = [np.array([3.0, -4.0]), np.array([1.0])]
    assert clip_grad_norm(g, 2.0, norm_type=np.inf) == 4.0
    np.testing.assert_allclose(g[0], np.array([3.0, -4.0]) * 2.0 / (4.0 + 1e-6))
    assert clip_grad_norm([np.array([3.0, -4.0])], 100.0, norm_type=1) == 7.0


def test_clip_grad_value():
    g = [np.array([-3.0, 0.5, 2.0])]
    clip_grad_value(g, 1.0)
    np.testing.assert_array_equal(g[0], [-1.0, 0.5, 1.0])


def test_bad_input():
    with pytest.raises(ValueError, match="max_norm must be positive"):
        clip_grad_norm([np.ones(2)], 0.0)
    with pytest.raises(ValueError, match="norm_type"):
        clip_grad_norm([np.ones(2)], 1.0, norm_type=-2)
    with pytest.raises(TypeError, match="grads must be a non-empty list"):
        clip_grad_norm(np.ones(2), 1.0)
    with pytest.raises(TypeError, match=r"grads\[0\] must be a floating-point"):
        clip_grad_value([np.ones(2, dtype=int)], 1.0)
    with pytest.raises(ValueError, match="clip_value must be positive"):
        clip_grad_value([np.ones(2)], -1.0)


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    for norm_type in (2.0, 1.0, 3.0, float("inf")):
        grads = [RNG.normal(size=(3, 4)) * 5, RNG.normal(size=6)]
        params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g)
        ref = torch.nn.utils.clip_grad_norm_(params, 2.0, norm_type=norm_type)
        assert clip_grad_norm(grads, 2.0, norm_type=norm_type) == pytest.approx(ref.item(), rel=1e-12)
        for p, g in zip(params, grads):
            np.testing.assert_allclose(g, p.grad.numpy(), rtol=1e-12)


def test_norm_clipping_keeps_direction_value_clipping_does_not():
    g_norm, g_value = [np.array([10.0, 0.5])], [np.array([10.0, 0.5])]
    clip_grad_norm(g_norm, 1.0)
    clip_grad_value(g_value, 1.0)
    cos = lambda a, b: a @ b / np.linalg.norm(a) / np.linalg.norm(b)  # noqa: E731
    assert cos(g_norm[0], np.array([10.0, 0.5])) == pytest.approx(1.0)
    np.testing.assert_array_equal(g_value[0], [1.0, 0.5])          # turned by about 24 degrees
    assert np.degrees(np.arccos(cos(g_value[0], np.array([10.0, 0.5])))) > 20


def test_find_grad_spikes():
    norms = [1.0, 1.2, 0.9, 1.1, 50.0, 1.0, np.nan, 1.0]
    np.testing.assert_array_equal(find_grad_spikes(norms, window=3), [4, 6])
    assert find_grad_spikes(np.ones(5)).size == 0
    assert find_grad_spikes([np.inf]).tolist() == [0]       # the very first step can already be non-finite
    with pytest.raises(ValueError, match="norms must be 1-D"):
        find_grad_spikes(np.ones((2, 2)))
    with pytest.raises(ValueError, match="window must be a positive int"):
        find_grad_spikes([1.0], window=0)
    with pytest.raises(ValueError, match="factor must be > 1"):
        find_grad_spikes([1.0], factor=0.5)
