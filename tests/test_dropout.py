"""snippets.dropout: inverted-dropout semantics (as torch.nn.Dropout), gradient, bad input."""
import numpy as np
import pytest

from snippets.dropout import dropout_backward, dropout_forward
from snippets.gradcheck import numerical_gradient, relative_error


def test_kept_units_scaled_and_expectation_preserved():
    rng = np.random.default_rng(0)
    x = np.ones((1000, 200))
    out, mask = dropout_forward(x, 0.3, rng)
    assert set(np.unique(out)) == {0.0, 1 / 0.7}
    assert np.mean(out == 0) == pytest.approx(0.3, abs=0.005)  # p is the DROP probability
    assert out.mean() == pytest.approx(1.0, abs=0.01)           # E[out] = x


def test_eval_mode_and_p_zero_are_identity():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 5))
    for kwargs in ({"p": 0.5, "training": False}, {"p": 0.0}):
        out, mask = dropout_forward(x, rng=rng, **kwargs)
        assert out is x and mask is None
        assert dropout_backward(x, mask) is x


def test_backward_matches_central_differences():
    x = np.random.default_rng(1).normal(size=(6, 5))
    dout = np.random.default_rng(2).normal(size=(6, 5))

    def f(z):  # the same mask every call: a fixed seed
        return np.sum(dropout_forward(z, 0.4, np.random.default_rng(3))[0] * dout)

    _, mask = dropout_forward(x, 0.4, np.random.default_rng(3))
    assert relative_error(dropout_backward(dout, mask), numerical_gradient(f, x)) < 1e-7


def test_float32_stays_float32():
    out, mask = dropout_forward(np.ones(10, dtype=np.float32), 0.5, np.random.default_rng(0))
    assert out.dtype == np.float32 and mask.dtype == np.float32


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5, True, "0.5"])
def test_bad_p(p):
    with pytest.raises(ValueError, match=r"p \(the drop probability\) must be in \[0, 1\)"):
        dropout_forward(np.ones(3), p, np.random.default_rng(0))


def test_bad_input():
    with pytest.raises(TypeError, match="rng"):
        dropout_forward(np.ones(3), 0.5, np.random)
    with pytest.raises(TypeError, match="x must be a floating-point"):
        dropout_forward(np.ones(3, dtype=int), 0.5, np.random.default_rng(0))
    with pytest.raises(ValueError, match="dout must have the mask's shape"):
        dropout_backward(np.ones(2), np.ones(3))


def test_classic_dropout_scales_at_test_time_to_match_the_training_expectation():
    from snippets.dropout import dropout_forward_classic
    rng = np.random.default_rng(0)
    x = np.full((1000, 200), 3.0)
    out, mask = dropout_forward_classic(x, 0.3, rng)
    assert set(np.unique(out)) == {0.0, 3.0}                       # kept units are NOT rescaled in training
    test_out, none = dropout_forward_classic(x, 0.3, rng, training=False)
    assert none is None
    np.testing.assert_allclose(test_out, 0.7 * x, rtol=1e-15)     # eval multiplies by keep prob 1 - p
    assert out.mean() == pytest.approx(test_out.mean(), rel=0.01)  # eval output = E[train output]
    inv, _ = dropout_forward(x, 0.3, np.random.default_rng(0))
    np.testing.assert_allclose(inv, out / 0.7, rtol=1e-15)          # same mask (same seed): inverted = classic / (1 - p)


def test_classic_backward_matches_central_differences():
    from snippets.dropout import dropout_forward_classic
    x = np.random.default_rng(1).normal(size=(4, 7))
    dout = np.random.default_rng(2).normal(size=(4, 7))

    def f(z):
        return np.sum(dropout_forward_classic(z, 0.5, np.random.default_rng(3))[0] * dout)

    _, mask = dropout_forward_classic(x, 0.5, np.random.default_rng(3))
    assert relative_error(dropout_backward(dout, mask), numerical_gradient(f, x)) < 1e-7


def test_torch_matches_inverted_dropout_semantics():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    x = torch.ones(1000, 100, dtype=torch.float64)
    out = torch.nn.functional.dropout(x, p=0.3, training=True)
    assert set(torch.unique(out).tolist()) == {0.0, 1 / 0.7}
    assert torch.nn.functional.dropout(x, p=0.3, training=False).equal(x)


def test_classic_bad_input():
    from snippets.dropout import dropout_forward_classic
    with pytest.raises(ValueError, match=r"p \(the drop probability\)"):
        dropout_forward_classic(np.ones(3), 1.0, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        dropout_forward_classic(np.ones(3), 0.5, None)
    with pytest.raises(TypeError, match="x must be a floating-point"):
        dropout_forward_classic(np.ones(3, dtype=int), 0.5, np.random.default_rng(0))
