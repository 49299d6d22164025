"""Optimizers with the argument names, defaults and update rules of ``torch.optim``.

Each takes ``params``, a list of float arrays that ``step(grads)`` updates IN PLACE (grads in the
same order and shapes). ``lr`` is a plain attribute, so a schedule can change it between steps.
Per-parameter state (momentum buffers, moment estimates) lives in lists aligned with ``params``.
"""
import numpy as np


class _Optimizer:
    def __init__(self, params, lr):
        if not isinstance(params, (list, tuple)) or not params:
            raise TypeError("params must be a non-empty list of np.ndarray")
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise TypeError(f"params[{i}] must be a floating-point np.ndarray, got {type(p).__name__}")
        self.params = list(params)
        self.lr = _non_negative("lr", lr)
        self.t = 0  # number of steps taken

    def _grads(self, grads):
        if len(grads) != len(self.params):
            raise ValueError(f"grads must have one array per param ({len(self.params)}), got {len(grads)}")
        for i, (p, g) in enumerate(zip(self.params, grads)):
            if np.shape(g) != p.shape:
                raise ValueError(f"grads[{i}] must have shape {p.shape}, got {np.shape(g)}")
        self.t += 1
        return [np.asarray(g, dtype=p.dtype) for p, g in zip(self.params, grads)]


def _non_negative(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) or not value >= 0:
        raise ValueError(f"{name} must be a non-negative number, got {value!r}")
    return float(value)


def _unit_interval(name, value):
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


# --8<-- [start:SGD]
class SGD(_Optimizer):
    """torch.optim.SGD. With g = grad + weight_decay * p (L2 folded into the gradient):

        momentum == 0:  p <- p - lr * g
        otherwise:      b <- momentum * b + (1 - dampening) * g     (b = g on the first step)
                        p <- p - lr * (g + momentum * b)  if nesterov  else  p - lr * b
    Note PyTorch puts lr OUTSIDE the buffer (v = mu v + g; p -= lr v). The "v = mu v - lr g;
    p += v" form of many papers is identical while lr is constant and differs when lr changes.
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        super().__init__(params, lr)
        self.momentum = _non_negative("momentum", momentum)
        self.dampening = _non_negative("dampening", dampening)
        self.weight_decay = _non_negative("weight_decay", weight_decay)
        if nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        self.nesterov = bool(nesterov)
        self.buffers = [None] * len(self.params)

    def step(self, grads):
        for i, (p, g) in enumerate(zip(self.params, self._grads(grads))):
            if self.weight_decay:
                g = g + self.weight_decay * p
            if self.momentum:
                b = self.buffers[i]
                if b is None:
                    b = self.buffers[i] = g.copy()
                else:
                    b *= self.momentum
                    b += (1.0 - self.dampening) * g
                g = g + self.momentum * b if self.nesterov else b
            p -= self.lr * g
# --8<-- [end:SGD]


# --8<-- [start:Adagrad]
class Adagrad(_Optimizer):
    """torch.optim.Adagrad: each coordinate's step is divided by the root of its summed squared gradients.

        g <- grad + weight_decay * p;   clr = lr / (1 + (t - 1) * lr_decay)
        s <- s + g^2   (s starts at initial_accumulator_value)
        p <- p - clr * g / (sqrt(s) + eps)
    Rarely-updated (sparse) coordinates keep a small s and therefore a large step; s only grows,
    so every step size shrinks monotonically.
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10):
        super().__init__(params, lr)
        self.lr_decay = _non_negative("lr_decay", lr_decay)
        self.weight_decay = _non_negative("weight_decay", weight_decay)
        self.eps = _non_negative("eps", eps)
        init = _non_negative("initial_accumulator_value", initial_accumulator_value)
        self.sums = [np.full_like(p, init) for p in self.params]

    def step(self, grads):
        grads = self._grads(grads)
        clr = self.lr / (1.0 + (self.t - 1) * self.lr_decay)
        for p, g, s in zip(self.params, grads, self.sums):
            if self.weight_decay:
                g = g + self.weight_decay * p
            s += g * g
            p -= clr * g / (np.sqrt(s) + self.eps)
# --8<-- [end:Adagrad]


# --8<-- [start:RMSprop]
class RMSprop(_Optimizer):
    """torch.optim.RMSprop: divide by a running RMS of recent gradients instead of Adagrad's full sum.

        g <- grad + weight_decay * p;   v <- alpha v + (1 - alpha) g^2
        centered: m <- alpha m + (1 - alpha) g;  denom = sqrt(v - m^2) + eps   else  denom = sqrt(v) + eps
        momentum > 0: b <- momentum b + g / denom;  p <- p - lr b     else   p <- p - lr g / denom
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        super().__init__(params, lr)
        self.alpha = _unit_interval("alpha", alpha)
        self.eps = _non_negative("eps", eps)
        self.weight_decay = _non_negative("weight_decay", weight_decay)
        self.momentum = _non_negative("momentum", momentum)
        self.centered = bool(centered)
        self.square_avg = [np.zeros_like(p) for p in self.params]
        self.grad_avg = [np.zeros_like(p) for p in self.params] if centered else None
        self.buffers = [np.zeros_like(p) for p in self.params] if momentum else None

    def step(self, grads):
        a = self.alpha
        for i, (p, g) in enumerate(zip(self.params, self._grads(grads))):
            if self.weight_decay:
                g = g + self.weight_decay * p
            v = self.square_avg[i]
            v *= a
            v += (1.0 - a) * g * g
            if self.centered:
                m = self.grad_avg[i]
                m *= a
                m += (1.0 - a) * g
                denom = np.sqrt(v - m * m) + self.eps
            else:
                denom = np.sqrt(v) + self.eps
            if self.momentum:
                b = self.buffers[i]
                b *= self.momentum
                b += g / denom
                p -= self.lr * b
            else:
                p -= self.lr * g / denom
# --8<-- [end:RMSprop]


# --8<-- [start:Adam]
class Adam(_Optimizer):
    """torch.optim.Adam. weight_decay here is an L2 term added to the gradient (use AdamW to decouple it).

        g <- grad + weight_decay * p
        m <- beta1 m + (1 - beta1) g            v <- beta2 v + (1 - beta2) g^2
        m_hat = m / (1 - beta1^t)               v_hat = v / (1 - beta2^t)      (bias correction: m, v start at 0)
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)
    amsgrad=True (Reddi et al. 2018) divides by the running maximum of v instead, so no step can grow
    because v shrank:  v_max <- max(v_max, v);  p <- p - lr * m_hat / (sqrt(v_max / (1 - beta2^t)) + eps).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False):
        super().__init__(params, lr)
        if len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (_unit_interval("betas[0]", betas[0]), _unit_interval("betas[1]", betas[1]))
        self.eps = _non_negative("eps", eps)
        self.weight_decay = _non_negative("weight_decay", weight_decay)
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.amsgrad = bool(amsgrad)
        self.v_max = [np.zeros_like(p) for p in self.params] if amsgrad else None

    def _decay(self, p, g):
        return g + self.weight_decay * p if self.weight_decay else g  # L2: decay goes through m and v

    def step(self, grads):
        b1, b2 = self.betas
        grads = self._grads(grads)
        step_size = self.lr / (1.0 - b1 ** self.t)
        root_bc2 = np.sqrt(1.0 - b2 ** self.t)
        for i, (p, g, m, v) in enumerate(zip(self.params, grads, self.m, self.v)):
            g = self._decay(p, g)
            m += (1.0 - b1) * (g - m)      # m <- beta1 m + (1 - beta1) g, in place
            v += (1.0 - b2) * (g * g - v)  # v <- beta2 v + (1 - beta2) g^2
            if self.amsgrad:
                v = np.maximum(self.v_max[i], v, out=self.v_max[i])
            denom = np.sqrt(v)             # sqrt(v_hat) + eps, built in one buffer: the step is
            denom *= 1.0 / root_bc2        # memory-bound, so fewer temporaries = faster
            denom += self.eps
            np.divide(m, denom, out=denom)
            denom *= step_size
            p -= denom
# --8<-- [end:Adam]


# --8<-- [start:AdamW]
class AdamW(Adam):
    """torch.optim.AdamW: Adam with DECOUPLED weight decay (Loshchilov & Hutter).

        p <- p * (1 - lr * weight_decay)     then the Adam step with the raw gradient.
    The decay shrinks every weight by the same factor; it is not divided by sqrt(v_hat) as an
    L2 gradient would be in Adam. Default weight_decay = 1e-2, as in PyTorch.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)

    def _decay(self, p, g):
        p *= 1.0 - self.lr * self.weight_decay  # applied before the step (as torch)
        return g
# --8<-- [end:AdamW]
