"""Figures of the backpropagation chapter: every number drawn is computed by the snippets."""
import functools

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

from snippets.autograd import Value, topological_order
from snippets.mlp import sigmoid_net_backward, sigmoid_net_forward
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t

# The 2-2-1 network of the backprop-derivation page (same numbers as its code fence).
NET = {"x": [1.0, 0.5], "W1": [[0.5, -0.3], [0.2, 0.8]], "b1": [0.1, -0.1], "W2": [[0.7], [-0.4]],
       "b2": [0.2], "t": [1.0]}
# The expression of the computational-graph page: L = (sigmoid(w x + b) - y)^2.
EXPR = {"w": 0.5, "x": 2.0, "b": -0.5, "y": 1.0}


def _arrow(ax, p, q, shrink_p, shrink_q):
    """Arrow from p to q, starting and ending on the outlines of the shapes drawn at p and q.

    shrink_* is a function of the unit direction (dx, dy) giving the distance from the centre to the outline.
    """
    p, q = np.asarray(p, float), np.asarray(q, float)
    u = (q - p) / np.hypot(*(q - p))
    ax.annotate("", xy=q - shrink_q(u) * u, xytext=p + shrink_p(u) * u,
                arrowprops={"arrowstyle": "-|>", "color": "0.5", "lw": 1.2, "shrinkA": 0, "shrinkB": 0})


def _circle(r):
    return lambda u: r


def _box(hw, hh):
    return lambda u: min(hw / max(abs(u[0]), 1e-9), hh / max(abs(u[1]), 1e-9))


@functools.lru_cache(maxsize=None)
def _net_values():
    X = np.array([NET["x"]])
    W1, b1, W2, b2 = (np.array(NET[k]) for k in ("W1", "b1", "W2", "b2"))
    Y, cache = sigmoid_net_forward(X, W1, b1, W2, b2)
    grads = sigmoid_net_backward(Y - np.array([NET["t"]]), cache)   # N = 1: dL/dy = y - t
    A = cache[1]
    delta_out = grads["b2"]   # each bias gradient IS its delta
    delta_hid = grads["b1"]
    return X[0], A[0], Y[0, 0], delta_hid, delta_out[0], W1, W2, grads


@figure("backprop-network")
def backprop_network(lang):
    """The 2-2-1 sigmoid network with forward values in the nodes and dL/dw on each weight."""
    setup()
    x, a, y, d_hid, d_out, W1, W2, g = _net_values()
    fig, ax = plt.subplots(figsize=(9.6, 4.4))
    ax.set_axis_off()
    pos = {("x", 0): (0, 1.0), ("x", 1): (0, -1.0), ("a", 0): (4.6, 1.0), ("a", 1): (4.6, -1.0), ("y", 0): (8.8, 0.0)}

    def edge(p, q, text, frac):
        _arrow(ax, p, q, _circle(0.64), _circle(0.68))
        mx, my = p[0] + frac * (q[0] - p[0]), p[1] + frac * (q[1] - p[1])
        ax.text(mx, my, text, ha="center", va="center", fontsize=8.5,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "0.8"})

    for i in range(2):
        for j in range(2):
            frac = 0.55 if i == j else 0.27
            edge(pos[("x", i)], pos[("a", j)],
                 f"$w_{{{i + 1}{j + 1}}}={W1[i, j]:g}$\n$\\partial L/\\partial w={g['W1'][i, j]:+.4f}$", frac)
        edge(pos[("a", i)], pos[("y", 0)], f"$w_{i + 1}={W2[i, 0]:g}$\n$\\partial L/\\partial w={g['W2'][i, 0]:+.4f}$", 0.45)

    def node(p, lines, color):
        ax.add_patch(plt.Circle(p, 0.62, fc="white", ec=color, lw=2))
        ax.text(p[0], p[1], "\n".join(lines), ha="center", va="center", fontsize=8.5)

    for i in range(2):
        node(pos[("x", i)], [f"$x_{i + 1}={x[i]:g}$"], COLORS[6])
        node(pos[("a", i)], [f"$a_{i + 1}={a[i]:.4f}$", f"$\\delta_{i + 1}={d_hid[i]:+.4f}$"], COLORS[0])
    node(pos[("y", 0)], [f"$y={y:.4f}$", f"$t={NET['t'][0]:g}$", f"$\\delta_o={d_out:+.4f}$"], COLORS[1])
    ax.text(4.4, -2.0, t(lang, "偏置梯度 = δ：", "bias gradients = δ: ")
            + f"∂L/∂b₁ = {d_hid[0]:+.4f},  ∂L/∂b₂ = {d_hid[1]:+.4f},  ∂L/∂b_o = {d_out:+.4f}",
            ha="center", fontsize=9)
    ax.set_xlim(-0.9, 9.7)
    ax.set_ylim(-2.3, 1.8)
    ax.set_aspect("equal")
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _expr_graph():
    """Build L = (sigmoid(w x + b) - y)^2 with snippets.autograd and run backward; return (nodes, edges)."""
    w, x, b, y = (Value(EXPR[k], label=k) for k in ("w", "x", "b", "y"))
    u = w * x
    u.label = "u"
    z = u + b
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    d = a - y
    d.label = "d"
    L = d ** 2
    L.label = "L"
    L.backward()
    nodes = topological_order(L)
    edges = [(c, n) for n in nodes for c in n._prev]
    return nodes, edges, {n.label: n for n in nodes}


@figure("computational-graph")
def computational_graph(lang):
    """Computational graph of L = (σ(wx + b) − y)² with forward values and backward gradients."""
    setup()
    nodes, edges, by = _expr_graph()
    pos = {"x": (0, 1.1), "w": (0, -1.1), "u": (2.2, 0), "b": (2.2, -2.0), "z": (4.4, 0), "a": (6.6, 0),
           "y": (6.6, -2.0), "d": (8.8, 0), "L": (11.0, 0)}
    title = {"x": "x", "w": "w", "b": "b", "y": "y", "u": "u = w·x", "z": "z = u + b", "a": "a = σ(z)",
             "d": "d = a − y", "L": "L = d²"}
    fig, ax = plt.subplots(figsize=(9.6, 3.6))
    ax.set_axis_off()
    for c, n in edges:
        _arrow(ax, pos[c.label], pos[n.label], _box(0.92, 0.67), _box(0.92, 0.67))
    for n in nodes:
        px, py = pos[n.label]
        leaf = not n._prev
        ax.add_patch(FancyBboxPatch((px - 0.85, py - 0.6), 1.7, 1.2, boxstyle="round,pad=0.05",
                                    fc="#f2f2f2" if leaf else "white", ec="0.3", lw=1.2))
        ax.text(px, py + 0.3, title[n.label], ha="center", va="center", fontsize=9.5)
        ax.text(px, py, f"{n.data:.4f}", ha="center", va="center", fontsize=9.5, color=COLORS[0])
        ax.text(px, py - 0.32, f"∂L/∂{n.label} = {n.grad:.4f}", ha="center", va="center", fontsize=8.5,
                color=COLORS[1])
    ax.text(0, -2.0, t(lang, "蓝：前向值\n橙：反向梯度", "blue: forward value\norange: gradient"),
            ha="center", va="center", fontsize=9)
    ax.set_xlim(-1.0, 11.9)
    ax.set_ylim(-2.7, 1.8)
    ax.set_aspect("equal")
    fig.tight_layout()
    return fig
