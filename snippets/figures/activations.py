"""Figures of the activation-functions chapter."""
import functools

import numpy as np
import matplotlib.pyplot as plt

from snippets import activations as act
from snippets.vanishing import layer_gradient_norms
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t


@figure("activation-curves")
def activation_curves(lang):
    """Sigmoid, tanh, ReLU and leaky ReLU with their derivatives, asymptotes marked."""
    setup()
    x = np.linspace(-6, 6, 601)
    panels = [
        ("sigmoid", act.sigmoid(x), act.sigmoid_grad(x), [0.0, 1.0]),
        ("tanh", act.tanh(x), act.tanh_grad(x), [-1.0, 1.0]),
        ("ReLU", act.relu(x), act.relu_grad(x), []),
        (t(lang, "leaky ReLU（α = 0.1，放大以便看清）", "leaky ReLU (α = 0.1, enlarged to be visible)"),
         act.leaky_relu(x, 0.1), act.leaky_relu_grad(x, 0.1), []),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(8.0, 6.0), sharex=True)
    for ax, (name, y, dy, asymptotes) in zip(axes.flat, panels):
        for a in asymptotes:
            ax.axhline(a, color="0.4", linestyle=":", linewidth=1.0)
        ax.plot(x, y, color=COLORS[0], label=t(lang, "函数 f(x)", "function f(x)"))
        if name == "ReLU" or name.startswith("leaky"):
            # The derivative jumps at 0: draw the two branches separately instead of a vertical line.
            ax.plot(x[x < 0], dy[x < 0], color=COLORS[1], linestyle="--", label=t(lang, "导数 f′(x)", "derivative f′(x)"))
            ax.plot(x[x > 0], dy[x > 0], color=COLORS[1], linestyle="--")
        else:
            ax.plot(x, dy, color=COLORS[1], linestyle="--", label=t(lang, "导数 f′(x)", "derivative f′(x)"))
        ax.set_title(name)
        ax.axvline(0, color="0.6", linewidth=0.8)
        ax.set_ylim(-1.3, 1.6) if name != "ReLU" and not name.startswith("leaky") else ax.set_ylim(-1.0, 3.0)
    axes[0, 0].annotate(t(lang, "最大导数 0.25", "max slope 0.25"), xy=(0, 0.25), xytext=(1.2, 0.45),
                        arrowprops={"arrowstyle": "->", "color": "0.3"})
    axes[0, 1].annotate(t(lang, "最大导数 1", "max slope 1"), xy=(0, 1.0), xytext=(1.2, 1.35),
                        arrowprops={"arrowstyle": "->", "color": "0.3"})
    for ax in axes[1]:
        ax.set_xlabel("x")
    axes[0, 0].legend(loc="upper left")
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _gradient_norms_by_activation(depth=30, width=128, n=256):
    """Per-layer weight-gradient norms at initialisation (both languages draw the same numbers)."""
    out = {}
    for activation, init in (("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he")):
        rng = np.random.default_rng(0)
        X = rng.normal(size=(n, width))
        out[(activation, init)] = layer_gradient_norms(X, depth, activation, init, rng)
    return out


@figure("activation-gradient-depth")
def activation_gradient_depth(lang):
    """||dL/dW_l|| per layer of a 30-layer MLP at initialisation for sigmoid, tanh and ReLU."""
    setup()
    norms = _gradient_norms_by_activation()
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    labels = {"xavier": "Xavier", "he": "He"}
    for color, ((activation, init), g) in zip(COLORS, norms.items()):
        layers = np.arange(1, len(g) + 1)
        ax.semilogy(layers, g, marker="o", markersize=3, color=color, label=f"{activation} + {labels[init]}")
    ax.set_xlabel(t(lang, "层号 l（1 = 最靠近输入）", "layer l (1 = next to the input)"))
    ax.set_ylabel(t(lang, "权重梯度范数 ‖∂L/∂W_l‖（对数轴）", "weight-gradient norm ‖∂L/∂W_l‖ (log scale)"))
    ax.legend()
    fig.tight_layout()
    return fig
