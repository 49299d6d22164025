"""Weight penalties and their gradients, the L1 proximal step, a proximal-L1 SGD, and early stopping.

Conventions (as ``snippets.train.loss_and_grads`` and PyTorch's ``weight_decay``): the L2 penalty is
(lam / 2) * ||W||^2 so that its gradient is lam * W; the L1 penalty is lam * sum |W|.
"""
import numpy as np

from snippets.activations import softmax
from snippets.data import make_moons, train_val_split
from snippets.dropout import dropout_forward
from snippets.mlp import init_two_layer
from snippets.optimizers import SGD, Adam
from snippets.train import PARAM_KEYS, fit


def _lam(lam):
    if isinstance(lam, bool) or not isinstance(lam, (int, float, np.floating, np.integer)) or not lam >= 0:
        raise ValueError(f"lam must be a non-negative number, got {lam!r}")
    return float(lam)


def _weights(W):
    W = np.asarray(W)
    if not np.issubdtype(W.dtype, np.floating):
        raise TypeError(f"W must be a floating-point array, got dtype {W.dtype}")
    return W


# --8<-- [start:l1_penalty]
def l1_penalty(W, lam):
    """L1 penalty lam * sum|W| and its subgradient lam * sign(W) (0 at W = 0, as torch's sign).

    W any shape. Returns (penalty: float, grad: W's shape). The subgradient has the same size lam
    for every non-zero weight, however small: a constant pull toward 0.
    """
    W, lam = _weights(W), _lam(lam)
    return lam * float(np.abs(W).sum()), lam * np.sign(W)
# --8<-- [end:l1_penalty]


# --8<-- [start:l2_penalty]
def l2_penalty(W, lam):
    """Squared-L2 penalty (lam / 2) * ||W||^2 and its gradient lam * W.

    W any shape. Returns (penalty: float, grad: W's shape). The pull is proportional to the weight:
    strong on large weights, vanishing on small ones. Under SGD it is weight decay (1 - lr * lam).
    """
    W, lam = _weights(W), _lam(lam)
    return 0.5 * lam * float(np.sum(W * W)), lam * W
# --8<-- [end:l2_penalty]


# --8<-- [start:l2_norm_penalty]
def l2_norm_penalty(W, lam):
    """Plain (unsquared) L2-norm penalty lam * ||W|| and its gradient lam * W / ||W||.

    W any shape. Returns (penalty: float, grad: W's shape). The gradient has norm lam whatever the
    size of W, couples every weight through ||W||, and does not exist at W = 0; there we return the
    zero vector, the minimum-norm subgradient (the subdifferential is the ball of radius lam).
    """
    W, lam = _weights(W), _lam(lam)
    norm = float(np.sqrt(np.sum(W * W)))
    if norm == 0.0:
        return 0.0, np.zeros_like(W)
    return lam * norm, lam * W / norm
# --8<-- [end:l2_norm_penalty]


# --8<-- [start:soft_threshold]
def soft_threshold(W, threshold):
    """Proximal operator of threshold * |w|: sign(w) * max(|w| - threshold, 0), elementwise.

    W any shape, threshold >= 0 (for a gradient step of size lr on lam * sum|W|: threshold = lr * lam).
    Every weight with |w| <= threshold becomes EXACTLY 0; the others move threshold toward 0.
    """
    W, threshold = _weights(W), _lam(threshold)
    return np.sign(W) * np.maximum(np.abs(W) - threshold, 0.0)
# --8<-- [end:soft_threshold]


# --8<-- [start:ProximalL1SGD]
class ProximalL1SGD(SGD):
    """Proximal gradient descent for loss + l1 * sum|W| (ISTA): an SGD step on the smooth loss only,
    then soft_threshold(W, lr * l1) on the parameters flagged in ``penalize``.

    Unlike a subgradient step (which makes small weights oscillate around 0), this sets weights to
    exactly 0. Use it with snippets.train.fit(..., l1=0): the penalty lives here, not in the loss.
    """

    def __init__(self, params, lr, l1, penalize):
        super().__init__(params, lr)
        self.l1 = _lam(l1)
        if len(penalize) != len(self.params):
            raise ValueError(f"penalize must have one flag per param ({len(self.params)}), got {len(penalize)}")
        self.penalize = [bool(f) for f in penalize]

    def step(self, grads):
        super().step(grads)  # p <- p - lr * grad of the smooth part
        for p, flag in zip(self.params, self.penalize):
            if flag:
                p[...] = soft_threshold(p, self.lr * self.l1)  # in place: fit holds references
# --8<-- [end:ProximalL1SGD]


# --8<-- [start:early_stopping]
def early_stopping(val_losses, patience, min_delta=0.0):
    """Where patience-based early stopping stops on a sequence of validation losses (lower is better).

    val_losses (T,) one value per evaluation. An evaluation IMPROVES if loss < best - min_delta (then
    best and best_epoch are updated); after ``patience`` evaluations in a row without improvement,
    training stops. Returns (stop_epoch, best_epoch): indices into val_losses; stop_epoch is None if
    the patience never ran out. Restore the weights of best_epoch, not of stop_epoch (as Keras'
    EarlyStopping(patience, min_delta, restore_best_weights=True)).
    """
    v = np.asarray(val_losses, dtype=np.float64)
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"val_losses must be a non-empty 1-D sequence, got shape {v.shape}")
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
        raise ValueError(f"patience must be a positive int, got {patience!r}")
    if isinstance(min_delta, bool) or not isinstance(min_delta, (int, float, np.floating, np.integer)) or not min_delta >= 0:
        raise ValueError(f"min_delta must be a non-negative number, got {min_delta!r}")
    best, best_epoch, waited = np.inf, 0, 0
    for epoch, loss in enumerate(v):
        if loss < best - min_delta:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return None, best_epoch
# --8<-- [end:early_stopping]


# --8<-- [start:mc_dropout_predict]
def mc_dropout_predict(params, X, p, rng, samples=100):
    """Monte-Carlo dropout: average the softmax of ``samples`` stochastic passes of the two-layer net.

    params as snippets.train (W1 (D, H), b1, W2 (H, C), b2), X (N, D), dropout p on the hidden layer.
    Returns (mean_probs (N, C), std_probs (N, C)): the ensemble average over thinned subnetworks and
    its spread (an uncertainty estimate). The usual eval pass instead uses the one unmasked network.
    """
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValueError(f"samples must be a positive int, got {samples!r}")
    h = np.maximum(np.asarray(X) @ params["W1"] + params["b1"], 0)
    probs = np.stack([softmax(dropout_forward(h, p, rng)[0] @ params["W2"] + params["b2"], axis=1)
                      for _ in range(samples)])
    return probs.mean(axis=0), probs.std(axis=0)
# --8<-- [end:mc_dropout_predict]


# --8<-- [start:moons_experiment]
def moons_experiment(*, dropout_p=0.0, l1=0.0, l2=0.0, l1_mode="proximal", optimizer="adam", lr=0.01,
                     epochs=200, n_train=40, hidden=128, seed=0):
    """The chapter's seeded run: a 2 -> hidden -> 2 ReLU net on make_moons(400, noise=0.35), full batch.

    n_train points train (40 by default: ~640 parameters for 40 points, over-parameterised), the other
    400 - n_train validate. optimizer "adam" (Adam, lr) or "sgd" (plain SGD, lr). l2 is the squared-L2
    penalty (l2 / 2)||W||^2 on W1, W2; l1 is lam * sum|W| applied either by the subgradient in the loss
    (l1_mode="subgradient") or by a soft-threshold after each SGD step (l1_mode="proximal", SGD only).
    Returns (params, history) with history from snippets.train.fit.
    """
    if l1_mode not in ("proximal", "subgradient"):
        raise ValueError(f"l1_mode must be 'proximal' or 'subgradient', got {l1_mode!r}")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    if l1 and l1_mode == "proximal" and optimizer != "sgd":
        raise ValueError("l1_mode='proximal' needs optimizer='sgd' (ISTA is a proximal SGD step)")
    rng = np.random.default_rng(seed)
    X, y = make_moons(400, rng, noise=0.35)
    data = train_val_split(X, y, 1.0 - n_train / 400, rng)
    params = init_two_layer(2, hidden, 2, rng)
    plist = [params[k] for k in PARAM_KEYS]
    proximal = bool(l1) and l1_mode == "proximal"
    if proximal:
        opt = ProximalL1SGD(plist, lr=lr, l1=l1, penalize=[k.startswith("W") for k in PARAM_KEYS])
    elif optimizer == "sgd":
        opt = SGD(plist, lr=lr)
    else:
        opt = Adam(plist, lr=lr)
    hist = fit(params, data, optimizer=opt, epochs=epochs, batch_size=n_train, rng=rng, dropout_p=dropout_p,
               l1=0.0 if proximal else l1, l2=l2)
    return params, hist
# --8<-- [end:moons_experiment]
