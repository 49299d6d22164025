"""snippets.neuron: the forward formula, gradient checks for every activation, agreement with a dense layer, bad input."""
import numpy as np
import pytest

from snippets import neuron
from snippets.activations import sigmoid
from snippets.gradcheck import numerical_gradient, relative_error
from snippets.mlp import linear_forward

RNG = np.random.default_rng(0)


def test_forward_is_weighted_sum_plus_bias_then_activation():
    x, w, b = np.array([0.5, -1.0, 2.0]), np.array([0.4, 0.3, -0.2]), 0.1
    a, (_, _, z, _) = neuron.neuron_forward(x, w, b, "sigmoid")
    np.testing.assert_allclose(z, 0.5 * 0.4 - 1.0 * 0.3 - 2.0 * 0.2 + 0.1, rtol=1e-15)
    np.testing.assert_allclose(a, 1.0 / (1.0 + np.exp(-z)), rtol=1e-15)
    assert neuron.neuron_forward(x, w, b, "relu")[0] == 0.0
    assert neuron.neuron_forward(x, w, b, "identity")[0] == z


def test_bias_is_the_output_for_zero_input():
    a, _ = neuron.neuron_forward(np.zeros(4), RNG.normal(size=4), 1.5, "identity")
    assert a == 1.5
    np.testing.assert_allclose(neuron.neuron_forward(np.zeros(4), RNG.normal(size=4), 1.5)[0], sigmoid(1.5))


@pytest.mark.parametrize("activation", ["identity", "sigmoid", "tanh", "relu"])
def test_backward_matches_central_differences(activation):
    x, w, b = RNG.normal(size=(6, 4)), RNG.normal(size=4), 0.3
    da = RNG.normal(size=6)
    _, cache = neuron.neuron_forward(x, w, b, activation)
    assert np.min(np.abs(cache[2])) > 1e-4  # away from ReLU's kink
    dx, dw, db = neuron.neuron_backward(da, cache)

    def loss(b_=b):
        return np.sum(neuron.neuron_forward(x, w, b_, activation)[0] * da)

    assert relative_error(dx, numerical_gradient(lambda _: loss(), x)) < 1e-7
    assert relative_error(dw, numerical_gradient(lambda _: loss(), w)) < 1e-7
    h = 1e-5
    assert relative_error(db, (loss(b + h) - loss(b - h)) / (2 * h)) < 1e-7


def test_single_sample_shapes():
    x, w = RNG.normal(size=3), RNG.normal(size=3)
    a, cache = neuron.neuron_forward(x, w, -0.2, "tanh")
    assert np.shape(a) == ()
    dx, dw, db = neuron.neuron_backward(1.0, cache)
    assert dx.shape == (3,) and dw.shape == (3,) and isinstance(db, float)
    np.testing.assert_allclose(dw, (1 - np.tanh(x @ w - 0.2) ** 2) * x, rtol=1e-12)


def test_a_dense_layer_is_neurons_side_by_side():
    X, W, b = RNG.normal(size=(5, 3)), RNG.normal(size=(3, 4)), RNG.normal(size=4)
    layer, _ = linear_forward(X, W, b)
    for j in range(4):
        np.testing.assert_allclose(neuron.neuron_forward(X, W[:, j], b[j], "identity")[0], layer[:, j], rtol=1e-12)


def test_bad_input():
    x, w = np.ones((2, 3)), np.ones(3)
    with pytest.raises(TypeError, match="x"):
        neuron.neuron_forward([1.0, 2.0, 3.0], w, 0.0)
    with pytest.raises(TypeError, match="w"):
        neuron.neuron_forward(x, np.ones(3, dtype=int), 0.0)
    with pytest.raises(ValueError, match="w"):
        neuron.neuron_forward(x, np.ones((3, 1)), 0.0)
    with pytest.raises(ValueError, match="x"):
        neuron.neuron_forward(np.ones((2, 4)), w, 0.0)
    with pytest.raises(TypeError, match="b"):
        neuron.neuron_forward(x, w, np.zeros(1))
    with pytest.raises(ValueError, match="activation"):
        neuron.neuron_forward(x, w, 0.0, "softmax")
    _, cache = neuron.neuron_forward(x, w, 0.0)
    with pytest.raises(ValueError, match="da"):
        neuron.neuron_backward(np.ones(3), cache)
