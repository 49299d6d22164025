# ---
# title: "动手实践：从零训练两层网络"
# description: 只用本站的 NumPy 代码，在螺旋数据上训练一个两层 ReLU 网络：数据、前向传播、损失、反向传播、梯度检验、训练循环与曲线，构建网站时实际运行。
# ---

# %% [markdown]
# # 从零训练一个两层网络 { #two-layer-net-from-scratch }
#
# 本笔记本训练的正是[用 NumPy 实现两层网络](../backprop/numpy-two-layer-net.md)一题推导的那个网络，
# 只用到 `snippets` 包里的函数。每次构建网站时它都会被完整执行一遍：下面的每个数字、每张图都是那次构建时
# 代码的真实输出，每个 `assert` 都已通过。可以下载带输出的 Jupyter 笔记本（[`.ipynb`](train-two-layer-net.ipynb)）
# 或源文件（[`.py`，jupytext percent 格式](train-two-layer-net.py)），在仓库根目录下运行，这样 `import snippets` 才能找到。
#
# ## 1. 数据 { #data }
#
# 二维平面上三条相互缠绕的螺旋臂：任何一条直线都分不开它们，线性分类器只能停留在随机猜测附近，
# 隐藏层必须真正发挥作用。

# %%
LANG = "zh"  # 图中文字的语言
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
# ## 2. 前向传播与初始损失 { #forward }
#
# $\text{scores} = \mathrm{ReLU}(XW_1 + b_1)\,W_2 + b_2$，后接 softmax 交叉熵。权重很小时所有得分都接近 0，
# softmax 输出接近均匀分布，损失应当接近 $\ln C = \ln 3 \approx 1.0986$。这是训练之前值得先跑的一行自检。

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
# ## 3. 反向传播与数值梯度检验 { #gradient-check }
#
# `two_layer_backward` 逐层应用链式法则。在信任它之前，先在一个小批量上用 float64 的中心差分
# $\frac{L(\theta+h) - L(\theta-h)}{2h}$ 逐个核对梯度：相对误差在 $10^{-7}$ 量级或更小，说明解析梯度是对的。

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
# ## 4. 训练循环 { #training }
#
# `snippets.train.fit` 执行带动量的小批量 SGD：每个 epoch 重新打乱数据，然后前向、算损失、反向、
# `optimizer.step`。它在每个 epoch 结束后记录整个训练集和验证集上的损失与准确率，也记录每次更新的损失。

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
# ## 5. 网络学到了什么 { #decision-regions }
#
# 在网格上评估训练好的网络：隐藏层的 64 个 ReLU 单元把决策边界弯成了螺旋形，这是任何线性模型都做不到的。

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
