"""snippets.autograd: the scalar graph's backward against central differences, fan-out, bad input."""
import math

import numpy as np
import pytest

from snippets.autograd import Value, topological_order
from snippets.gradcheck import numerical_gradient, relative_error


def _graph(v):
    """L = (sigmoid(w x + b) - y)^2 + relu(w) * x * x: fan-out of x and w, every op used."""
    w, x, b, y = (Value(float(a)) for a in v)
    return (((w * x + b).sigmoid() - y) ** 2 + w.relu() * x * x), (w, x, b, y)


@pytest.mark.parametrize("seed", range(5))
def test_backward_matches_central_differences(seed):
    v = np.random.default_rng(seed).normal(size=4)
    v[0] = abs(v[0]) + 0.1  # keep w away from the ReLU kink
    L, leaves = _graph(v)
    L.backward()
    num = numerical_gradient(lambda a: _graph(a)[0].data, v.copy())
    assert relative_error([n.grad for n in leaves], num) < 1e-7


def test_values_and_closed_form():
    w, x, b, y = 0.5, 2.0, -0.5, 1.0
    L, (W, X, B, Y) = _graph([w, x, b, y])
    a = 1 / (1 + math.exp(-(w * x + b)))
    assert L.data == pytest.approx((a - y) ** 2 + w * x * x, rel=1e-15)
    L.backward()
    delta = 2 * (a - y) * a * (1 - a)
    assert W.grad == pytest.approx(delta * x + x * x, rel=1e-14)
    assert X.grad == pytest.approx(delta * w + 2 * w * x, rel=1e-14)
    assert B.grad == pytest.approx(delta, rel=1e-14)
    assert Y.grad == pytest.approx(-2 * (a - y), rel=1e-14)


def test_fan_out_gradients_add_and_backward_is_repeatable():
    a = Value(3.0)
    c = a * a + a  # dc/da = 2a + 1 = 7: both uses contribute
    c.backward()
    c.backward()   # grads are reset, not doubled
    assert a.grad == 7.0
    assert Value(-1.0).relu().data == 0.0
    s = Value(-800.0).sigmoid()  # stable: no overflow in exp
    assert 0.0 <= s.data < 1e-300


def test_topological_order_puts_inputs_first():
    x = Value(1.0)
    out = x
    for _ in range(5000):  # deep chain: iterative, no recursion limit
        out = out * 1.0 + 0.0
    order = topological_order(out)
    assert order[-1] is out and order[0] is x
    pos = {id(n): i for i, n in enumerate(order)}
    assert all(pos[id(c)] < pos[id(n)] for n in order for c in n._prev)


def test_bad_input():
    with pytest.raises(TypeError, match="data must be a real number"):
        Value("1")
    with pytest.raises(TypeError, match="operand must be a Value"):
        Value(1.0) + [1]
    with pytest.raises(TypeError, match="exponent"):
        Value(1.0) ** Value(2.0)
    with pytest.raises(TypeError, match="root must be a Value"):
        topological_order(1.0)


def test_against_torch():
    torch = pytest.importorskip("torch", reason="optional cross-check: pip install torch==2.13.0")
    v = np.array([0.7, -1.3, 0.4, 0.2])
    L, leaves = _graph(v)
    L.backward()
    t = torch.tensor(v, requires_grad=True)
    w, x, b, y = t
    ((torch.sigmoid(w * x + b) - y) ** 2 + torch.relu(w) * x * x).backward()
    np.testing.assert_allclose([n.grad for n in leaves], t.grad.numpy(), rtol=1e-12)
