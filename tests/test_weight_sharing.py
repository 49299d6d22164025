"""snippets.weight_sharing: 1-D convolution forward against a loop, backward against central differences."""
import numpy as np
import pytest

from snippets import weight_sharing as ws
from snippets.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(0)


def test_forward_matches_a_loop_and_numpy_correlate():
    x, w, b = RNG.normal(size=(3, 10)), RNG.normal(size=4), 0.5
    out, _ = ws.conv1d_forward(x, w, b)
    loop = np.array([[w @ x[n, i:i + 4] + b for i in range(7)] for n in range(3)])
    np.testing.assert_allclose(out, loop, rtol=1e-14)
    np.testing.assert_allclose(out[0], np.correlate(x[0], w, mode="valid") + b, rtol=1e-14)


def test_backward_matches_central_differences():
    x, w, b = RNG.normal(size=(2, 9)), RNG.normal(size=3), 0.1
    dout = RNG.normal(size=(2, 7))
    _, cache = ws.conv1d_forward(x, w, b)
    dx, dw, db = ws.conv1d_backward(dout, cache)

    def f(_):
        return np.sum(ws.conv1d_forward(x, w, b)[0] * dout)

    assert relative_error(dx, numerical_gradient(f, x)) < 1e-8
    assert relative_error(dw, numerical_gradient(f, w)) < 1e-8
    assert db == pytest.approx(dout.sum())
    # the shared weight's gradient is the sum of one contribution per position
    per_position = [dout[:, i:i + 1] * x[:, i:i + 3] for i in range(7)]
    np.testing.assert_allclose(dw, np.sum(per_position, axis=(0, 1)), rtol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="kernel size"):
        ws.conv1d_forward(np.zeros((1, 3)), np.zeros(5), 0.0)
    with pytest.raises(ValueError, match="expected"):
        ws.conv1d_forward(np.zeros(3), np.zeros(2), 0.0)
    with pytest.raises(TypeError, match="floating"):
        ws.conv1d_forward(np.zeros((1, 3), dtype=int), np.zeros(2), 0.0)
    _, cache = ws.conv1d_forward(np.zeros((1, 5)), np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="dout"):
        ws.conv1d_backward(np.zeros((1, 3)), cache)
