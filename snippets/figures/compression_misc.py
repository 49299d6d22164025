"""Figures of the compression / distributed training / misc chapter.

Experiments that the pages also quote (pruning, async SGD) live in snippets/compression_experiments.py
as cached functions, so both languages draw from one run and the pages' code fences assert the same numbers.
"""
import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle
from matplotlib.ticker import LogLocator, NullFormatter, NullLocator

from snippets.compression import distillation_loss, softmax_with_temperature
from snippets.compression_experiments import (STALENESS_LR, TIMELINE_WORKERS, pruning_experiment, staleness_runs,
                                              timeline_runs)
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t
from snippets.second_order import gradient_descent, newton_method, quadratic


def _sparse_log_ticks(axis, numticks=5):
    """A few labelled decades and no minor ticks: far less text to lay out (faster, smaller SVG)."""
    axis.set_major_locator(LogLocator(numticks=numticks))
    axis.set_minor_locator(NullLocator())
    axis.set_minor_formatter(NullFormatter())


@figure("pruning-accuracy-vs-sparsity")
def pruning_accuracy_vs_sparsity(lang):
    """Validation accuracy of a pruned spirals net vs sparsity: global vs layer-wise, with/without fine-tuning."""
    setup()
    r = pruning_experiment()
    s = 100 * np.array(r["sparsity"])
    fig, ax = plt.subplots(figsize=(7.0, 4.0))
    for color, scope, name in ((COLORS[0], "global", t(lang, "全局", "global")),
                               (COLORS[1], "layer", t(lang, "逐层", "layer-wise"))):
        ax.plot(s, 100 * np.array(r[f"{scope}_oneshot"]), color=color, linestyle="--", marker="o", markersize=4,
                label=t(lang, f"{name}剪枝，不微调", f"{name}, pruned only"))
        ax.plot(s, 100 * np.array(r[f"{scope}_finetuned"]), color=color, marker="s", markersize=4,
                label=t(lang, f"{name}剪枝 + 微调 5 轮", f"{name}, pruned + 5 epochs fine-tuning"))
    ax.axhline(100 / 3, color="0.5", linestyle=":", linewidth=1.0)
    ax.text(40, 100 / 3 - 4, t(lang, "随机猜测", "chance"), color="0.4", fontsize=9, ha="center")
    ax.set_xlabel(t(lang, "稀疏度：被置零的权重比例（%）", "sparsity: share of weights set to zero (%)"))
    ax.set_ylabel(t(lang, "验证集准确率（%）", "validation accuracy (%)"))
    ax.set_ylim(20, 102)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 0.2), fontsize=8.5)
    fig.subplots_adjust(wspace=0.3, hspace=0.45)
    return fig


@figure("distillation-soft-targets")
def distillation_soft_targets(lang):
    """softmax(z / T) of one teacher output at several temperatures, and the KD gradient scale vs T."""
    setup()
    classes = [t(lang, "猫", "cat"), t(lang, "老虎", "tiger"), t(lang, "狗", "dog"),
               t(lang, "汽车", "car"), t(lang, "卡车", "truck")]
    z = np.array([9.0, 6.0, 5.0, -1.0, -2.0])
    temps = (1.0, 2.0, 5.0, 10.0)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.8), gridspec_kw={"width_ratios": [1.4, 1]})
    width = 0.8 / len(temps)
    for i, T in enumerate(temps):
        ax.bar(np.arange(5) + (i - 1.5) * width, softmax_with_temperature(z, T), width, color=COLORS[i], label=f"T = {T:g}")
    ax.set_xticks(np.arange(5), classes)
    ax.set_ylabel(t(lang, "教师的软目标概率", "teacher's soft-target probability"))
    ax.set_title("z = (9, 6, 5, −1, −2)", fontsize=10)
    ax.legend()
    # Gradient norm of the soft term w.r.t. the student's logits, with and without the T^2 factor.
    rng = np.random.default_rng(0)
    s, tz = rng.normal(size=(64, 10)), 3 * rng.normal(size=(64, 10))
    y = rng.integers(0, 10, size=64)
    Ts = np.geomspace(1, 30, 25)
    scaled = np.array([np.linalg.norm(distillation_loss(s, tz, y, T, alpha=1.0)[1]) for T in Ts])
    ax2.loglog(Ts, scaled, color=COLORS[0], label=t(lang, "乘 T²（Hinton 等）", "with T² (Hinton et al.)"))
    ax2.loglog(Ts, scaled / Ts ** 2, color=COLORS[1], linestyle="--", label=t(lang, "不乘 T²", "without T²"))
    ax2.set_xlabel(t(lang, "温度 T", "temperature T"))
    _sparse_log_ticks(ax2.xaxis)
    _sparse_log_ticks(ax2.yaxis)
    ax2.set_ylabel(t(lang, "软目标项的梯度范数", "soft-term gradient norm"))
    ax2.legend(fontsize=8.5)
    fig.subplots_adjust(wspace=0.3, hspace=0.45)
    return fig


@figure("sgd-sync-async-timeline")
def sgd_sync_async_timeline(lang):
    """Gantt chart of 4 workers: synchronous rounds with idle time vs asynchronous updates with staleness."""
    setup()
    sync, asyn, horizon = timeline_runs()
    fig, axes = plt.subplots(2, 1, figsize=(8.5, 4.6), sharex=True)
    W = len(TIMELINE_WORKERS)
    ax = axes[0]
    for w, start, end in sync["events"]:
        if start >= horizon:
            continue
        ax.add_patch(Rectangle((start, w - 0.35), end - start, 0.7, color=COLORS[0], ec="white", lw=0.8))
    for k, (a, b) in enumerate(zip(sync["time"][:-1], sync["time"][1:])):
        if a >= horizon:
            break
        for w, start, end in sync["events"][k * W:(k + 1) * W]:
            ax.add_patch(Rectangle((end, w - 0.35), b - end, 0.7, facecolor="none", edgecolor="0.6", hatch="///", linewidth=0))
        ax.axvline(b, color=COLORS[1], linewidth=1.5)
    n_sync = int(np.sum(sync["time"][1:] <= horizon))
    ax.set_title(t(lang, f"同步：{n_sync} 次更新（斜线 = 空等）", f"synchronous: {n_sync} updates (hatched = idle)"), fontsize=10)
    ax = axes[1]
    for w, start, end, tau in asyn["events"]:
        if start >= horizon:
            continue
        ax.add_patch(Rectangle((start, w - 0.35), min(end, horizon) - start, 0.7, color=COLORS[2], ec="white", lw=0.8))
        if end <= horizon:
            ax.text(end - 0.05, w, str(tau), ha="right", va="center", fontsize=8, color="white")
    n_async = int(np.sum(asyn["time"][1:] <= horizon))
    ax.set_title(t(lang, f"异步：{n_async} 次更新（数字 = 陈旧度）", f"asynchronous: {n_async} updates (number = staleness)"), fontsize=10)
    for ax in axes:
        ax.set_ylim(-0.6, W - 0.4)
        ax.set_yticks(range(W), [f"worker {w + 1}" for w in range(W)])
        ax.grid(False)
        ax.invert_yaxis()
    axes[1].set_xlim(0, horizon)
    axes[1].set_xlabel(t(lang, "墙钟时间", "wall-clock time"))
    fig.subplots_adjust(wspace=0.3, hspace=0.45)
    return fig


@figure("sgd-staleness-effect")
def sgd_staleness_effect(lang):
    """Left: delayed gradient descent diverges as the delay grows; right: sync vs async SGD over wall-clock time."""
    setup()
    delayed, runs = staleness_runs()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.8))
    for color, (d, xs) in zip(COLORS, delayed.items()):
        ax.semilogy(xs, color=color, label=f"τ = {d}")
    ax.set_ylim(1e-8, 1e3)
    _sparse_log_ticks(ax.yaxis)
    ax.set_xlabel(t(lang, "更新次数", "updates"))
    ax.set_ylabel("|x|")
    ax.set_title(f"f = x²/2, lr = {STALENESS_LR}", fontsize=10)
    ax.legend(fontsize=8.5)
    for color, (kind, lr, time, loss, stale) in zip((COLORS[0], COLORS[2], COLORS[1]), runs):
        label = t(lang, "同步" if kind == "sync" else "异步", kind) + f", lr = {lr:g}"
        ax2.semilogy(time, loss, color=color, label=label, drawstyle="steps-post" if kind == "sync" else "default")
    ax2.set_ylim(1e-3, 1e4)
    _sparse_log_ticks(ax2.yaxis)
    ax2.set_xlabel(t(lang, "墙钟时间", "wall-clock time"))
    ax2.set_ylabel(t(lang, "损失", "loss"))
    ax2.legend(fontsize=8)
    fig.subplots_adjust(wspace=0.3, hspace=0.45)
    return fig


NEWTON_KAPPA = 10.0


@figure("newton-vs-gd-quadratic")
def newton_vs_gd_quadratic(lang):
    """An ill-conditioned quadratic: GD zig-zags, Newton lands on the minimum in one step; GD's rate vs kappa."""
    setup()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9.0, 3.9))
    c, s = np.cos(np.pi / 6), np.sin(np.pi / 6)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag([1.0, NEWTON_KAPPA]) @ R.T
    b = np.zeros(2)
    grad = lambda x: quadratic(x, A, b)[1]  # noqa: E731
    x0 = np.array([-2.0, 1.6])
    gd = gradient_descent(grad, x0, 1.8 / NEWTON_KAPPA, 25)
    nt = newton_method(grad, lambda x: A, x0, 1)
    u = np.linspace(-2.6, 2.6, 91)
    U, V = np.meshgrid(u, u)
    P = np.stack([U.ravel(), V.ravel()], axis=1)
    F = 0.5 * np.einsum("ni,ij,nj->n", P, A, P).reshape(U.shape)
    ax.contour(U, V, F, levels=np.geomspace(0.05, 30, 12), colors="0.75", linewidths=0.8)
    ax.plot(gd[:, 0], gd[:, 1], color=COLORS[0], marker="o", markersize=3,
            label=t(lang, "梯度下降", "gradient descent"))
    ax.plot(nt[:, 0], nt[:, 1], color=COLORS[1], marker="s", markersize=5, label=t(lang, "牛顿法", "Newton"))
    ax.plot(0, 0, marker="*", color="k", markersize=10)
    ax.set_aspect("equal")
    ax.set_title(f"κ = {NEWTON_KAPPA:g}", fontsize=10)
    ax.legend(loc="lower right", fontsize=8.5)
    for color, kappa in zip(COLORS, (2.0, 10.0, 100.0)):
        Ak = np.diag([1.0, kappa])
        xs = gradient_descent(lambda x: Ak @ x, np.array([1.0, 1.0]), 2.0 / (1.0 + kappa), 60)
        ax2.semilogy(0.5 * np.einsum("ni,ij,nj->n", xs, Ak, xs), color=color,
                     label=t(lang, f"梯度下降 κ = {kappa:g}", f"GD κ = {kappa:g}"))
    A100 = np.diag([1.0, 100.0])
    nt100 = newton_method(lambda x: A100 @ x, lambda x: A100, np.array([1.0, 1.0]), 3)
    f_nt = 0.5 * np.einsum("ni,ij,nj->n", nt100, A100, nt100)
    # Newton lands exactly on the minimum (f = 0): drawn at the bottom edge of the log axis.
    ax2.semilogy(np.arange(4), np.maximum(f_nt, 1e-12), color=COLORS[3], marker="s", clip_on=False,
                 label=t(lang, "牛顿法（任意 κ）", "Newton (any κ)"))
    ax2.set_ylim(1e-12, 1e3)
    ax2.set_yticks([1e-12, 1e-8, 1e-4, 1e0])
    ax2.yaxis.set_minor_locator(NullLocator())
    ax2.set_xlabel(t(lang, "迭代次数", "iteration"))
    ax2.set_ylabel("f(x) − f(x*)")
    ax2.legend(fontsize=8.5)
    fig.subplots_adjust(wspace=0.3, hspace=0.45)
    return fig


@figure("weight-sharing-conv-vs-dense")
def weight_sharing_conv_vs_dense(lang):
    """Connections of a 1-D convolution (3 shared weights) vs a dense layer, and parameter counts vs input size."""
    setup()
    fig, axes = plt.subplots(1, 3, figsize=(10.0, 3.6), gridspec_kw={"width_ratios": [1, 1, 1.2]})
    L, K = 8, 3
    P = L - K + 1
    for ax, kind in zip(axes[:2], ("conv", "dense")):
        ax.scatter(np.arange(L), np.zeros(L), s=60, color="0.3", zorder=3)
        xo = np.arange(P) + (K - 1) / 2
        ax.scatter(xo, np.ones(P), s=60, color="0.3", zorder=3)
        for i in range(P):
            for j in range(L):
                if kind == "conv" and i <= j < i + K:
                    ax.plot([j, xo[i]], [0, 1], color=COLORS[j - i], linewidth=2.0,
                            label=f"$w_{j - i + 1}$" if i == 0 else None)
                elif kind == "dense":
                    ax.plot([j, xo[i]], [0, 1], color="0.55", linewidth=0.6)
        ax.set_xlim(-0.5, L - 0.5)
        ax.set_ylim(-0.3, 1.3)
        ax.axis("off")
    axes[0].legend(loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=3, fontsize=9, handlelength=1.2)
    axes[0].set_title(t(lang, "卷积：3 个共享权重", "conv: 3 shared weights"), fontsize=10)
    axes[1].set_title(t(lang, f"全连接：{L * P} 个权重", f"dense: {L * P} weights"), fontsize=10)
    n = np.array([8, 16, 32, 64, 128, 224])
    out = n - 2  # 3x3 kernel, valid padding: (n-2) x (n-2) outputs
    ax = axes[2]
    ax.loglog(n, np.full(n.shape, 3 * 3 + 1), color=COLORS[0], marker="o", markersize=4,
              label=t(lang, "3×3 卷积", "3×3 conv"))
    ax.loglog(n, out ** 2 * (9 + 1), color=COLORS[2], marker="o", markersize=4,
              label=t(lang, "局部连接", "locally connected"))
    ax.loglog(n, n ** 2 * out ** 2 + out ** 2, color=COLORS[1], marker="o", markersize=4,
              label=t(lang, "全连接", "dense"))
    ax.set_xlabel(t(lang, "输入边长 n", "input side n"))
    ax.set_xticks([8, 32, 128], ["8", "32", "128"])
    ax.xaxis.set_minor_locator(NullLocator())
    _sparse_log_ticks(ax.yaxis)
    ax.set_ylabel(t(lang, "参数量", "parameters"))
    ax.legend(fontsize=8)
    fig.subplots_adjust(wspace=0.3, hspace=0.45)
    return fig


@figure("hessian-curvature")
def hessian_curvature(lang):
    """Contours of three quadratics with their Hessian eigenvectors: a minimum, an ill-conditioned valley, a saddle."""
    setup()
    cases = [(np.diag([2.0, 2.0]), t(lang, "极小值", "minimum")),
             (np.diag([0.2, 4.0]), t(lang, "极小值，κ = 20", "minimum, κ = 20")),
             (np.diag([2.0, -2.0]), t(lang, "鞍点", "saddle"))]
    fig, axes = plt.subplots(1, 3, figsize=(10.0, 3.5))
    u = np.linspace(-2, 2, 81)
    U, V = np.meshgrid(u, u)
    for ax, (H, title) in zip(axes, cases):
        F = 0.5 * (H[0, 0] * U ** 2 + H[1, 1] * V ** 2)
        levels = np.geomspace(0.1, 4.0, 6)  # geometric levels: the inner ellipses stay visible
        levels = np.concatenate([-levels[::-1], levels]) if np.any(np.diag(H) < 0) else levels
        ax.contour(U, V, F, levels=levels, colors="0.6", linewidths=0.8)
        lam, vecs = np.linalg.eigh(H)
        for color, l, v in zip((COLORS[1], COLORS[0]), lam, vecs.T):
            v = v * np.sign(v.sum())  # arrows point right / up
            ax.annotate("", xy=1.5 * v, xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": color, "lw": 2})
            offset = np.array([0.12, -0.05]) if abs(v[1]) > abs(v[0]) else np.array([-0.2, -0.35])
            ax.text(*(1.5 * v + offset), f"λ = {l:g}".replace("-", "−"), color=color, fontsize=9,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.subplots_adjust(wspace=0.3, hspace=0.45)
    return fig
