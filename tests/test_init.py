"""snippets.init: variances and bounds of torch.nn.init for (fan_in, fan_out) weights."""
import math

import numpy as np
import pytest

from snippets import init as I


def test_variances_match_the_formulas():
    rng = np.random.default_rng(0)
    shape, (fi, fo) = (400, 300), (400, 300)
    cases = [
        (I.xavier_uniform(shape, rng), 2 / (fi + fo), math.sqrt(6 / (fi + fo))),
        (I.xavier_uniform(shape, rng, gain=5 / 3), (5 / 3) ** 2 * 2 / (fi + fo), 5 / 3 * math.sqrt(6 / (fi + fo))),
        (I.xavier_normal(shape, rng), 2 / (fi + fo), None),
        (I.kaiming_uniform(shape, rng), 2 / fi, math.sqrt(6 / fi)),
        (I.kaiming_normal(shape, rng), 2 / fi, None),
        (I.kaiming_normal(shape, rng, mode="fan_out", nonlinearity="relu"), 2 / fo, None),
    ]
    for w, var, bound in cases:
        assert w.shape == shape
        assert w.var() == pytest.approx(var, rel=0.02)
        assert abs(w.mean()) < 0.01 * math.sqrt(var) * 10
        if bound is not None:
            assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound


def test_gains():
    assert I.calculate_gain("relu") == math.sqrt(2)
    assert I.calculate_gain("tanh") == 5 / 3
    assert I.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    assert I.calculate_gain("sigmoid") == 1.0


def test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"shape must be \(fan_in, fan_out\)"):
        I.xavier_uniform((3,), rng)
    with pytest.raises(TypeError, match="rng"):
        I.kaiming_normal((3, 4), None)
    with pytest.raises(ValueError, match="mode"):
        I.kaiming_uniform((3, 4), rng, mode="fan_avg")
    with pytest.raises(ValueError, match="nonlinearity"):
        I.calculate_gain("gelu")


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    # torch's Linear weight is (fan_out, fan_in): compare variances on the transposed layout
    t = torch.empty(300, 400, dtype=torch.float64)
    rng = np.random.default_rng(0)
    for mine, theirs in ((I.xavier_uniform, torch.nn.init.xavier_uniform_), (I.kaiming_uniform, torch.nn.init.kaiming_uniform_),
                         (I.xavier_normal, torch.nn.init.xavier_normal_), (I.kaiming_normal, torch.nn.init.kaiming_normal_)):
        torch.manual_seed(0)
        assert mine((400, 300), rng).var() == pytest.approx(theirs(t).var().item(), rel=0.03)
    assert I.calculate_gain("leaky_relu", 0.3) == pytest.approx(torch.nn.init.calculate_gain("leaky_relu", 0.3))
    assert I.calculate_gain("tanh") == torch.nn.init.calculate_gain("tanh")
