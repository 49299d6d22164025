"""Figures of the optimizers chapter: every path and curve is a real run of snippets.optimizers."""
import functools

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, NullFormatter

from snippets import optimizers as O
from snippets.activations import sigmoid
from snippets.surfaces import quadratic, rosenbrock, run_on_gradients, run_optimizer, sparse_logistic_data
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t

QUAD_H = np.diag([1.0, 20.0])  # condition number 20, GD is stable for lr < 2 / 20 = 0.1
QUAD_START = (-4.0, 1.0)
ROSEN_START = (-1.5, 2.0)

# (label, class, kwargs): lr tuned by hand per method on each surface, all other arguments torch defaults.
QUAD_RUNS = [
    ("SGD", O.SGD, {"lr": 0.09}),
    ("Momentum", O.SGD, {"lr": 0.03, "momentum": 0.8}),
    ("Nesterov", O.SGD, {"lr": 0.03, "momentum": 0.8, "nesterov": True}),
    ("Adagrad", O.Adagrad, {"lr": 0.5}),
    ("RMSprop", O.RMSprop, {"lr": 0.08}),
    ("Adam", O.Adam, {"lr": 0.3}),
]
QUAD_STEPS = 40
ROSEN_RUNS = [
    ("SGD", O.SGD, {"lr": 1e-3}),
    ("Momentum", O.SGD, {"lr": 2e-4, "momentum": 0.9}),
    ("Nesterov", O.SGD, {"lr": 2e-4, "momentum": 0.9, "nesterov": True}),
    ("Adagrad", O.Adagrad, {"lr": 0.5}),
    ("RMSprop", O.RMSprop, {"lr": 0.01}),
    ("Adam", O.Adam, {"lr": 0.05}),
]
ROSEN_STEPS = 2000


def _plain_log(ax, which="xy"):
    """Plain-number labels on log axes (mathtext labels like 10^-2 cost most of the drawing time)."""
    for name in which:
        axis = ax.xaxis if name == "x" else ax.yaxis
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(NullFormatter())


def _quad(theta):
    return quadratic(theta, QUAD_H)


@functools.lru_cache(maxsize=None)
def quad_paths():
    return {name: run_optimizer(cls, _quad, QUAD_START, QUAD_STEPS, **kw) for name, cls, kw in QUAD_RUNS}


@functools.lru_cache(maxsize=None)
def rosen_paths():
    return {name: run_optimizer(cls, rosenbrock, ROSEN_START, ROSEN_STEPS, **kw) for name, cls, kw in ROSEN_RUNS}


def _paths_figure(lang, surface, paths, runs, extent, levels, minimum, every):
    """Two panels over the loss contours: the SGD family (left) and the adaptive methods (right)."""
    setup()
    xs = np.linspace(extent[0], extent[1], 40)
    ys = np.linspace(extent[2], extent[3], 40)
    XX, YY = np.meshgrid(xs, ys)
    Z, _ = surface(np.stack([XX, YY], axis=-1))
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.9), sharey=True)
    titles = (t(lang, "SGD 与动量", "SGD and momentum"), t(lang, "自适应学习率", "adaptive learning rates"))
    for k, (ax, title) in enumerate(zip(axes, titles)):
        ax.contour(XX, YY, Z, levels=levels, colors="0.75", linewidths=0.6)
        for color, (name, _, _) in list(zip(COLORS, runs))[3 * k:3 * k + 3]:
            p = paths[name][::every]
            ax.plot(p[:, 0], p[:, 1], color=color, linewidth=1.3, marker="o" if every == 1 else None,
                    markersize=2.2, label=name)
        ax.plot(*minimum, marker="*", color="black", markersize=9, linestyle="none")
        ax.set_title(title)
        ax.grid(False)
        ax.set_xlim(extent[:2])
        ax.set_ylim(extent[2:])
        ax.set_xlabel(r"$\theta_1$")
        ax.legend(loc="lower left", fontsize=8.5)
    axes[0].set_ylabel(r"$\theta_2$")
    fig.subplots_adjust(wspace=0.22)
    return fig


@figure("optimizer-paths-quadratic")
def optimizer_paths_quadratic(lang):
    """40 steps of six optimizers on f = (θ1² + 20 θ2²) / 2 from (-4, 1)."""
    levels = np.array([0.1, 0.5, 2, 5, 10, 20])
    return _paths_figure(lang, _quad, quad_paths(), QUAD_RUNS, (-4.5, 1.0, -1.3, 1.3), levels, (0, 0), 1)


@figure("optimizer-paths-rosenbrock")
def optimizer_paths_rosenbrock(lang):
    """2000 steps of six optimizers on the Rosenbrock function from (-1.5, 2): paths and loss."""
    setup()
    paths = rosen_paths()
    xs, ys = np.linspace(-2.0, 1.6, 40), np.linspace(-0.6, 3.0, 40)
    XX, YY = np.meshgrid(xs, ys)
    Z, _ = rosenbrock(np.stack([XX, YY], axis=-1))
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9.6, 3.9))
    ax.contour(XX, YY, Z, levels=np.logspace(0, 3, 6), colors="0.75", linewidths=0.6)
    steps = np.unique(np.geomspace(1, ROSEN_STEPS + 1, 60).astype(int)) - 1  # log-spaced samples for the loss axis
    for color, (name, _, _) in zip(COLORS, ROSEN_RUNS):
        p = paths[name]
        ax.plot(p[::30, 0], p[::30, 1], color=color, linewidth=1.2)
        loss, _ = rosenbrock(p[steps])
        ax2.loglog(steps + 1, loss, color=color, label=name)
    ax.plot(1, 1, marker="*", color="black", markersize=9, linestyle="none")
    ax.plot(*ROSEN_START, marker="o", color="black", markersize=4, linestyle="none")
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    ax.grid(False)
    ax2.set_xlabel(t(lang, "步数 t + 1", "step t + 1"))
    ax2.set_ylabel(r"$f(\theta_t)$")
    ax2.set_ylim(1e-8, 1e3)  # Adam keeps going down to ~1e-28 (rounding level)
    _plain_log(ax2)
    ax2.legend(loc="lower left", fontsize=8.5)
    fig.subplots_adjust(wspace=0.22)
    return fig


RARE = {"n": 3000, "freqs": (0.5, 0.02), "w_true": (1.5, -1.5), "lr": 0.5}


@functools.lru_cache(maxsize=None)
def rare_feature_run():
    """Online logistic regression (one sample per step) with a frequent and a rare binary feature, Adagrad."""
    X, y = sparse_logistic_data(RARE["n"], RARE["freqs"], RARE["w_true"], np.random.default_rng(0))

    def grad(step, w):
        return (sigmoid(X[step] @ w) - y[step]) * X[step]

    _, g = run_on_gradients(O.Adagrad, grad, np.zeros(2), RARE["n"], lr=RARE["lr"])
    G = np.cumsum(g * g, axis=0)
    eff_lr = np.where(G > 0, RARE["lr"] / (np.sqrt(G) + 1e-10), np.nan)  # lr / (sqrt(G_t) + eps), once G_t > 0
    return eff_lr, np.cumsum(X, axis=0)


@figure("adagrad-rare-feature")
def adagrad_rare_feature(lang):
    """Adagrad's per-coordinate learning rate against the step and against the feature's occurrence count."""
    setup()
    eff_lr, counts = rare_feature_run()
    steps = np.arange(1, RARE["n"] + 1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.6, 3.6), sharey=True)
    names = (t(lang, "常见特征（50% 的样本）", "frequent feature (50% of samples)"),
             t(lang, "稀有特征（2% 的样本）", "rare feature (2% of samples)"))
    for j, (color, name) in enumerate(zip(COLORS, names)):
        idx = np.unique(np.geomspace(1, RARE["n"], 120).astype(int)) - 1
        ax1.loglog(steps[idx], eff_lr[idx, j], color=color, label=name)
        first = np.searchsorted(counts[:, j], np.arange(1, counts[-1, j] + 1))  # step of each occurrence
        k = np.unique(np.geomspace(1, len(first), 80).astype(int)) - 1
        ax2.loglog(k + 1, eff_lr[first[k], j], color=color, marker="o", markersize=2.5, label=name)
    ax1.axhline(RARE["lr"], color="0.3", linestyle="--", linewidth=1.0, label=t(lang, "SGD：所有坐标同一个 lr", "SGD: one lr for all"))
    ax1.set_xlabel(t(lang, "步数 t", "step t"))
    ax1.set_ylabel(r"$\mathrm{lr}/(\sqrt{G_{t,i}}+\epsilon)$")
    ax1.legend(fontsize=8.5, loc="lower left")
    ax2.set_xlabel(t(lang, "该特征出现的次数", "times the feature has appeared"))
    _plain_log(ax1)
    _plain_log(ax2)
    ax2.legend(fontsize=8.5, loc="lower left")
    fig.subplots_adjust(wspace=0.22)
    return fig


TRACK = {"n": 2000, "switch": 1000, "target": 2.0, "adagrad_lr": 0.1, "rmsprop_lr": 0.01}


@functools.lru_cache(maxsize=None)
def tracking_runs():
    """Noisy gradients of (theta - c_t)^2 / 2 whose target c_t jumps from 0 to 2 halfway."""
    noise = np.random.default_rng(0).normal(size=TRACK["n"])
    target = np.where(np.arange(TRACK["n"]) < TRACK["switch"], 0.0, TRACK["target"])

    def grad(step, theta):
        return theta - target[step] + noise[step]

    out = {}
    for name, cls, lr in (("Adagrad", O.Adagrad, TRACK["adagrad_lr"]), ("RMSprop", O.RMSprop, TRACK["rmsprop_lr"])):
        path, g = run_on_gradients(cls, grad, np.zeros(1), TRACK["n"], lr=lr)
        if name == "Adagrad":
            acc = np.cumsum(g[:, 0] ** 2)  # G_t = sum of g^2
            eff = lr / (np.sqrt(acc) + 1e-10)
        else:
            acc = np.zeros(len(g))  # v_t = alpha v_{t-1} + (1 - alpha) g_t^2, alpha = 0.99 (torch default)
            v = 0.0
            for k, gk in enumerate(g[:, 0]):
                v = 0.99 * v + 0.01 * gk * gk
                acc[k] = v
            eff = lr / (np.sqrt(acc) + 1e-8)
        out[name] = (path[1:, 0], eff)
    return target, out


@figure("rmsprop-vs-adagrad")
def rmsprop_vs_adagrad(lang):
    """A target that moves halfway: Adagrad's step has decayed, RMSprop's has not."""
    setup()
    target, runs = tracking_runs()
    steps = np.arange(1, TRACK["n"] + 1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.6, 3.6))
    ax1.plot(steps, target, color="0.3", linestyle=":", linewidth=1.2, label=t(lang, "最优点 c_t", "optimum c_t"))
    for color, (name, (theta, eff)) in zip(COLORS, runs.items()):
        ax1.plot(steps[::5], theta[::5], color=color, linewidth=1.2, label=name)
        ax2.semilogy(steps[::5], eff[::5], color=color, label=name)
    ax1.set_xlabel(t(lang, "步数 t", "step t"))
    ax1.set_ylabel(r"$\theta_t$")
    ax1.legend(fontsize=8.5, loc="upper left")
    ax2.set_xlabel(t(lang, "步数 t", "step t"))
    ax2.set_ylabel(t(lang, "有效学习率", "effective learning rate"))
    _plain_log(ax2, "y")
    ax2.legend(fontsize=8.5)
    fig.subplots_adjust(wspace=0.22)
    return fig


@functools.lru_cache(maxsize=None)
def bias_correction_run(steps=1000):
    """Adam (torch defaults) fed noisy gradients g_t ~ N(1, 0.3^2); its raw and corrected moments."""
    g = 1.0 + 0.3 * np.random.default_rng(0).normal(size=steps)
    theta = np.zeros(1)
    opt = O.Adam([theta], lr=1e-3)
    rows = []
    for k in range(steps):
        before = theta[0]
        opt.step([g[k:k + 1]])
        m, v, tt = opt.m[0][0], opt.v[0][0], opt.t
        m_hat = m / (1 - 0.9 ** tt)
        rows.append((m, m_hat, abs(theta[0] - before) / opt.lr, m / (np.sqrt(v) + 1e-8)))
    return g, np.array(rows)


@figure("adam-bias-correction")
def adam_bias_correction(lang):
    """Raw m_t vs m_hat_t over the first steps, and the step size with and without bias correction."""
    setup()
    g, rows = bias_correction_run()
    steps = np.arange(1, len(g) + 1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9.6, 3.6))
    k = 40
    ax1.plot(steps[:k], g[:k], color="0.6", marker="o", markersize=2.5, linewidth=0.8, label=r"$g_t$")
    ax1.plot(steps[:k], rows[:k, 0], color=COLORS[1], label=r"$m_t$")
    ax1.plot(steps[:k], rows[:k, 1], color=COLORS[0], label=r"$\hat m_t = m_t/(1-\beta_1^t)$")
    ax1.set_xlabel(t(lang, "步数 t", "step t"))
    ax1.legend(fontsize=8.5, loc="lower right")
    idx = np.unique(np.geomspace(1, len(g), 80).astype(int)) - 1
    ax2.semilogx(steps[idx], rows[idx, 2], color=COLORS[0], label=r"Adam: $\hat m_t/(\sqrt{\hat v_t}+\epsilon)$")
    ax2.semilogx(steps[idx], rows[idx, 3], color=COLORS[1], linestyle="--",
                 label=r"$m_t/(\sqrt{v_t}+\epsilon)$")
    ax2.set_xlabel(t(lang, "步数 t", "step t"))
    ax2.set_ylabel(r"$|\Delta\theta_t|\,/\,\mathrm{lr}$")
    _plain_log(ax2, "x")
    ax2.legend(fontsize=8.5)
    fig.subplots_adjust(wspace=0.22)
    return fig


DECAY = {"n": 3000, "lr": 1e-3, "weight_decay": 1.0, "noise": (10.0, 0.01)}


@functools.lru_cache(maxsize=None)
def decay_runs():
    """Two weights starting at 1: one with large noisy data gradients, one with almost none."""
    noise = np.random.default_rng(0).normal(size=(DECAY["n"], 2)) * np.array(DECAY["noise"])

    def grad(step, theta):
        return noise[step]  # zero-mean data gradient: only the decay pulls the weights to 0

    kw = {"lr": DECAY["lr"], "weight_decay": DECAY["weight_decay"]}
    return {name: run_on_gradients(cls, grad, np.ones(2), DECAY["n"], **kw)[0] for name, cls in
            (("Adam + L2", O.Adam), ("AdamW", O.AdamW))}


@figure("adamw-vs-adam-l2")
def adamw_vs_adam_l2(lang):
    """|theta_t| of a weight with large gradients and one with tiny gradients, Adam + L2 vs AdamW."""
    setup()
    runs = decay_runs()
    steps = np.arange(DECAY["n"] + 1)
    fig, ax = plt.subplots(figsize=(9.0, 3.6))
    names = (t(lang, "梯度大（σ = 10）", "large gradients (σ = 10)"),
             t(lang, "梯度小（σ = 0.01）", "tiny gradients (σ = 0.01)"))
    for color, (opt_name, path) in zip(COLORS, runs.items()):
        for j, (style, name) in enumerate(zip(("-", "--"), names)):
            ax.plot(steps[::10], path[::10, j], color=color, linestyle=style, label=f"{opt_name} · {name}")
    ax.plot(steps[::10], (1 - DECAY["lr"] * DECAY["weight_decay"]) ** steps[::10], color="0.3", linestyle=":",
            linewidth=1.0, label=r"$(1-\mathrm{lr}\cdot\lambda)^t$")
    ax.set_xlabel(t(lang, "步数 t", "step t"))
    ax.set_ylabel(r"$\theta_t$")
    ax.legend(fontsize=8.5, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.subplots_adjust(wspace=0.22)
    return fig
