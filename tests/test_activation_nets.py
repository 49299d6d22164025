"""snippets.activation_nets: gradient checks of the MLP for every activation, collapse of linear stacks,
agreement with snippets.train for ReLU, a real training run, and bad input."""
import numpy as np
import pytest

from snippets import activation_nets as an
from snippets.gradcheck import numerical_gradient, relative_error
from snippets.losses import softmax_cross_entropy
from snippets.optimizers import Adam, SGD


def _problem(rng, sizes=(3, 5, 4, 3), n=7):
    X = rng.normal(size=(n, sizes[0]))
    y = rng.integers(0, sizes[-1], size=n)
    params = an.init_mlp(list(sizes), rng)
    for b in params[1::2]:  # non-zero biases so the bias gradients are tested too
        b += rng.normal(size=b.shape) * 0.1
    return X, y, params


@pytest.mark.parametrize("activation", sorted(an.ACTIVATIONS))
def test_mlp_backward_matches_central_differences(activation):
    rng = np.random.default_rng(0)
    X, y, params = _problem(rng)

    def loss():
        return softmax_cross_entropy(an.mlp_forward(X, params, activation)[0], y)[0]

    scores, cache = an.mlp_forward(X, params, activation)
    _, dscores = softmax_cross_entropy(scores, y)
    grads = an.mlp_backward(dscores, cache)
    assert [g.shape for g in grads] == [p.shape for p in params]
    for p, g in zip(params, grads):
        assert relative_error(g, numerical_gradient(lambda _: loss(), p)) < 1e-7


def test_linear_stack_collapses_to_one_affine_map():
    rng = np.random.default_rng(0)
    X, _, params = _problem(rng, sizes=(4, 6, 5, 3), n=10)
    W, b = an.collapse_affine(params)
    assert W.shape == (4, 3) and b.shape == (3,)
    np.testing.assert_allclose(an.mlp_forward(X, params, "identity")[0], X @ W + b, rtol=1e-12, atol=1e-12)
    # with a nonlinearity there is no such map
    assert not np.allclose(an.mlp_forward(X, params, "relu")[0], X @ W + b, atol=1e-3)


def test_relu_mlp_agrees_with_snippets_train():
    from snippets.train import loss_and_grads
    rng = np.random.default_rng(0)
    X, y, params = _problem(rng, sizes=(3, 6, 4), n=9)
    scores, cache = an.mlp_forward(X, params, "relu")
    loss, dscores = softmax_cross_entropy(scores, y)
    ref_loss, ref_grads = loss_and_grads(dict(zip(("W1", "b1", "W2", "b2"), params)), X, y)
    assert loss == pytest.approx(ref_loss, rel=1e-14)
    for g, r in zip(an.mlp_backward(dscores, cache), ref_grads):
        np.testing.assert_allclose(g, r, rtol=1e-12, atol=1e-15)


def test_training_xor_needs_a_nonlinearity():
    from snippets.data import make_xor
    accs = {}
    for activation in ("identity", "relu"):
        rng = np.random.default_rng(0)
        X, y = make_xor(100, rng, noise=0.2)
        params = an.init_mlp([2, 8, 8, 2], rng)
        losses, accs[activation] = an.train_mlp(params, X, y, activation=activation,
                                                optimizer=Adam(params, lr=0.05), steps=150)
        assert losses[-1] < losses[0]
    assert accs["identity"] <= 0.75 and accs["relu"] == 1.0


def test_bad_input():
    rng = np.random.default_rng(0)
    X, y, params = _problem(rng)
    with pytest.raises(ValueError, match="activation"):
        an.mlp_forward(X, params, "softsign")
    with pytest.raises(ValueError, match="dscores"):
        an.mlp_backward(np.ones((2, 2)), an.mlp_forward(X, params, "relu")[1])
    with pytest.raises(ValueError, match="params"):
        an.mlp_forward(X, params[:3], "relu")
    with pytest.raises(TypeError, match=r"params\[1\]"):
        an.collapse_affine([params[0], [0.0] * 5])
    with pytest.raises(ValueError, match="layer 2"):
        an.collapse_affine([params[0], params[1], params[0], params[1]])
    with pytest.raises(ValueError, match="layer 1"):
        an.collapse_affine([params[0], params[3]])
    with pytest.raises(ValueError, match="sizes"):
        an.init_mlp([3], rng)
    with pytest.raises(ValueError, match="sizes"):
        an.init_mlp([3, 0, 2], rng)
    with pytest.raises(ValueError, match="init"):
        an.init_mlp([3, 2], rng, init="zeros")
    with pytest.raises(TypeError, match="rng"):
        an.init_mlp([3, 2], 0)
    with pytest.raises(ValueError, match="optimizer"):
        an.train_mlp(params, X, y, activation="relu", optimizer=SGD([np.zeros(2)], lr=0.1), steps=1)
    with pytest.raises(ValueError, match="steps"):
        an.train_mlp(params, X, y, activation="relu", optimizer=SGD(params, lr=0.1), steps=0)
