"""Figures of the architecture & capacity chapter (skip connections, XOR)."""
import functools

import numpy as np
import matplotlib.pyplot as plt

from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t
from snippets.data import make_spirals
from snippets.residual import stack_gradient_norms, train_deep_classifier
from snippets.xor import best_linear_accuracy, train_xor_nets, xor_relu_net, xor_truth_table


# ---------------------------------------------------------------- skip connections
@functools.lru_cache(maxsize=None)
def _gradient_flow(depth=50, width=64, n=64):
    """||dL/dh_{l-1}|| per block for a plain and a residual tanh stack, same weights (torch default init)."""
    X = np.random.default_rng(0).normal(size=(n, width))
    return {mode: stack_gradient_norms(X, depth, mode, np.random.default_rng(1), "tanh")
            for mode in ("plain", "residual")}


@figure("residual-gradient-flow")
def residual_gradient_flow(lang):
    """Gradient norm reaching each layer: plain deep MLP vs the same depth with identity skips."""
    setup()
    flow = _gradient_flow()
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.6), sharex=True)
    labels = {"plain": t(lang, "普通 MLP：h ← tanh(hW)", "plain MLP: h ← tanh(hW)"),
              "residual": t(lang, "残差：h ← h + tanh(hW)", "residual: h ← h + tanh(hW)")}
    for color, mode in zip(COLORS, ("plain", "residual")):
        dW, dh = flow[mode]
        layers = np.arange(1, len(dh) + 1)
        axes[0].semilogy(layers, dh, color=color, label=labels[mode])
        axes[1].semilogy(layers, dW, color=color, label=labels[mode])
    axes[0].set_ylabel(t(lang, "‖∂L/∂h‖（对数轴）", "‖∂L/∂h‖ (log scale)"))
    axes[0].set_title(t(lang, "传到第 l 层输入的梯度", "gradient reaching layer l's input"))
    axes[1].set_ylabel(t(lang, "‖∂L/∂Wₗ‖（对数轴）", "‖∂L/∂Wₗ‖ (log scale)"))
    axes[1].set_title(t(lang, "第 l 层权重的梯度", "gradient of layer l's weights"))
    for ax in axes:
        ax.set_xlabel(t(lang, "层号 l（1 = 最靠近输入）", "layer l (1 = next to the input)"))
    axes[0].legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


@functools.lru_cache(maxsize=None)
def _deep_training(depth=30):
    """Training loss of a 30-block tanh MLP on spirals, plain vs residual, at two learning rates."""
    X, y = make_spirals(200, np.random.default_rng(0))
    return {(mode, lr): train_deep_classifier(X, y, depth, mode, np.random.default_rng(0), lr=lr)
            for mode in ("plain", "residual") for lr in (0.01, 0.05)}


@figure("residual-training")
def residual_training(lang):
    """Real training runs: a deep plain MLP trains slowly or stalls, the same depth with skips trains fast."""
    setup()
    runs = _deep_training()
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    names = {"plain": t(lang, "普通", "plain"), "residual": t(lang, "残差", "residual")}
    for (mode, lr), losses in runs.items():
        ax.semilogy(np.arange(1, len(losses) + 1), losses, color=COLORS[0] if mode == "plain" else COLORS[1],
                    linestyle="-" if lr == 0.05 else "--", label=f"{names[mode]}, lr = {lr}")
    ax.axhline(np.log(3), color="0.5", linestyle=":", linewidth=1.0)
    ax.text(150, np.log(3) * 1.12, t(lang, "随机猜测 ln 3", "chance ln 3"), ha="right", fontsize=8, color="0.4")
    ax.set_xlabel(t(lang, "训练步数（全批量 SGD，动量 0.9）", "training step (full-batch SGD, momentum 0.9)"))
    ax.set_ylabel(t(lang, "训练损失（对数轴）", "training loss (log scale)"))
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- XOR
@functools.lru_cache(maxsize=None)
def _trained_xor():
    """The first of 32 seeded tanh 2-2-1 nets that reaches 100% on XOR."""
    params, loss, acc = train_xor_nets(32, np.random.default_rng(0), "tanh", 2)
    k = int(np.argmax(acc == 1.0))
    return {key: v[k] for key, v in params.items()}


def _tanh_net(p, X):
    h = np.tanh(X @ p["W1"] + p["b1"])
    return h @ p["w2"] + p["b2"], h


def _points(ax, P, y):
    for label, color, marker in ((0, COLORS[0], "o"), (1, COLORS[1], "s")):
        ax.plot(P[y == label, 0], P[y == label, 1], linestyle="none", marker=marker, markersize=9,
                color=color, markeredgecolor="black", label=f"XOR = {label}")


def _regions(ax, f, lim, threshold):
    g = np.linspace(lim[0], lim[1], 31)
    G1, G2 = np.meshgrid(g, g)
    Z = f(np.stack([G1.ravel(), G2.ravel()], axis=1)).reshape(G1.shape)
    ax.contourf(G1, G2, Z, levels=[Z.min() - 1.0, threshold, Z.max() + 1.0], colors=[COLORS[5], COLORS[4]],
                alpha=0.25)
    ax.contour(G1, G2, Z, levels=[threshold], colors="0.2", linewidths=1.2)


def _fmt(a):
    return np.array2string(np.asarray(a), separator=", ", formatter={"float_kind": lambda v: f"{v:.1f}"})


@figure("xor-network")
def xor_network(lang):
    """Hand-set and trained 2-2-1 XOR nets: decision regions in input space and the hidden-layer space."""
    setup()
    X, y = xor_truth_table()
    fig, axes = plt.subplots(2, 2, figsize=(8.4, 8.0))
    lim = (-0.5, 1.5)
    # (a) hand-set ReLU net in input space, with the best linear classifier for comparison
    ax = axes[0, 0]
    _regions(ax, lambda P: xor_relu_net(P)[0], lim, 0.5)
    acc, w, b = best_linear_accuracy(X, y)
    xs = np.array(lim)
    ax.plot(xs, -(w[0] * xs + b) / w[1], color=COLORS[3], linestyle="--",
            label=t(lang, f"最好的直线：{acc:.0%}", f"best line: {acc:.0%}"))
    _points(ax, X, y)
    ax.set_title(t(lang, "手工设定（ReLU）：输入空间", "hand-set (ReLU): input space"))
    ax.text(-0.45, 1.42, "h₁ = ReLU(x₁ + x₂)\nh₂ = ReLU(x₁ + x₂ − 1)\ny = h₁ − 2h₂", fontsize=8, va="top",
            bbox=dict(facecolor="white", alpha=0.8, edgecolor="0.7"))
    handles, names = ax.get_legend_handles_labels()
    # (b) its hidden space: the four corners land on three points that a line separates
    ax = axes[0, 1]
    _, H = xor_relu_net(X)
    hx = np.array([-0.3, 2.3])
    ax.plot(hx, (hx - 0.5) / 2, color="0.2", linewidth=1.2)
    ax.text(1.75, 0.45, "h₁ − 2h₂ = 0.5", fontsize=8, rotation=20)
    _points(ax, H, y)
    for (h1, h2), txt in (((0, 0), "(0,0)"), ((1, 0), "(0,1), (1,0)"), ((2, 1), "(1,1)")):
        ax.annotate(txt, (h1, h2), xytext=(6, 8), textcoords="offset points", fontsize=8)
    ax.set_xlim(-0.3, 2.5)
    ax.set_ylim(-0.4, 1.4)
    ax.set_xticks([0, 1, 2])
    ax.set_yticks([0, 1])
    ax.set_xlabel("h₁")
    ax.set_ylabel("h₂")
    ax.set_title(t(lang, "手工设定：隐藏层空间", "hand-set: hidden-layer space"))
    # (c) a trained tanh 2-2-1 net in input space
    p = _trained_xor()
    ax = axes[1, 0]
    _regions(ax, lambda P: _tanh_net(p, P)[0], lim, 0.0)
    _points(ax, X, y)
    ax.set_title(t(lang, "训练得到（tanh）：输入空间", "trained (tanh): input space"))
    ax.text(-0.45, 1.42, f"W₁ = {_fmt(p['W1'])}\nb₁ = {_fmt(p['b1'])}\nw₂ = {_fmt(p['w2'])}, b₂ = {p['b2']:.1f}",
            fontsize=7, va="top", bbox=dict(facecolor="white", alpha=0.8, edgecolor="0.7"))
    # (d) its hidden space
    ax = axes[1, 1]
    _, H = _tanh_net(p, X)
    hx = np.array([-1.2, 1.2])
    ax.plot(hx, -(p["w2"][0] * hx + p["b2"]) / p["w2"][1], color="0.2", linewidth=1.2)
    ax.text(-0.55, 0.25, "w₂ · h + b₂ = 0", fontsize=8)
    _points(ax, H, y)
    for (h1, h2), txt in zip(H[[0, 1, 3]], ("(0,0)", "(0,1), (1,0)", "(1,1)")):
        ax.annotate(txt, (h1, h2), xytext=(6, -14), textcoords="offset points", fontsize=8)
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-1.2, 1.2)
    ax.set_xticks([-1, 0, 1])
    ax.set_yticks([-1, 0, 1])
    ax.set_xlabel("h₁ = tanh(·)")
    ax.set_ylabel("h₂ = tanh(·)")
    ax.set_title(t(lang, "训练得到：隐藏层空间", "trained: hidden-layer space"))
    for ax in axes[:, 0]:
        ax.set_xlim(*lim)
        ax.set_ylim(*lim)
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.set_aspect("equal")
    for ax in axes.flat:
        ax.grid(False)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.legend(handles, names, loc="lower center", ncol=3, fontsize=9)
    return fig
