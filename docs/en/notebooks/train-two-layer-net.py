# ---
# title: "Notebook: a two-layer network from scratch"
# description: Train a two-layer ReLU network on spiral data with the handbook's NumPy snippets - data, forward pass, loss, backward pass, gradient check, training loop and curves, executed at build time.
# ---

# %% [markdown]
# # A two-layer network from scratch { #two-layer-net-from-scratch }
#
# This notebook trains the network that [the NumPy two-layer net question](../backprop/numpy-two-layer-net.md)
# derives, using only the functions of the `snippets` package. It is executed every time the site is
# built: every number and figure below is what the code printed on that build, and every `assert`
# passed. Download it as a Jupyter notebook with the outputs ([`.ipynb`](train-two-layer-net.ipynb)) or
# as its source ([`.py`, jupytext percent format](train-two-layer-net.py)); run it from the repository
# root so that `import snippets` works.
#
# ## 1. Data { #data }
#
# Three interleaved spiral arms in 2-D: no straight line separates them, so a linear classifier is stuck
# near chance and the hidden layer has to earn its keep.

# %%
LANG = "en"  # labels of the figures
import numpy as np
import matplotlib.pyplot as plt

from snippets.data import make_spirals, train_val_split

rng = np.random.default_rng(0)
X, y = make_spirals(600, rng, classes=3, noise=0.2)
X_tr, y_tr, X_val, y_val = train_val_split(X, y, 0.25, rng)
print(f"train {X_tr.shape}, validation {X_val.shape}, classes {np.bincount(y_tr)}")

# %%
fig, ax = plt.subplots(figsize=(4.2, 4.2))
for c, marker in zip(range(3), "o^s"):
    ax.plot(*X_tr[y_tr == c].T, marker, markersize=3, linestyle="none", label=f"{c}")
ax.set_title("spiral data (training split)" if LANG == "en" else "螺旋数据（训练集）")
ax.set_aspect("equal")
ax.legend(title="y")

# %% [markdown]
# ## 2. Forward pass and the loss at initialisation { #forward }
#
# $\text{scores} = \mathrm{ReLU}(XW_1 + b_1)\,W_2 + b_2$, followed by the softmax cross-entropy. With small
# random weights all scores are close to 0, the softmax is close to uniform and the loss should be close
# to $\ln C = \ln 3 \approx 1.0986$: a one-line sanity check worth running before any training.

# %%
from snippets.losses import softmax_cross_entropy
from snippets.mlp import init_two_layer, two_layer_backward, two_layer_forward

D, H, C = 2, 64, 3
params = init_two_layer(D, H, C, rng, init="small")
scores, cache = two_layer_forward(X_tr, params["W1"], params["b1"], params["W2"], params["b2"])
loss, dscores = softmax_cross_entropy(scores, y_tr)
print(f"initial loss {loss:.4f}   ln 3 = {np.log(3):.4f}")
assert abs(loss - np.log(3)) < 1e-3

# %% [markdown]
# ## 3. Backward pass, checked by central differences { #gradient-check }
#
# `two_layer_backward` applies the chain rule layer by layer. Before trusting it, compare every gradient
# with a central difference $\frac{L(\theta+h) - L(\theta-h)}{2h}$ in float64 on a small batch. A
# relative error around $10^{-7}$ or below means the analytic gradient is right.

# %%
from snippets.gradcheck import numerical_gradient, relative_error

check = init_two_layer(D, 8, C, np.random.default_rng(1), init="kaiming", bias=0.1)
Xb, yb = X_tr[:16], y_tr[:16]

def batch_loss():
    s, _ = two_layer_forward(Xb, check["W1"], check["b1"], check["W2"], check["b2"])
    return softmax_cross_entropy(s, yb)[0]

s, cache_b = two_layer_forward(Xb, check["W1"], check["b1"], check["W2"], check["b2"])
analytic = two_layer_backward(softmax_cross_entropy(s, yb)[1], cache_b)
for name in ("W1", "b1", "W2", "b2"):
    err = relative_error(analytic[name], numerical_gradient(lambda _: batch_loss(), check[name]))
    print(f"{name}: relative error {err:.1e}")
    assert err < 1e-7

# %% [markdown]
# ## 4. Training loop { #training }
#
# `snippets.train.fit` runs mini-batch SGD with momentum: shuffle every epoch, forward, loss, backward,
# `optimizer.step`. It records the full-set training and validation loss and accuracy after every epoch
# and the loss of every update.

# %%
from snippets.optimizers import SGD
from snippets.train import PARAM_KEYS, fit, predict

params = init_two_layer(D, H, C, np.random.default_rng(2), init="kaiming")
optimizer = SGD([params[k] for k in PARAM_KEYS], lr=0.1, momentum=0.9)
history = fit(params, (X_tr, y_tr, X_val, y_val), optimizer=optimizer, epochs=150, batch_size=32,
              rng=np.random.default_rng(3))
print(f"train loss {history['train_loss'][0]:.3f} -> {history['train_loss'][-1]:.3f}")
print(f"validation accuracy {history['val_acc'][-1]:.3f}")
assert history["diverged_at_step"] is None and history["val_acc"][-1] > 0.9

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2))
ax1.plot(history["train_loss"], label="train" if LANG == "en" else "训练集")
ax1.plot(history["val_loss"], label="validation" if LANG == "en" else "验证集")
ax1.set_xlabel("epoch")
ax1.set_title("cross-entropy loss" if LANG == "en" else "交叉熵损失")
ax1.legend()
ax2.plot(history["train_acc"], label="train" if LANG == "en" else "训练集")
ax2.plot(history["val_acc"], label="validation" if LANG == "en" else "验证集")
ax2.set_xlabel("epoch")
ax2.set_title("accuracy" if LANG == "en" else "准确率")
fig.tight_layout()

# %% [markdown]
# ## 5. What the network learned { #decision-regions }
#
# Evaluate the trained network on a grid: the hidden layer's 64 ReLU units bend the decision boundary
# into spirals, which no linear model can do.

# %%
grid = np.linspace(-1.1, 1.1, 111)
gx, gy = np.meshgrid(grid, grid)
regions = predict(params, np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
fig, ax = plt.subplots(figsize=(4.2, 4.2))
ax.contourf(gx, gy, regions, levels=[-0.5, 0.5, 1.5, 2.5], alpha=0.25, colors=["#0072B2", "#D55E00", "#009E73"])
for c, marker in zip(range(3), "o^s"):
    ax.plot(*X_val[y_val == c].T, marker, markersize=3, linestyle="none")
ax.set_title("decision regions, validation points" if LANG == "en" else "决策区域与验证集样本")
ax.set_aspect("equal")
