"""First- vs second-order optimisation on small problems: quadratics, Newton's method, gradient
descent, and the Hessian by finite differences (full matrix and Hessian-vector products).

Conventions: x (n,) parameter vector; ``grad_fn(x) -> (n,)``; ``hess_fn(x) -> (n, n)``.
"""
import numpy as np


def _vector(x, name="x"):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D vector, got shape {x.shape}")
    return x


def _positive_int(v, name):
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 0:
        raise ValueError(f"{name} must be a non-negative int, got {v!r}")


# --8<-- [start:quadratic]
def quadratic(x, A, b):
    """f(x) = 1/2 x^T A x - b^T x and its gradient A x - b, for symmetric A (n, n), b (n,).

    The Hessian is A everywhere. If A is positive definite the unique minimiser is x* = A^{-1} b,
    and the eigenvalues of A are the curvatures along its eigenvectors.
    """
    x, b = _vector(x), _vector(b, "b")
    A = np.asarray(A, dtype=np.float64)
    if A.shape != (x.size, x.size) or b.size != x.size:
        raise ValueError(f"A must be ({x.size}, {x.size}) and b ({x.size},), got {A.shape} and {b.shape}")
    if not np.allclose(A, A.T):
        raise ValueError("A must be symmetric (a Hessian is)")
    Ax = A @ x
    return 0.5 * float(x @ Ax) - float(b @ x), Ax - b
# --8<-- [end:quadratic]


# --8<-- [start:newton_step]
def newton_step(grad, hess, damping=0.0):
    """The Newton step d = -(H + damping I)^{-1} g, by solving the linear system (never inverting H).

    It minimises the second-order Taylor model g^T d + 1/2 d^T H d when H is positive definite.
    damping > 0 (Levenberg-Marquardt) shortens the step and makes an indefinite H usable.
    """
    g = _vector(grad, "grad")
    H = np.asarray(hess, dtype=np.float64)
    if H.shape != (g.size, g.size):
        raise ValueError(f"hess must be ({g.size}, {g.size}) to match grad, got {H.shape}")
    if not damping >= 0:
        raise ValueError(f"damping must be >= 0, got {damping!r}")
    try:
        return -np.linalg.solve(H + damping * np.eye(g.size), g)
    except np.linalg.LinAlgError as exc:
        raise ValueError("hess (+ damping I) is singular: no Newton step") from exc
# --8<-- [end:newton_step]


# --8<-- [start:gradient_descent]
def gradient_descent(grad_fn, x0, lr, steps):
    """Iterates x_{k+1} = x_k - lr * grad_fn(x_k); returns the trajectory (steps + 1, n)."""
    if not callable(grad_fn):
        raise TypeError("grad_fn must be callable")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    _positive_int(steps, "steps")
    xs = [_vector(x0, "x0").copy()]
    for _ in range(steps):
        xs.append(xs[-1] - lr * np.asarray(grad_fn(xs[-1]), dtype=np.float64))
    return np.array(xs)
# --8<-- [end:gradient_descent]


# --8<-- [start:newton_method]
def newton_method(grad_fn, hess_fn, x0, steps, damping=0.0):
    """Iterates x_{k+1} = x_k + newton_step(grad_fn(x_k), hess_fn(x_k)); trajectory (steps + 1, n).

    Pure Newton jumps to the stationary point of the local quadratic model, whether that point
    is a minimum, a maximum or a saddle.
    """
    if not (callable(grad_fn) and callable(hess_fn)):
        raise TypeError("grad_fn and hess_fn must be callable")
    _positive_int(steps, "steps")
    xs = [_vector(x0, "x0").copy()]
    for _ in range(steps):
        xs.append(xs[-1] + newton_step(grad_fn(xs[-1]), hess_fn(xs[-1]), damping))
    return np.array(xs)
# --8<-- [end:newton_method]


# --8<-- [start:hessian_vector_product]
def hessian_vector_product(grad_fn, x, v, h=1e-5):
    """H(x) v without forming H: (grad(x + h v) - grad(x - h v)) / (2h), error O(h^2).

    Two gradient evaluations, O(n) memory. Autodiff frameworks get H v exactly at the same cost
    by differentiating (grad . v) once more (Pearlmutter's trick, "double backprop").
    """
    if not callable(grad_fn):
        raise TypeError("grad_fn must be callable")
    x, v = _vector(x), _vector(v, "v")
    if v.shape != x.shape:
        raise ValueError(f"v must have the shape of x {x.shape}, got {v.shape}")
    if not h > 0:
        raise ValueError(f"h must be positive, got {h!r}")
    return (np.asarray(grad_fn(x + h * v)) - np.asarray(grad_fn(x - h * v))) / (2.0 * h)
# --8<-- [end:hessian_vector_product]


# --8<-- [start:numerical_hessian]
def numerical_hessian(grad_fn, x, h=1e-5):
    """The full Hessian (n, n) by central differences of the gradient: column j = H e_j.

    n Hessian-vector products, so 2n gradient calls and n^2 numbers of memory: fine for n = 10,
    hopeless for a network with n = 10^8 parameters. Returned as computed (symmetric up to O(h^2)).
    """
    x = _vector(x)
    return np.column_stack([hessian_vector_product(grad_fn, x, e, h) for e in np.eye(x.size)])
# --8<-- [end:numerical_hessian]
