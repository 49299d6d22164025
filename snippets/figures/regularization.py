"""Figures of the regularization chapter: real seeded runs of snippets.regularization.moons_experiment."""
import functools

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.collections import LineCollection
from matplotlib.patches import Polygon

from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t
from snippets.regularization import early_stopping, moons_experiment

PATIENCE, MIN_DELTA = 20, 1e-3  # the early-stopping rule drawn in the figures (and checked on the pages)
L1, L2, SGD_LR = 5e-3, 1e-2, 0.2  # the L1 / L2 runs (plain SGD, full batch)


@functools.lru_cache(maxsize=None)
def _run(**kwargs):
    """moons_experiment(**kwargs), once per process (both languages draw the same numbers)."""
    return moons_experiment(**kwargs)


def _epochs(hist):
    return np.arange(len(hist["val_loss"]))


@figure("overfitting-curves")
def overfitting_curves(lang):
    """Train vs validation loss and accuracy of the over-parameterised run (no regularization)."""
    setup()
    _, h = _run()
    ep = _epochs(h)
    best = int(np.argmin(h["val_loss"]))
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9.0, 3.6))
    a1.plot(ep, h["train_loss"], color=COLORS[0], label=t(lang, "训练集", "train"))
    a1.plot(ep, h["val_loss"], color=COLORS[1], label=t(lang, "验证集", "validation"))
    a1.axvline(best, color="0.4", linestyle=":", linewidth=1.0)
    a1.annotate(t(lang, f"验证损失最低\n（第 {best} 轮）", f"lowest validation loss\n(epoch {best})"),
                xy=(best, h["val_loss"][best]), xytext=(best + 45, 0.62), ha="center",
                arrowprops={"arrowstyle": "->", "color": "0.3"})
    a1.set_ylabel(t(lang, "交叉熵损失", "cross-entropy loss"))
    a1.set_ylim(0, max(h["val_loss"]) * 1.05)
    a2.plot(ep, h["train_acc"], color=COLORS[0], label=t(lang, "训练集", "train"))
    a2.plot(ep, h["val_acc"], color=COLORS[1], label=t(lang, "验证集", "validation"))
    a2.set_ylabel(t(lang, "准确率", "accuracy"))
    for ax in (a1, a2):
        ax.set_xlabel(t(lang, "轮次（epoch）", "epoch"))
        ax.legend(loc="center right")
    fig.tight_layout()
    return fig


@figure("early-stopping-point")
def early_stopping_point(lang):
    """Validation loss of the same run with the patience rule: best epoch, patience window, stop epoch."""
    setup()
    _, h = _run()
    v = np.asarray(h["val_loss"])
    stop, best = early_stopping(v, PATIENCE, MIN_DELTA)
    ep = _epochs(h)
    shown = ep <= min(len(v) - 1, stop + 40)
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    ax.plot(ep[shown], np.asarray(h["train_loss"])[shown], color=COLORS[0], linestyle="--", label=t(lang, "训练损失", "train loss"))
    ax.plot(ep[shown], v[shown], color=COLORS[1], marker="o", markersize=2.5, label=t(lang, "验证损失", "validation loss"))
    ax.axvspan(best, stop, color=COLORS[4], alpha=0.15, label=t(lang, f"耐心窗口（patience = {PATIENCE}）", f"patience window ({PATIENCE} epochs)"))
    ax.axhline(v[best] - MIN_DELTA, color="0.5", linestyle=":", linewidth=1.0)
    ax.plot([best], [v[best]], marker="*", markersize=13, color=COLORS[2], linestyle="none",
            label=t(lang, f"最佳轮次 {best}：恢复这份权重", f"best epoch {best}: restore these weights"))
    ax.axvline(stop, color=COLORS[3], linewidth=1.4, label=t(lang, f"第 {stop} 轮停止", f"stop at epoch {stop}"))
    ax.set_xlabel(t(lang, "轮次（epoch）", "epoch"))
    ax.set_ylabel(t(lang, "交叉熵损失", "cross-entropy loss"))
    ax.set_ylim(0, 1.0)
    ax.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return fig


@figure("dropout-network")
def dropout_network(lang):
    """A 4-6-6-2 network, complete and with a sampled dropout mask (p = 0.5 on the hidden layers)."""
    setup()
    sizes = [4, 6, 6, 2]
    rng = np.random.default_rng(3)
    keep = [np.ones(sizes[0], bool)] + [rng.random(n) >= 0.5 for n in sizes[1:-1]] + [np.ones(sizes[-1], bool)]
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.6))
    for ax, dropped, title in ((axes[0], False, t(lang, "完整网络（测试时）", "full network (test time)")),
                               (axes[1], True, t(lang, "一次训练前向：随机丢弃的单元", "one training pass: dropped units"))):
        pos = [np.column_stack([np.full(n, i), np.linspace(-(n - 1) / 2, (n - 1) / 2, n)]) for i, n in enumerate(sizes)]
        edges = [(a, b) for layer in range(len(sizes) - 1)
                 for i, a in enumerate(pos[layer]) for j, b in enumerate(pos[layer + 1])
                 if not dropped or (keep[layer][i] and keep[layer + 1][j])]
        ax.add_collection(LineCollection(edges, colors="0.55", linewidths=0.7, zorder=1))
        for layer, pts in enumerate(pos):
            for i, (x, y) in enumerate(pts):
                off = dropped and not keep[layer][i]
                ax.add_patch(plt.Circle((x, y), 0.22, facecolor="white" if off else COLORS[0],
                                        edgecolor="0.5" if off else COLORS[0], linestyle="--" if off else "-", zorder=2))
                if off:
                    ax.plot([x - 0.16, x + 0.16], [y - 0.16, y + 0.16], color=COLORS[1], linewidth=1.5, zorder=3)
                    ax.plot([x - 0.16, x + 0.16], [y + 0.16, y - 0.16], color=COLORS[1], linewidth=1.5, zorder=3)
        ax.set_title(title, fontsize=10)
        ax.set_xlim(-0.5, len(sizes) - 0.5)
        ax.set_ylim(-3.4, 3.4)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.tight_layout()
    return fig


@figure("dropout-validation-curves")
def dropout_validation_curves(lang):
    """Validation (and train) loss of the same net on the same data, without and with dropout p = 0.5."""
    setup()
    fig, ax = plt.subplots(figsize=(7.0, 3.8))
    for color, p in ((COLORS[1], 0.0), (COLORS[0], 0.5)):
        _, h = _run(dropout_p=p)
        ep = _epochs(h)
        name = t(lang, "无 dropout", "no dropout") if p == 0 else "dropout p = 0.5"
        ax.plot(ep, h["val_loss"], color=color, label=t(lang, f"{name}：验证", f"{name}: validation"))
        ax.plot(ep, h["train_loss"], color=color, linestyle="--", linewidth=1.2, label=t(lang, f"{name}：训练", f"{name}: train"))
    ax.set_xlabel(t(lang, "轮次（epoch）", "epoch"))
    ax.set_ylabel(t(lang, "交叉熵损失（评估模式）", "cross-entropy loss (eval mode)"))
    ax.set_ylim(0, None)
    ax.legend(loc="upper left", fontsize=9, ncol=2)
    fig.tight_layout()
    return fig


# The quadratic loss (w - w_star)^T A (w - w_star) of the geometry figure and the constraint size.
W_STAR, A_MAT, RADIUS = np.array([1.6, 0.55]), np.array([[1.0, 0.45], [0.45, 1.0]]), 1.0


def constrained_minimum(kind, n=20001):
    """argmin of the quadratic loss on the boundary of the L1 diamond or L2 circle of radius RADIUS.

    Brute force over n boundary points (the unconstrained minimum W_STAR lies outside both regions,
    so the constrained minimum is on the boundary). Returns (w (2,), loss value).
    """
    th = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    d = np.column_stack([np.cos(th), np.sin(th)])
    norm = np.abs(d).sum(axis=1) if kind == "l1" else np.ones(n)
    w = RADIUS * d / norm[:, None]
    r = w - W_STAR
    loss = np.einsum("ni,ij,nj->n", r, A_MAT, r)
    i = int(np.argmin(loss))
    return w[i], float(loss[i])


@figure("l1-l2-geometry")
def l1_l2_geometry(lang):
    """Loss contours touching the L1 diamond (at a corner: w1-axis) and the L2 circle (off the axes)."""
    setup()
    g = np.linspace(-1.6, 2.6, 85)
    G1, G2 = np.meshgrid(g, g)
    R1, R2 = G1 - W_STAR[0], G2 - W_STAR[1]
    Z = A_MAT[0, 0] * R1 ** 2 + 2 * A_MAT[0, 1] * R1 * R2 + A_MAT[1, 1] * R2 ** 2
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 4.0))
    for ax, kind, title in ((axes[0], "l1", t(lang, "L1：|w₁| + |w₂| ≤ t", "L1: |w₁| + |w₂| ≤ t")),
                            (axes[1], "l2", t(lang, "L2：w₁² + w₂² ≤ t²", "L2: w₁² + w₂² ≤ t²"))):
        w, level = constrained_minimum(kind)
        ax.contour(G1, G2, Z, levels=[level / 4, level, level * 2.2, level * 4], colors=[COLORS[0]] * 4,
                   linewidths=[0.8, 1.6, 0.8, 0.8])
        if kind == "l1":
            ax.add_patch(Polygon([[RADIUS, 0], [0, RADIUS], [-RADIUS, 0], [0, -RADIUS]], closed=True,
                                 facecolor=COLORS[4], alpha=0.35, edgecolor=COLORS[4]))
        else:
            ax.add_patch(plt.Circle((0, 0), RADIUS, facecolor=COLORS[4], alpha=0.35, edgecolor=COLORS[4]))
        ax.plot(*W_STAR, marker="x", color="0.2", markersize=8, linestyle="none")
        ax.annotate(r"$\hat w$", W_STAR, xytext=(6, 4), textcoords="offset points")
        ax.plot(*w, marker="o", color=COLORS[1], markersize=7)
        ax.annotate(f"({w[0]:.2f}, {w[1]:.2f})", w, xytext=(8, -22), textcoords="offset points",
                    color=COLORS[1])
        ax.axhline(0, color="0.3", linewidth=0.8)
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set_xlim(-1.6, 2.6)
        ax.set_ylim(-1.6, 2.2)
        ax.set_aspect("equal")
        ax.set_title(title)
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
    fig.tight_layout()
    return fig


def l1_l2_runs():
    """The two real runs of the histogram figure: proximal-L1 SGD and squared-L2 SGD (same data, same init)."""
    return {"l1": _run(optimizer="sgd", lr=SGD_LR, l1=L1, l1_mode="proximal"),
            "l2": _run(optimizer="sgd", lr=SGD_LR, l2=L2)}


@figure("l1-l2-weight-histograms")
def l1_l2_weight_histograms(lang):
    """Histograms of all weights (W1 and W2) after proximal-L1 and squared-L2 training, zeros counted."""
    setup()
    runs = l1_l2_runs()
    bins = np.linspace(-2.6, 2.6, 53)
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.6), sharey=True)
    for ax, (kind, (params, _)), color in zip(axes, runs.items(), (COLORS[1], COLORS[0])):
        w = np.concatenate([params["W1"].ravel(), params["W2"].ravel()])
        zeros = int(np.sum(w == 0.0))
        counts, _ = np.histogram(np.clip(w, bins[0], bins[-1]), bins=bins)
        ax.stairs(counts, bins, fill=True, color=color, alpha=0.85)
        if kind == "l1":
            title = t(lang, f"L1（近端 SGD，λ = {L1}）：{zeros}/{w.size} 个权重恰为 0",
                      f"L1 (proximal SGD, λ = {L1}): {zeros}/{w.size} weights exactly 0")
        else:
            title = t(lang, f"L2（λ = {L2}）：{zeros}/{w.size} 个恰为 0",
                      f"L2 (λ = {L2}): {zeros}/{w.size} exactly 0")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(t(lang, "权重值", "weight value"))
    axes[0].set_ylabel(t(lang, "权重个数", "number of weights"))
    fig.tight_layout()
    return fig
