"""Figures of the deep-learning fundamentals chapter.

Experiments that the pages also quote live in module-level cached functions, so both languages
draw from one run and the pages' code fences can assert the same numbers.
"""
import functools

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch

from snippets.data import make_moons, make_spirals, train_val_split
from snippets.dimensionality import distance_ratio, knn_predict
from snippets.generative import fit_gaussian_classes, gaussian_log_joint, gaussian_posterior
from snippets.figures import figure
from snippets.figures._style import COLORS, setup, t
from snippets.activations import softmax
from snippets.linear_models import fit_softmax_regression, softmax_regression_accuracy
from snippets.losses import mse
from snippets.mlp import init_two_layer, two_layer_backward, two_layer_forward
from snippets.optimizers import Adam
from snippets.train import PARAM_KEYS, evaluate, fit
from snippets.training_process import fit_with_early_stopping

SCALING_SIZES = (12, 40, 120, 400, 1200)


# ---------------------------------------------------------------- data scaling: linear vs MLP
@functools.lru_cache(maxsize=None)
def data_scaling_experiment():
    """Validation accuracy on 3-arm spirals vs training-set size: softmax regression vs a 2-64-3 MLP.

    For each n in SCALING_SIZES: a fresh training set (seed n), softmax regression by 200 full-batch
    GD steps, and a 2-64-3 ReLU net trained with Adam(lr=0.03) for about 200 mini-batch updates.
    Both are scored on the same 900 held-out points. Returns {"n", "linear", "mlp"} tuples.
    """
    Xv, yv = make_spirals(900, np.random.default_rng(0), noise=0.2)
    linear, mlp = [], []
    for n in SCALING_SIZES:
        X, y = make_spirals(n, np.random.default_rng(n), noise=0.2)
        W, b = fit_softmax_regression(X, y, 3, steps=200)
        linear.append(softmax_regression_accuracy(W, b, Xv, yv))
        rng = np.random.default_rng(1)
        params = init_two_layer(2, 64, 3, rng)
        batch = 32
        epochs = max(1, 200 // -(-n // batch))
        fit(params, (X, y, X[:1], y[:1]), optimizer=Adam([params[k] for k in PARAM_KEYS], lr=3e-2),
            epochs=epochs, batch_size=batch, rng=rng)
        mlp.append(evaluate(params, Xv, yv)[1])
    return {"n": SCALING_SIZES, "linear": tuple(linear), "mlp": tuple(mlp)}


@figure("dl-vs-linear-data-scaling")
def dl_vs_linear_data_scaling(lang):
    """Held-out accuracy vs number of training points for softmax regression and a two-layer MLP."""
    setup()
    r = data_scaling_experiment()
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    ax.semilogx(r["n"], 100 * np.array(r["mlp"]), marker="o", color=COLORS[0],
                label=t(lang, "两层神经网络 2-64-3", "two-layer net 2-64-3"))
    ax.semilogx(r["n"], 100 * np.array(r["linear"]), marker="s", color=COLORS[1],
                label=t(lang, "softmax 回归（线性模型）", "softmax regression (linear)"))
    ax.axhline(100 / 3, color="0.5", linestyle=":", linewidth=1.0)
    ax.text(r["n"][0], 100 / 3 + 2, t(lang, "随机猜测", "chance"), color="0.4", fontsize=9, ha="left")
    ax.set_xticks(r["n"], [str(n) for n in r["n"]])
    ax.minorticks_off()
    ax.set_ylim(0, 105)
    ax.set_xlabel(t(lang, "训练样本数 n（对数轴）", "training points n (log scale)"))
    ax.set_ylabel(t(lang, "验证集准确率（%）", "validation accuracy (%)"))
    ax.legend(loc="lower right")
    return fig


# ---------------------------------------------------------------- universal approximation: fit sin(x)
SINE_WIDTHS = (3, 64)


@functools.lru_cache(maxsize=None)
def sine_fit_experiment():
    """Fit y = sin(x) on [-pi, pi] (101 points) with 1-H-1 ReLU nets, H in SINE_WIDTHS.

    Linear output + MSE (regression), full-batch Adam(lr=0.02) for 1000 steps from Kaiming init
    (seed 0). Returns {"x", "y", "fits": {H: prediction}, "max_error": {H: max |pred - y|}}.
    """
    x = np.linspace(-np.pi, np.pi, 101)[:, None]
    y = np.sin(x)
    keys = ("W1", "b1", "W2", "b2")
    fits, max_error = {}, {}
    for H in SINE_WIDTHS:
        params = init_two_layer(1, H, 1, np.random.default_rng(0))
        opt = Adam([params[k] for k in keys], lr=2e-2)
        for _ in range(1000):
            out, cache = two_layer_forward(x, *(params[k] for k in keys))
            _, dout = mse(out, y)
            grads = two_layer_backward(dout, cache)
            opt.step([grads[k] for k in keys])
        pred = two_layer_forward(x, *(params[k] for k in keys))[0]
        fits[H], max_error[H] = pred[:, 0], float(np.abs(pred - y).max())
    return {"x": x[:, 0], "y": y[:, 0], "fits": fits, "max_error": max_error}


@figure("relu-net-fits-sine")
def relu_net_fits_sine(lang):
    """sin(x) and the fits of one-hidden-layer ReLU nets with 3 and 64 hidden units."""
    setup()
    r = sine_fit_experiment()
    fig, ax = plt.subplots(figsize=(6.5, 3.4))
    ax.plot(r["x"], r["y"], color="0.6", linewidth=4.0, label="sin(x)")
    for color, H in zip((COLORS[1], COLORS[0]), SINE_WIDTHS):
        ax.plot(r["x"], r["fits"][H], color=color, linestyle="--" if H == SINE_WIDTHS[0] else "-",
                label=t(lang, f"H = {H} 个隐藏单元", f"H = {H} hidden units"))
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper left")
    return fig


# ---------------------------------------------------------------- diagrams
def _node(ax, xy, text, r=0.32, color=COLORS[0], fill="white", fontsize=13):
    ax.add_patch(Circle(xy, r, facecolor=fill, edgecolor=color, linewidth=1.8, zorder=3))
    ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=4)


def _arrow(ax, start, end, shrink_a, shrink_b, color="0.35", lw=1.2):
    """Arrow between two node centres, shortened by shrink_a / shrink_b points (the node radii)."""
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, color=color, linewidth=lw,
                                 shrinkA=shrink_a, shrinkB=shrink_b, zorder=2))


def _diagram_axes(figsize, xlim, ylim):
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


@figure("neuron-diagram")
def neuron_diagram(lang):
    """One artificial neuron: inputs x_i, weights w_i, weighted sum plus bias z, activation f, output a."""
    setup()
    fig, ax = _diagram_axes((7.6, 3.4), (-0.8, 8.4), (-1.25, 2.95))
    ys = (2.0, 1.0, 0.0)
    sum_xy, f_xy, out_xy = (3.6, 1.0), (5.6, 1.0), (7.5, 1.0)
    for i, y in enumerate(ys, 1):
        _node(ax, (0.0, y), f"$x_{i}$", color=COLORS[2])
        _arrow(ax, (0.0, y), sum_xy, 20, 29)
        # weight label on the arrow, a third of the way along
        lx, ly = 0.0 + 0.45 * (sum_xy[0] - 0.0), y + 0.45 * (sum_xy[1] - y)
        ax.text(lx, ly + 0.16, f"$w_{i}$", ha="center", va="bottom", fontsize=12, color=COLORS[1])
    _node(ax, sum_xy, r"$\Sigma$", r=0.45, fontsize=16)
    _node(ax, (3.6, 2.6), "$b$", r=0.26, color=COLORS[4], fontsize=12)
    _arrow(ax, (3.6, 2.6), sum_xy, 16, 29)
    ax.text(sum_xy[0], -0.05, r"$z=\sum_i w_i x_i + b$", ha="center", va="top", fontsize=11)
    _arrow(ax, sum_xy, f_xy, 28, 27)
    ax.text(4.6, 1.12, "$z$", ha="center", va="bottom", fontsize=12)
    ax.add_patch(plt.Rectangle((f_xy[0] - 0.42, f_xy[1] - 0.42), 0.84, 0.84, facecolor="white",
                               edgecolor=COLORS[3], linewidth=1.8, zorder=3))
    ax.text(*f_xy, "$f$", ha="center", va="center", fontsize=15, zorder=4)
    ax.text(f_xy[0], -0.05, "$a=f(z)$", ha="center", va="top", fontsize=11)
    _arrow(ax, f_xy, out_xy, 27, 21)
    _node(ax, out_xy, "$a$", color=COLORS[0])
    captions = ((0.0, t(lang, "输入", "inputs")), (1.6, t(lang, "权重", "weights")),
                (sum_xy[0], t(lang, "加权求和 + 偏置", "weighted sum + bias")),
                (f_xy[0], t(lang, "激活函数", "activation")), (out_xy[0], t(lang, "输出", "output")))
    for x, text in captions:
        ax.text(x, -1.0, text, ha="center", va="center", fontsize=10, color="0.3")
    return fig


@figure("neuron-bias-shift")
def neuron_bias_shift(lang):
    """a = sigmoid(w x + b) for w = 2 and three biases: the bias moves the threshold x = -b / w."""
    setup()
    from snippets.neuron import neuron_forward
    x = np.linspace(-4, 4, 161)
    w = np.array([2.0])
    fig, ax = plt.subplots(figsize=(6.5, 3.3))
    for color, b in zip((COLORS[1], COLORS[0], COLORS[2]), (-2.0, 0.0, 2.0)):
        a, _ = neuron_forward(x[:, None], w, b, "sigmoid")
        ax.plot(x, a, color=color, label=f"$b = {b:g}$")
        ax.plot([-b / 2.0], [0.5], marker="o", color=color, markersize=5)
    ax.axhline(0.5, color="0.5", linestyle=":", linewidth=1.0)
    ax.set_xlabel(t(lang, "输入 x（权重 w = 2）", "input x (weight w = 2)"))
    ax.set_ylabel(r"$a=\sigma(wx+b)$")
    ax.legend(loc="upper left")
    return fig


@figure("house-price-network")
def house_price_network(lang):
    """A 3-4-1 fully connected network for house prices: input, hidden and output layers, every edge a weight."""
    setup()
    fig, ax = _diagram_axes((7.6, 4.4), (-2.2, 8.2), (-2.35, 3.6))
    inputs = [t(lang, "卧室数", "bedrooms"), t(lang, "楼层数", "floors"), t(lang, "房龄", "age")]
    xs, hs, out = (0.0, 3.2, 6.4)
    in_y = (2.2, 1.0, -0.2)
    hid_y = (2.8, 1.6, 0.4, -0.8)
    out_y = 1.0
    # every input feeds every hidden unit, every hidden unit feeds the output
    for yi in in_y:
        for yh in hid_y:
            _arrow(ax, (xs, yi), (hs, yh), 20, 20, color="0.6", lw=0.9)
    for yh in hid_y:
        _arrow(ax, (hs, yh), (out, out_y), 20, 20, color="0.6", lw=0.9)
    # highlight one weight, from input 1 to hidden unit 1
    _arrow(ax, (xs, in_y[0]), (hs, hid_y[0]), 20, 20, color=COLORS[1], lw=1.8)
    ax.text(1.5, 2.75, "$w_{11}$", ha="center", va="bottom", fontsize=12, color=COLORS[1])
    for i, (y, name) in enumerate(zip(in_y, inputs), 1):
        _node(ax, (xs, y), f"$x_{i}$", color=COLORS[2], fontsize=12)
        ax.text(xs - 0.45, y, name, ha="right", va="center", fontsize=10)
    for j, y in enumerate(hid_y, 1):
        _node(ax, (hs, y), f"$h_{j}$", color=COLORS[0], fontsize=12)
    _node(ax, (out, out_y), r"$\hat y$", color=COLORS[3], fontsize=12)
    ax.text(out + 0.45, out_y, t(lang, "房价", "price"), ha="left", va="center", fontsize=10)
    for x, title, formula in ((xs, t(lang, "输入层", "input layer"), "$x$"),
                              (hs, t(lang, "隐藏层", "hidden layer"), r"$h=f(W_1x+b_1)$"),
                              (out, t(lang, "输出层", "output layer"), r"$\hat y=w_2^{\top}h+b_2$")):
        ax.text(x, 3.45, title, ha="center", va="center", fontsize=11, color="0.25")
        ax.text(x, -1.75, formula, ha="center", va="center", fontsize=11)
    return fig


# ---------------------------------------------------------------- training process: curves and early stopping
TRAIN_EPOCHS, PATIENCE = 200, 20


def _moons_setup():
    """80 train / 80 validation noisy moons, a 2-128-2 net (Kaiming init) and Adam(lr=0.01), all seeded."""
    rng = np.random.default_rng(0)
    X, y = make_moons(160, rng, noise=0.35)
    data = train_val_split(X, y, 0.5, rng)
    params = init_two_layer(2, 128, 2, rng)
    return data, params, Adam([params[k] for k in PARAM_KEYS], lr=1e-2), rng


@functools.lru_cache(maxsize=None)
def training_experiment():
    """The same seeded run twice: 200 epochs straight, and with early stopping (patience 20).

    Returns the full run's history ("full"), the early-stopping history ("early"), and the loss and
    accuracy of both final models on 1000 fresh test points ("test_full", "test_early").
    """
    X_test, y_test = make_moons(1000, np.random.default_rng(1), noise=0.35)
    data, params, opt, rng = _moons_setup()
    full = fit(params, data, optimizer=opt, epochs=TRAIN_EPOCHS, batch_size=16, rng=rng)
    test_full = evaluate(params, X_test, y_test)
    data, params, opt, rng = _moons_setup()
    early = fit_with_early_stopping(params, data, optimizer=opt, max_epochs=TRAIN_EPOCHS, patience=PATIENCE,
                                    batch_size=16, rng=rng)
    test_early = evaluate(params, X_test, y_test)
    return {"full": full, "early": early, "test_full": test_full, "test_early": test_early}


@figure("nn-training-curves")
def training_curves(lang):
    """Train and validation loss per epoch of a real run, with the early-stopping epoch marked."""
    setup()
    r = training_experiment()
    full, early = r["full"], r["early"]
    epochs = np.arange(len(full["train_loss"]))
    fig, ax = plt.subplots(figsize=(6.8, 3.6))
    ax.plot(epochs, full["train_loss"], color=COLORS[0], label=t(lang, "训练集损失", "training loss"))
    ax.plot(epochs, full["val_loss"], color=COLORS[1], label=t(lang, "验证集损失", "validation loss"))
    ax.axvline(early["best_epoch"], color=COLORS[2], linestyle="--", linewidth=1.2)
    ax.axvline(early["stopped_epoch"], color="0.5", linestyle=":", linewidth=1.2)
    top = max(full["val_loss"])
    ax.text(early["best_epoch"] + 2, 0.93 * top, t(lang, f"最佳：第 {early['best_epoch']} 轮", f"best: epoch {early['best_epoch']}"),
            color=COLORS[2], fontsize=9)
    ax.text(early["stopped_epoch"] + 2, 0.80 * top,
            t(lang, f"早停：第 {early['stopped_epoch']} 轮", f"stopped: epoch {early['stopped_epoch']}"), color="0.35", fontsize=9)
    ax.set_xlabel(t(lang, "轮次 epoch", "epoch"))
    ax.set_ylabel(t(lang, "交叉熵损失", "cross-entropy loss"))
    ax.set_ylim(0, 1.05 * top)
    ax.legend(loc="center right")
    return fig


# ---------------------------------------------------------------- curse of dimensionality
CURSE_DIMS = (2, 3, 5, 10, 20, 50, 100, 200, 500, 1000)
KNN_EXTRA_DIMS = (0, 2, 10, 50, 200)


@functools.lru_cache(maxsize=None)
def dimensionality_experiment():
    """Measured distance concentration and k-NN accuracy (seeded).

    "ratio_uniform": median over 50 queries of farthest / nearest distance to 500 uniform points in
    [0, 1]^d, for d in CURSE_DIMS; "ratio_plane": the same for 500 points of a random 2-D plane
    inside R^d (intrinsic dimension 2). "knn_acc": 5-NN validation accuracy on noisy moons (200
    training, 1000 validation points) after appending k pure-noise features (std 0.5), k in KNN_EXTRA_DIMS.
    """
    uniform, plane = [], []
    for d in CURSE_DIMS:
        rng = np.random.default_rng(d)
        uniform.append(float(np.median(distance_ratio(rng.random((500, d)), rng.random((50, d))))))
        A = rng.normal(size=(2, d))                       # a random linear embedding of the unit square
        plane.append(float(np.median(distance_ratio(rng.random((500, 2)) @ A, rng.random((50, 2)) @ A))))
    rng = np.random.default_rng(0)
    X, y = make_moons(200, rng, noise=0.2)
    X_val, y_val = make_moons(1000, rng, noise=0.2)
    knn = []
    for k in KNN_EXTRA_DIMS:
        A = np.hstack([X, 0.5 * rng.normal(size=(200, k))])
        A_val = np.hstack([X_val, 0.5 * rng.normal(size=(1000, k))])
        knn.append(float(np.mean(knn_predict(A, y, A_val, k=5) == y_val)))
    return {"dims": CURSE_DIMS, "ratio_uniform": tuple(uniform), "ratio_plane": tuple(plane),
            "extra_dims": KNN_EXTRA_DIMS, "knn_acc": tuple(knn)}


@figure("curse-of-dimensionality")
def curse_of_dimensionality(lang):
    """Two measurements vs dimension: farthest/nearest distance ratio, and k-NN accuracy with added noise dims."""
    setup()
    r = dimensionality_experiment()
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.4))
    ax = axes[0]
    ax.loglog(r["dims"], r["ratio_uniform"], marker="o", markersize=4, color=COLORS[0],
              label=t(lang, "超立方体内均匀分布", r"uniform in $[0,1]^d$"))
    ax.loglog(r["dims"], r["ratio_plane"], marker="s", markersize=4, color=COLORS[2],
              label=t(lang, "嵌在 d 维中的二维平面", r"on a 2-D plane in $\mathbb{R}^d$"))
    ax.axhline(1.0, color="0.5", linestyle=":", linewidth=1.0)
    ax.set_xlabel(t(lang, "维度 d", "dimension d"))
    ax.set_ylabel(r"$d_{\max}/d_{\min}$")
    ax.set_title(t(lang, "最远 / 最近邻距离之比", "farthest / nearest distance"))
    ax.legend(loc="center right", fontsize=8)
    ax.minorticks_off()
    ax = axes[1]
    ax.plot(range(len(r["extra_dims"])), 100 * np.array(r["knn_acc"]), marker="o", markersize=4, color=COLORS[0])
    ax.set_xticks(range(len(r["extra_dims"])), [str(k) for k in r["extra_dims"]])
    ax.axhline(50, color="0.5", linestyle=":", linewidth=1.0)
    ax.set_ylim(40, 100)
    ax.set_xlabel(t(lang, "附加的噪声维度数", "added noise dimensions"))
    ax.set_ylabel(t(lang, "验证集准确率（%）", "validation accuracy (%)"))
    ax.set_title(t(lang, "5-NN 分类（moons）", "5-NN on moons"))
    fig.subplots_adjust(wspace=0.3)  # bbox_inches='tight' crops the rest
    return fig


# ---------------------------------------------------------------- generative vs discriminative
@functools.lru_cache(maxsize=None)
def generative_experiment():
    """1-D two-class data (400 points, p(y=1) = 0.4, x | y ~ N(-1 or 1.5, 1)) fitted two ways.

    Generative: Gaussian class-conditionals with a shared variance (LDA), posterior by Bayes' rule.
    Discriminative: logistic regression (2-class softmax regression, 2000 GD steps) on the same data.
    Returns the data, the LDA model, and on a grid "x": "joint" pi_k p(x | k) (grid, 2),
    "posterior_lda" and "posterior_lr" p(y = 1 | x).
    """
    rng = np.random.default_rng(0)
    y = (rng.random(400) < 0.4).astype(np.int64)
    X = np.where(y[:, None] == 1, 1.5, -1.0) + rng.normal(size=(400, 1))
    model = fit_gaussian_classes(X, y)
    W, b = fit_softmax_regression(X, y, 2, steps=2000)
    x = np.linspace(-4.5, 5.0, 96)[:, None]
    return {"X": X, "y": y, "model": model, "W": W, "b": b, "x": x[:, 0],
            "joint": np.exp(gaussian_log_joint(x, model)),
            "posterior_lda": gaussian_posterior(x, model)[:, 1],
            "posterior_lr": softmax(x @ W + b, axis=1)[:, 1]}


@figure("generative-vs-discriminative")
def generative_vs_discriminative(lang):
    """Left: the generative view pi_k p(x | y = k); right: p(y = 1 | x) from Bayes' rule and from logistic regression."""
    setup()
    r = generative_experiment()
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.3))
    ax = axes[0]
    for k, color in ((0, COLORS[0]), (1, COLORS[1])):
        ax.plot(r["x"], r["joint"][:, k], color=color, label=f"$p(y={k})\\,p(x\\mid y={k})$")
    ax.plot(r["x"], r["joint"].sum(axis=1), color="0.4", linestyle="--", label="$p(x)$")
    ax.set_xlabel("x")
    ax.set_title(t(lang, "生成模型：学习 p(x, y)", "generative: learns p(x, y)"))
    ax.legend(loc="upper right", fontsize=8)
    ax = axes[1]
    ax.plot(r["x"], r["posterior_lda"], color=COLORS[2], label=t(lang, "由贝叶斯公式（LDA）", "via Bayes' rule (LDA)"))
    ax.plot(r["x"], r["posterior_lr"], color=COLORS[3], linestyle="--", label=t(lang, "逻辑回归直接拟合", "logistic regression"))
    sub = slice(0, 60)  # a few data points as ticks at 0 / 1
    ax.plot(r["X"][sub, 0], r["y"][sub], linestyle="none", marker="|", markersize=8, color="0.45")
    ax.set_xlabel("x")
    ax.set_title(t(lang, "判别模型：学习 p(y=1 | x)", "discriminative: learns p(y=1 | x)"))
    ax.legend(loc="center right", fontsize=8)
    fig.subplots_adjust(wspace=0.3)  # bbox_inches='tight' crops the rest
    return fig
