"""A scalar computational graph with reverse-mode automatic differentiation (micrograd-style).

Every arithmetic operation on a ``Value`` creates a new node that remembers its inputs (the edges
of the graph) and a small closure that applies the chain rule locally: it multiplies the node's
upstream gradient ``out.grad`` by the local derivative and ADDS the result to each input's
``grad`` (a value used twice receives the sum of both contributions). ``Value.backward`` visits
the nodes in reverse topological order, so every node's gradient is complete before it is passed on.
This is what ``torch.autograd`` does, on tensors instead of scalars.
"""
import math

import numpy as np


def _as_value(x):
    if isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise TypeError(f"operand must be a Value or a real number, got {type(x).__name__}")
    return Value(x)


# --8<-- [start:Value]
class Value:
    """One scalar node: ``data`` (forward value), ``grad`` (dL/d this node after backward), inputs, op."""

    def __init__(self, data, _children=(), op="", label=""):
        if isinstance(data, bool) or not isinstance(data, (int, float, np.integer, np.floating)):
            raise TypeError(f"data must be a real number, got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0
        self._prev = tuple(_children)   # edges: the nodes this one was computed from
        self._backward = lambda: None   # chain rule for this node, set by the op that made it
        self.op = op
        self.label = label

    def __add__(self, other):           # d(a + b)/da = 1, d(a + b)/db = 1
        other = _as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):           # d(ab)/da = b, d(ab)/db = a
        other = _as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):               # d(a^k)/da = k a^(k-1), k a fixed real exponent
        if isinstance(k, bool) or not isinstance(k, (int, float)):
            raise TypeError(f"exponent must be an int or float, got {type(k).__name__}")
        out = Value(self.data ** k, (self,), f"^{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):                  # s'(a) = s (1 - s), read off the output
        e = math.exp(-abs(self.data))
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        out = Value(s, (self,), "σ")

        def _backward():
            self.grad += s * (1.0 - s) * out.grad
        out._backward = _backward
        return out

    def relu(self):                     # derivative 1 where a > 0, else 0 (0 at the kink, as torch)
        out = Value(max(self.data, 0.0), (self,), "ReLU")

        def _backward():
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):           # d(a - b)/da = 1, d(a - b)/db = -1
        other = _as_value(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return _as_value(other) - self

    def backward(self):
        """Set every grad in this graph to dself/dnode: zero them, seed 1 here, run the ops in reverse.

        (torch instead ACCUMULATES into leaf .grad across backward calls until you zero it.)
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()

    def __repr__(self):
        return f"Value({self.label + '=' if self.label else ''}{self.data:.4g}, grad={self.grad:.4g})"
# --8<-- [end:Value]


# --8<-- [start:topological_order]
def topological_order(root):
    """Nodes of the graph ending at ``root``, each after all of its inputs (depth-first post-order)."""
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order, seen, stack = [], set(), [(root, False)]
    while stack:                        # iterative DFS: no recursion limit on long chains
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node._prev))
    return order
# --8<-- [end:topological_order]
