"""Figures of the activation-functions chapter."""
import functools

import numpy as np
import matplotlib.pyplot as plt

from snippets import activations as act
from snippets.vanishing import layer_gradient_norms
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _log_ticks(ax):
    """Label a log y-axis 10⁻³ in plain Unicode: mathtext tick labels are slow to lay out."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    ax.yaxis.set_major_locator(LogLocator(base=10, numticks=8))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "10" + str(int(round(np.log10(v)))).translate(_SUPERSCRIPT)))
    ax.yaxis.set_minor_formatter(NullFormatter())


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
def _gradient_norms_by_activation(depth=30, width=64, n=64):
    """Per-layer weight-gradient norms at initialisation (both languages draw the same numbers)."""
    out = {}
    for activation, init in (("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he")):
        rng = np.random.default_rng(0)
        X = rng.normal(size=(n, width))
        out[(activation, init)] = layer_gradient_norms(X, depth, activation, init, rng)
    return out


@figure("activation-gradient-depth")
def activation_gradient_depth(lang):
    """||dL/dW_l|| per layer of a 30-layer MLP at initialisation for sigmoid, tanh and ReLU, relative to the last layer."""
    setup()
    norms = _gradient_norms_by_activation()
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    labels = {"xavier": "Xavier", "he": "He"}
    for color, ((activation, init), g) in zip(COLORS, norms.items()):
        layers = np.arange(1, len(g) + 1)
        ax.semilogy(layers, g / g[-1], marker="o", markersize=3, color=color, label=f"{activation} + {labels[init]}")
    ax.set_xlabel(t(lang, "层号 l（1 = 最靠近输入）", "layer l (1 = next to the input)"))
    _log_ticks(ax)
    ax.set_ylabel("‖∂L/∂Wₗ‖ / ‖∂L/∂W₃₀‖")
    ax.legend()
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _xor_runs(steps=150):
    """Train the same 2-8-8-2 MLP on XOR without and with ReLU; decision grids and loss curves."""
    from snippets.activation_nets import init_mlp, mlp_forward, train_mlp
    from snippets.data import make_xor
    from snippets.optimizers import Adam

    g = np.linspace(-2.2, 2.2, 45)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
    out = {}
    for activation in ("identity", "relu"):
        rng = np.random.default_rng(0)
        X, y = make_xor(100, rng, noise=0.2)
        params = init_mlp([2, 8, 8, 2], rng)
        losses, acc = train_mlp(params, X, y, activation=activation, optimizer=Adam(params, lr=0.05), steps=steps)
        scores, _ = mlp_forward(grid, params, activation)
        out[activation] = (X, y, g, np.argmax(scores, axis=1).reshape(len(g), len(g)), losses, acc)
    return out


@figure("linear-vs-relu-xor")
def linear_vs_relu_xor(lang):
    """Decision regions of a 2-8-8-2 MLP trained on XOR without activations and with ReLU, and the losses."""
    setup()
    runs = _xor_runs()
    fig, axes = plt.subplots(1, 3, figsize=(10.5, 3.5))
    titles = {"identity": t(lang, "无激活函数", "no activation"), "relu": "ReLU"}
    for ax, (activation, (X, y, g, pred, losses, acc)) in zip(axes, runs.items()):
        ax.contourf(g, g, pred, levels=[-0.5, 0.5, 1.5], colors=[COLORS[0], COLORS[1]], alpha=0.18)
        for c, marker in ((0, "o"), (1, "^")):
            ax.plot(X[y == c, 0], X[y == c, 1], marker, color=COLORS[c], markersize=3.5, linestyle="none")
        ax.set_title(t(lang, f"{titles[activation]}：训练准确率 {acc:.0%}", f"{titles[activation]}: train acc. {acc:.0%}"))
        ax.set_xlabel("x₁")
        ax.set_xticks([-2, 0, 2])
        ax.set_yticks([-2, 0, 2])
        ax.set_aspect("equal")
        ax.grid(False)
    axes[0].set_ylabel("x₂")
    for color, (activation, run) in zip(COLORS[2:], runs.items()):
        axes[2].semilogy(np.arange(1, len(run[4]) + 1), run[4], color=color, label=titles[activation])
    _log_ticks(axes[2])
    axes[2].axhline(np.log(2), color="0.4", linestyle=":", linewidth=1.0)
    axes[2].annotate("ln 2", xy=(len(run[4]), np.log(2)), xytext=(-30, 6), textcoords="offset points", color="0.3")
    axes[2].set_xlabel(t(lang, "训练步数", "step"))
    axes[2].set_ylabel(t(lang, "交叉熵（对数轴）", "cross-entropy (log scale)"))
    axes[2].legend()
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _mean_derivative_vs_scale():
    """E[f'(z)] for z ~ N(0, s^2), by 80-point Gauss-Hermite quadrature, for s on a grid."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)  # weight e^{-z^2/2}
    weights = weights / weights.sum()
    s = np.linspace(0.01, 6.0, 120)
    z = np.outer(s, nodes)
    return s, {name: (f(z) @ weights) for name, f in
               (("sigmoid", act.sigmoid_grad), ("tanh", act.tanh_grad), ("ReLU", act.relu_grad))}


@figure("activation-saturation")
def activation_saturation(lang):
    """Left: derivatives with the saturated regions shaded. Right: mean derivative vs pre-activation scale."""
    setup()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10.0, 3.6))
    z = np.linspace(-8, 8, 401)
    for lo, hi in ((-8, -4), (4, 8)):
        ax1.axvspan(lo, hi, color="0.85", linewidth=0)
    ax1.text(-6, 0.9, t(lang, "饱和区", "saturated"), ha="center", color="0.3")
    ax1.text(6, 0.9, t(lang, "饱和区", "saturated"), ha="center", color="0.3")
    ax1.plot(z, act.sigmoid_grad(z), color=COLORS[0], label="σ′(z)")
    ax1.plot(z, act.tanh_grad(z), color=COLORS[1], label="tanh′(z)")
    ax1.plot(z[z < 0], act.relu_grad(z[z < 0]), color=COLORS[2], linestyle="--", label="ReLU′(z)")
    ax1.plot(z[z > 0], act.relu_grad(z[z > 0]), color=COLORS[2], linestyle="--")
    ax1.set_xlabel("z")
    ax1.set_ylim(-0.05, 1.1)
    ax1.legend(loc="center left", bbox_to_anchor=(0.0, 0.55))
    s, means = _mean_derivative_vs_scale()
    for color, (name, m) in zip(COLORS, means.items()):
        ax2.plot(s, m, color=color, label=name)
    ax2.set_xlabel(t(lang, "预激活的标准差 s（z ~ N(0, s²)）", "std s of the pre-activation (z ~ N(0, s²))"))
    ax2.set_ylabel("E[f′(z)]")
    ax2.set_ylim(0, 1.05)
    ax2.legend()
    fig.tight_layout()
    return fig


@figure("relu-family")
def relu_family(lang):
    """ReLU and its variants (leaky ReLU, ELU, SiLU, softplus): functions and derivatives."""
    setup()
    x = np.linspace(-4, 3, 281)
    curves = [
        ("ReLU", act.relu, act.relu_grad, "-"),
        ("leaky ReLU (α = 0.1)", lambda v: act.leaky_relu(v, 0.1), lambda v: act.leaky_relu_grad(v, 0.1), "--"),
        ("ELU (α = 1)", act.elu, act.elu_grad, "-"),
        ("SiLU / Swish", act.silu, act.silu_grad, "-"),
        ("softplus", act.softplus, act.softplus_grad, ":"),
    ]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10.0, 3.8))
    for color, (name, f, df, style) in zip(COLORS, curves):
        ax1.plot(x, f(x), color=color, linestyle=style, label=name)
        d = df(x)
        if name.startswith(("ReLU", "leaky")):  # the derivative jumps at 0: no vertical connector
            ax2.plot(x[x < 0], d[x < 0], color=color, linestyle=style, label=name)
            ax2.plot(x[x > 0], d[x > 0], color=color, linestyle=style)
        else:
            ax2.plot(x, d, color=color, linestyle=style, label=name)
    ax1.set_title(t(lang, "函数 f(x)", "f(x)"))
    ax2.set_title(t(lang, "导数 f′(x)", "f′(x)"))
    ax1.set_ylim(-1.2, 3.0)
    ax2.set_ylim(-0.15, 1.2)
    for ax in (ax1, ax2):
        ax.axvline(0, color="0.6", linewidth=0.8)
        ax.axhline(0, color="0.6", linewidth=0.8)
        ax.set_xlabel("x")
    ax1.legend(loc="upper left")
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _deep_runs(steps=120):
    """A 6-hidden-layer MLP (width 32) on spirals with sigmoid, tanh or ReLU: per-layer gradient norms
    at initialisation and the training loss under SGD with momentum (same data, same seed)."""
    from snippets.activation_nets import init_mlp, mlp_backward, mlp_forward, train_mlp
    from snippets.data import make_spirals
    from snippets.losses import softmax_cross_entropy
    from snippets.optimizers import SGD

    out = {}
    for activation, init in (("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "kaiming")):
        rng = np.random.default_rng(0)
        X, y = make_spirals(150, rng, classes=3, noise=0.2)
        params = init_mlp([2] + [32] * 6 + [3], rng, init=init)
        scores, cache = mlp_forward(X, params, activation)
        grads = mlp_backward(softmax_cross_entropy(scores, y)[1], cache)
        norms = np.array([np.linalg.norm(g) for g in grads[0::2]])
        losses, _ = train_mlp(params, X, y, activation=activation,
                              optimizer=SGD(params, lr=0.05, momentum=0.9), steps=steps)
        out[(activation, init)] = (norms / norms[-1], losses)
    return out


@figure("deep-activation-training")
def deep_activation_training(lang):
    """Left: relative weight-gradient norm per layer at initialisation. Right: training loss."""
    setup()
    runs = _deep_runs()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10.0, 3.6))
    labels = {"xavier": "Xavier", "kaiming": "He"}
    for color, ((activation, init), (rel, losses)) in zip(COLORS, runs.items()):
        name = f"{activation} + {labels[init]}"
        ax1.semilogy(np.arange(1, len(rel) + 1), rel, marker="o", markersize=4, color=color, label=name)
        ax2.plot(np.arange(len(losses)), losses, color=color, label=name)
    ax1.set_xlabel(t(lang, "层号 l（1 = 最靠近输入，7 = 输出层）", "layer l (1 = next to the input, 7 = output)"))
    _log_ticks(ax1)
    ax1.set_ylabel("‖∂L/∂Wₗ‖ / ‖∂L/∂W₇‖")
    ax2.axhline(np.log(3), color="0.4", linestyle=":", linewidth=1.0)
    ax2.annotate("ln 3", xy=(len(losses) - 1, np.log(3)), xytext=(-28, 5), textcoords="offset points", color="0.3")
    ax2.set_xlabel(t(lang, "训练步数（SGD，动量 0.9）", "step (SGD, momentum 0.9)"))
    ax2.set_ylabel(t(lang, "训练交叉熵", "training cross-entropy"))
    ax2.set_ylim(0, 1.3)
    ax2.legend()
    fig.tight_layout()
    return fig
