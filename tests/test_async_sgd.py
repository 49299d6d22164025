"""snippets.async_sgd: delayed gradient descent and simulated synchronous / asynchronous SGD."""
import numpy as np
import pytest

from snippets import async_sgd as asgd


def _bound(delay):
    """Largest stable lr * curvature for x_{k+1} = x_k - a x_{k-delay} (Levin & May, 1976)."""
    return 2 * np.sin(np.pi / (2 * (2 * delay + 1)))


@pytest.mark.parametrize("delay", [0, 1, 3, 8])
def test_delay_stability_bound_matches_characteristic_roots(delay):
    for a, stable in ((0.97 * _bound(delay), True), (1.03 * _bound(delay), False)):
        # characteristic polynomial z^{d+1} - z^d + a = 0: stable iff every root is inside the unit circle
        coeffs = np.zeros(delay + 2)
        coeffs[0], coeffs[1] = 1.0, -1.0
        coeffs[-1] += a
        radius = np.abs(np.roots(coeffs)).max()
        assert (radius < 1) == stable
        xs = asgd.delayed_gradient_descent(lambda x: x, np.ones(1), a, 3000, delay)
        assert (abs(xs[-1, 0]) < 1e-3) == stable


def test_zero_delay_is_plain_gradient_descent():
    xs = asgd.delayed_gradient_descent(lambda x: 2 * x, np.array([1.0, -2.0]), 0.1, 5, 0)
    np.testing.assert_allclose(xs[-1], np.array([1.0, -2.0]) * 0.8 ** 5)


def _noisy_grad(x, rng):
    return x + 0.1 * rng.normal(size=x.shape)


def test_sync_waits_for_the_straggler_and_has_no_staleness():
    times = np.array([1.0, 1.0, 1.0, 3.0])
    out = asgd.simulate_sync_sgd(_noisy_grad, np.ones(3), 0.1, 10, times, np.random.default_rng(0), jitter=0.0)
    np.testing.assert_allclose(np.diff(out["time"]), 3.0)
    assert not out["staleness"].any() and len(out["events"]) == 40


def test_async_staleness_and_throughput():
    times = np.array([1.0, 1.0, 1.0, 3.0])
    out = asgd.simulate_async_sgd(_noisy_grad, np.ones(3), 0.05, 200, times, np.random.default_rng(0), jitter=0.1)
    assert out["x"].shape == (201, 3) and np.all(np.diff(out["time"]) >= 0)
    # about (1 + 1 + 1 + 1/3) updates per time unit, versus 1/3 for sync
    assert 200 / out["time"][-1] == pytest.approx(10 / 3, rel=0.1)
    # a fast worker's gradient is typically ~W - 1 = 3 updates stale; the straggler's ~9
    by_worker = {w: np.mean([e[3] for e in out["events"] if e[0] == w]) for w in range(4)}
    assert 2 <= by_worker[0] <= 4 and by_worker[3] > 7
    single = asgd.simulate_async_sgd(_noisy_grad, np.ones(3), 0.05, 20, [1.0], np.random.default_rng(0))
    assert not single["staleness"].any()


def test_deterministic_given_the_seed():
    a = asgd.simulate_async_sgd(_noisy_grad, np.ones(2), 0.1, 30, [1.0, 2.0], np.random.default_rng(5))
    b = asgd.simulate_async_sgd(_noisy_grad, np.ones(2), 0.1, 30, [1.0, 2.0], np.random.default_rng(5))
    np.testing.assert_array_equal(a["x"], b["x"])


def test_bad_input():
    rng = np.random.default_rng(0)
    for fn in (asgd.simulate_sync_sgd, asgd.simulate_async_sgd):
        with pytest.raises(ValueError, match="worker_times"):
            fn(_noisy_grad, np.ones(2), 0.1, 5, [1.0, 0.0], rng)
        with pytest.raises(ValueError, match="lr"):
            fn(_noisy_grad, np.ones(2), -0.1, 5, [1.0], rng)
        with pytest.raises(ValueError, match="n_updates"):
            fn(_noisy_grad, np.ones(2), 0.1, 0, [1.0], rng)
        with pytest.raises(TypeError, match="rng"):
            fn(_noisy_grad, np.ones(2), 0.1, 5, [1.0], 0)
        with pytest.raises(ValueError, match="jitter"):
            fn(_noisy_grad, np.ones(2), 0.1, 5, [1.0], rng, jitter=1.0)
        with pytest.raises(ValueError, match="x0"):
            fn(_noisy_grad, np.ones((2, 2)), 0.1, 5, [1.0], rng)
    with pytest.raises(ValueError, match="delay"):
        asgd.delayed_gradient_descent(lambda x: x, np.ones(1), 0.1, 5, -1)
    with pytest.raises(TypeError, match="grad_fn"):
        asgd.delayed_gradient_descent(None, np.ones(1), 0.1, 5, 1)
