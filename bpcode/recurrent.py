"""An Elman recurrent network and backpropagation through time (BPTT).

The network reads a sequence x₁, …, x_T one step at a time and keeps a hidden state::

    zₜ = W_hh hₜ₋₁ + W_xh xₜ + b_h,     hₜ = tanh(zₜ),     yₜ = W_hy hₜ + b_y,

starting from h₀ (zero unless given). The same five parameters are used at every step.

Layout, as in the rest of the book: features are rows and examples are columns. A batch
of m sequences of length T is an array of shape (T, n_in, m) (or a list of T matrices of
shape (n_in, m)): ``X[t - 1]`` holds xₜ for all m sequences. Targets have shape
(T, n_out, m). The cost is the quadratic cost of :mod:`bpcode.costs`, averaged over time
steps as well as over sequences::

    C = (1/m) Σₓ Cₓ,     Cₓ = (1/T) Σₜ ½‖yₜ − ŷₜ‖²,

where ŷₜ is the target of step t, so that C does not grow with the length of the
sequences.

As in :mod:`bpcode.equations`, each column of an error is the derivative of one
sequence's cost Cₓ, and the parameter gradients average over the columns. The errors are
δʸₜ ≡ ∂Cₓ/∂yₜ at the outputs and δₜ ≡ ∂Cₓ/∂zₜ at the hidden layer.

Introduced in *Backpropagation through time*.
"""

import numpy as np

from bpcode.activations import tanh, tanh_prime
from bpcode.autodiff.tensor import Tensor
from bpcode.checks import (as_float_array, as_matrix, as_sequence,
                           check_nonnegative, check_positive_int, check_rng)
from bpcode.costs import _quadratic_cost, _quadratic_cost_prime
from bpcode.equations import _bp3, _bp4

#: The parameters of :class:`RNN`, in the order gradients and listings use them.
PARAMETER_NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")


class RNN:
    """An Elman network hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + b_h), yₜ = W_hy hₜ + b_y.

    Shapes: ``W_xh`` (n_hidden, n_in), ``W_hh`` (n_hidden, n_hidden), ``b_h``
    (n_hidden, 1), ``W_hy`` (n_out, n_hidden), ``b_y`` (n_out, 1).

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Widths of the input xₜ, the hidden state hₜ and the output yₜ.
    rng : numpy.random.Generator
        The source of the starting weights (required; see also :meth:`from_parameters`).
    recurrent_gain : float
        The entries of W_hh are drawn from N(0, g²/n_hidden), which gives W_hh a
        spectral radius close to g: below 1 signals fade over time, above 1 they can
        grow. The other weights are drawn from N(0, 1/n) for n inputs; the biases start
        at 0.
    """

    def __init__(self, n_in, n_hidden, n_out, rng, recurrent_gain=1.0):
        n_in = check_positive_int("n_in", n_in)
        n_hidden = check_positive_int("n_hidden", n_hidden)
        n_out = check_positive_int("n_out", n_out)
        check_rng(rng)
        gain = check_nonnegative("recurrent_gain", recurrent_gain)
        self.W_xh = rng.standard_normal((n_hidden, n_in)) / np.sqrt(n_in)
        self.W_hh = rng.standard_normal((n_hidden, n_hidden)) * gain / np.sqrt(n_hidden)
        self.b_h = np.zeros((n_hidden, 1))
        self.W_hy = rng.standard_normal((n_out, n_hidden)) / np.sqrt(n_hidden)
        self.b_y = np.zeros((n_out, 1))

    @classmethod
    def from_parameters(cls, W_xh, W_hh, b_h, W_hy, b_y):
        """A network from given parameters (copied), sized by ``W_xh`` and ``W_hy``."""
        rnn = cls.__new__(cls)
        rnn.W_xh = as_matrix("W_xh", W_xh).copy()
        n_hidden, n_in = rnn.W_xh.shape
        rnn.W_hh = as_matrix("W_hh", W_hh, rows=n_hidden, cols=n_hidden).copy()
        rnn.b_h = as_matrix("b_h", b_h, rows=n_hidden, cols=1).copy()
        rnn.W_hy = as_matrix("W_hy", W_hy, cols=n_hidden).copy()
        rnn.b_y = as_matrix("b_y", b_y, rows=rnn.W_hy.shape[0], cols=1).copy()
        return rnn

    @property
    def sizes(self):
        """``(n_in, n_hidden, n_out)``."""
        return self.W_xh.shape[1], self.W_hh.shape[0], self.W_hy.shape[0]

    def parameters(self):
        """The parameters by name (:data:`PARAMETER_NAMES`): the arrays, not copies."""
        return {name: getattr(self, name) for name in PARAMETER_NAMES}

    def copy(self):
        """An independent copy: changing its parameters leaves this network alone."""
        return RNN.from_parameters(*self.parameters().values())

    # ---- forward ---------------------------------------------------------------------
    def forward(self, X, h0=None):
        """Run the network over a batch of sequences; return ``(zs, hs, ys)``.

        ``X`` has shape (T, n_in, m), or is a list of T matrices (n_in, m); ``h0`` is
        the starting state, (n_hidden, m), zero if not given. Returns the weighted
        inputs ``zs`` (T, n_hidden, m) with ``zs[t - 1]`` = zₜ, all hidden states ``hs``
        (T + 1, n_hidden, m) with ``hs[t]`` = hₜ (so ``hs[0]`` = h₀), and the outputs
        ``ys`` (T, n_out, m) with ``ys[t - 1]`` = yₜ.
        """
        X = self._check_X(X)
        n_hidden, m = self.W_hh.shape[0], X.shape[2]
        h0 = (np.zeros((n_hidden, m)) if h0 is None
              else as_matrix("h0", h0, rows=n_hidden, cols=m))
        return self._forward(X, h0)

    def _forward(self, X, h0):
        """zₜ = W_hh hₜ₋₁ + W_xh xₜ + b_h, hₜ = tanh(zₜ), yₜ = W_hy hₜ + b_y, from h₀"""
        T = X.shape[0]
        zs = np.empty((T,) + h0.shape)
        hs = np.empty((T + 1,) + h0.shape)
        hs[0] = h0
        for t in range(1, T + 1):
            zs[t - 1] = self.W_hh @ hs[t - 1] + self.W_xh @ X[t - 1] + self.b_h
            hs[t] = tanh(zs[t - 1])
        ys = self.W_hy @ hs[1:] + self.b_y       # every yₜ at once, (T, n_out, m)
        return zs, hs, ys

    def predict(self, X, h0=None):
        """The outputs yₜ, shape (T, n_out, m), for ``X`` of shape (T, n_in, m)."""
        return self.forward(X, h0)[2]

    # ---- cost and gradients ----------------------------------------------------------
    def cost(self, X, Y):
        """C = (1/m) Σₓ (1/T) Σₜ ½‖yₜ − ŷₜ‖² for X (T, n_in, m) and Y (T, n_out, m)."""
        X, Y = self.check_batch(X, Y)
        return self._cost(X, Y)

    def _cost(self, X, Y):
        """C of the outputs of a run from h₀ = 0"""
        h0 = np.zeros((self.W_hh.shape[0], X.shape[2]))
        return _sequence_cost(self._forward(X, h0)[2], Y)

    def bptt(self, X, Y, truncation=None):
        """∂C/∂θ for every parameter θ, by backpropagation through time.

        ``X`` is (T, n_in, m) and ``Y`` (T, n_out, m); the run starts from h₀ = 0, as
        :meth:`cost` does. Returns a dict keyed by
        :data:`PARAMETER_NAMES` whose arrays have the shapes of the parameters
        (``grads["W_hh"]`` is the book's ∇_W_hh C, and so on).

        With ``truncation`` = k, each cost term Cₜ back-propagates through at most k
        steps: the result is the gradient of Σₜ Cₜ with hₜ₋ₖ held constant in term t
        (see :func:`truncated_hidden_errors`). ``None`` (the default), or any k ≥ T,
        gives the exact gradient.
        """
        X, Y = self.check_batch(X, Y)
        if truncation is not None:
            truncation = check_positive_int("truncation", truncation)
        return self._bptt(X, Y, truncation)

    def _bptt(self, X, Y, truncation):
        """δʸₜ, then δₜ backwards through time, then ∇θC as sums over t of BP3, BP4"""
        zs, hs, ys = self._forward(X, np.zeros((self.W_hh.shape[0], X.shape[2])))
        delta_ys = _output_errors(ys, Y)
        if truncation is None:
            deltas = _hidden_errors(self.W_hh, self.W_hy, zs, delta_ys)
        else:
            deltas = _truncated_hidden_errors(self.W_hh, self.W_hy, zs, delta_ys,
                                              truncation)
        return _parameter_gradients(X, hs, deltas, delta_ys)

    # ---- input checks ----------------------------------------------------------------
    def _check_X(self, X):
        return as_sequence("X", X, rows=self.W_xh.shape[1])

    def check_batch(self, X, Y):
        """(X, Y) checked: finite float64 (T, n_in, m) and (T, n_out, m), T, m ≥ 1."""
        X = self._check_X(X)
        Y = as_sequence("Y", Y, rows=self.W_hy.shape[0], cols=X.shape[2])
        if Y.shape[0] != X.shape[0]:
            raise ValueError("Y must hold one target per time step of X: X has T = "
                             f"{X.shape[0]} steps, Y has {Y.shape[0]}")
        return X, Y

    def __repr__(self):
        n_in, n_hidden, n_out = self.sizes
        return f"RNN(n_in={n_in}, n_hidden={n_hidden}, n_out={n_out})"


# ---- the equations of BPTT, one function each ----------------------------------------
def sequence_cost(ys, targets):
    """C = (1/m) Σₓ (1/T) Σₜ ½‖yₜ − ŷₜ‖²: quadratic, averaged over steps and sequences.

    Shapes: ``ys`` and ``targets`` are (T, n_out, m).
    """
    return _sequence_cost(*_check_outputs(ys, targets))


def _sequence_cost(ys, targets):
    """C = (1/T) Σₜ (1/m) Σₓ ½‖yₜ − ŷₜ‖²"""
    return sum(_quadratic_cost(y, target) for y, target in zip(ys, targets)) / len(ys)


def output_errors(ys, targets):
    """δʸₜ = ∂Cₓ/∂yₜ = (yₜ − ŷₜ) / T for every step t (the BP1 of a linear output).

    Shapes: ``ys`` and ``targets`` are (T, n_out, m); so is the result.
    """
    return _output_errors(*_check_outputs(ys, targets))


def _output_errors(ys, targets):
    """δʸₜ = (yₜ − ŷₜ) / T"""
    return _quadratic_cost_prime(ys, targets) / len(ys)


def hidden_errors(W_hh, W_hy, zs, delta_ys):
    """(BPTT) δₜ = (W_hyᵀ δʸₜ + W_hhᵀ δₜ₊₁) ⊙ tanh′(zₜ), t = T, …, 1, with δ_{T+1} = 0.

    BP2 across time: hₜ feeds both the output yₜ and the next weighted input zₜ₊₁, so
    its error collects one term from each. Shapes: ``zs`` (T, n_hidden, m), ``delta_ys``
    (T, n_out, m); the result is (T, n_hidden, m) with ``deltas[t - 1]`` = δₜ.
    """
    return _hidden_errors(*_check_errors(W_hh, W_hy, zs, delta_ys))


def _hidden_errors(W_hh, W_hy, zs, delta_ys):
    """δₜ = (W_hyᵀ δʸₜ + W_hhᵀ δₜ₊₁) ⊙ tanh′(zₜ), t = T, …, 1, from δ_{T+1} = 0"""
    deltas = np.empty_like(zs)
    # δ_{T+1}: nothing comes after the last step
    delta = np.zeros_like(zs[0])
    for t in range(len(zs), 0, -1):
        delta = (W_hy.T @ delta_ys[t - 1] + W_hh.T @ delta) * tanh_prime(zs[t - 1])
        deltas[t - 1] = delta
    return deltas


def truncated_hidden_errors(W_hh, W_hy, zs, delta_ys, k):
    """Truncated BPTT: δₛ = Σₜ δₛ⁽ᵗ⁾ over the cost terms t = s, …, s + k − 1 only.

    δₛ⁽ᵗ⁾ is the error at step s caused by the cost term Cₜ alone:
    δₜ⁽ᵗ⁾ = (W_hyᵀ δʸₜ) ⊙ tanh′(zₜ) and δₛ⁽ᵗ⁾ = (W_hhᵀ δₛ₊₁⁽ᵗ⁾) ⊙ tanh′(zₛ), stopped
    after k steps. This is the exact error of the surrogate cost in which term t starts
    from the hidden state hₜ₋ₖ held constant: every gradient flows back at most k steps.
    The loop runs over the lag t − s = 0, …, k − 1, for all cost terms at once: k
    batched matrix products. k ≥ T gives :func:`hidden_errors`. Shapes as there.
    """
    k = check_positive_int("k", k)
    return _truncated_hidden_errors(*_check_errors(W_hh, W_hy, zs, delta_ys), k)


def _truncated_hidden_errors(W_hh, W_hy, zs, delta_ys, k):
    """δₛ = Σₜ δₛ⁽ᵗ⁾, t = s, …, s + k − 1: each cost term's error, k steps back"""
    d = tanh_prime(zs)
    part = (W_hy.T @ delta_ys) * d        # part[s - 1] = δₛ⁽ˢ⁾, for every s at once
    deltas = part.copy()
    for lag in range(1, min(k, len(zs))):
        # part[s - 1] = δₛ⁽ˢ⁺ˡᵃᵍ⁾ = (W_hhᵀ δₛ₊₁⁽ˢ⁺ˡᵃᵍ⁾) ⊙ tanh′(zₛ), s ≤ T − lag
        part = (W_hh.T @ part[1:]) * d[:-lag]
        deltas[:-lag] += part
    return deltas


def state_gradients(W_hh, W_hy, deltas, delta_ys):
    """∂Cₓ/∂hₜ = W_hyᵀ δʸₜ + W_hhᵀ δₜ₊₁, t = 0, …, T: how the cost depends on each hₜ.

    Shapes: ``deltas`` (T, n_hidden, m) and ``delta_ys`` (T, n_out, m); the result is
    (T + 1, n_hidden, m), with entry t = ∂Cₓ/∂hₜ (entry 0 is the gradient for h₀).
    """
    return _state_gradients(*_check_errors(W_hh, W_hy, deltas, delta_ys, "deltas"))


def _state_gradients(W_hh, W_hy, deltas, delta_ys):
    """∂Cₓ/∂hₜ = W_hyᵀ δʸₜ + W_hhᵀ δₜ₊₁, t = 0, …, T (no δʸ₀, no δ_{T+1})"""
    grads = np.zeros((len(deltas) + 1,) + deltas.shape[1:])
    grads[1:] += W_hy.T @ delta_ys            # the output term, every step at once
    grads[:-1] += W_hh.T @ deltas             # the recurrent term: hₜ feeds zₜ₊₁
    return grads


def parameter_gradients(X, hs, deltas, delta_ys):
    """The shared weights' gradients as sums over time of BP3 and BP4, a term per step.

    ∇W_hh C = Σₜ δₜ hₜ₋₁ᵀ,  ∇W_xh C = Σₜ δₜ xₜᵀ,  ∇b_h C = Σₜ δₜ,
    ∇W_hy C = Σₜ δʸₜ hₜᵀ,   ∇b_y C = Σₜ δʸₜ,   each averaged over the m columns.

    Shapes: ``X`` (T, n_in, m), ``hs`` (T + 1, n_hidden, m), ``deltas``
    (T, n_hidden, m), ``delta_ys`` (T, n_out, m). Returns a dict keyed by
    :data:`PARAMETER_NAMES`.
    """
    deltas = as_sequence("deltas", deltas)
    T, n_hidden, m = deltas.shape
    X = as_sequence("X", X, cols=m)
    hs = as_sequence("hs", hs, rows=n_hidden, cols=m)
    delta_ys = as_sequence("delta_ys", delta_ys, cols=m)
    if not len(X) == len(delta_ys) == T or len(hs) != T + 1:
        raise ValueError("X, deltas and delta_ys must hold T steps and hs T + 1 (h₀ "
                         f"first); got T = {len(X)}, {T}, {len(delta_ys)} and "
                         f"{len(hs)} states")
    return _parameter_gradients(X, hs, deltas, delta_ys)


def _parameter_gradients(X, hs, deltas, delta_ys):
    """∇W C = Σₜ (BP4 of step t), ∇b C = Σₜ (BP3 of step t), for each shared W, b"""
    steps = range(1, len(deltas) + 1)          # t = 1, …, T
    nabla_W_xh = sum(_bp4(deltas[t - 1], X[t - 1]) for t in steps)
    nabla_W_hh = sum(_bp4(deltas[t - 1], hs[t - 1]) for t in steps)
    nabla_b_h = sum(_bp3(deltas[t - 1]) for t in steps)
    nabla_W_hy = sum(_bp4(delta_ys[t - 1], hs[t]) for t in steps)
    nabla_b_y = sum(_bp3(delta_ys[t - 1]) for t in steps)
    return {"W_xh": nabla_W_xh, "W_hh": nabla_W_hh, "b_h": nabla_b_h,
            "W_hy": nabla_W_hy, "b_y": nabla_b_y}


# ---- clipping and training -----------------------------------------------------------
def global_norm(grads):
    """‖g‖ = √(Σᵢ ‖gᵢ‖²): the length of all gradients together, as one long vector.

    ``grads`` is a dict of arrays (as :meth:`RNN.bptt` returns) or a list of arrays.
    """
    return _global_norm(_gradient_arrays(grads))


def _global_norm(arrays):
    """‖g‖ = √(Σᵢ ‖gᵢ‖²)"""
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in arrays)))


def clip_by_global_norm(grads, max_norm):
    """g → g · min(1, c / ‖g‖): scale all gradients together so that ‖g‖ ≤ c.

    The direction of the whole gradient is kept; only its length is bounded by
    ``max_norm`` = c ≥ 0 (Pascanu et al., 2013). ``grads`` is a dict or a list of
    arrays; returns ``(clipped, norm)``: new arrays in the same container, and ‖g‖
    before clipping.
    """
    max_norm = check_nonnegative("max_norm", max_norm)
    arrays = _gradient_arrays(grads)
    keys = list(grads) if isinstance(grads, dict) else range(len(arrays))
    clipped, norm = _clip_by_global_norm(dict(zip(keys, arrays)), max_norm)
    return (clipped if isinstance(grads, dict) else list(clipped.values())), norm


def _clip_by_global_norm(grads, max_norm):
    """g → g · min(1, c / ‖g‖), one factor for every array of g; returns (g, ‖g‖)"""
    norm = _global_norm(grads.values())
    scale = max_norm / norm if norm > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}, norm


def train(rnn, X, Y, steps, eta, max_norm=None, truncation=None):
    """Gradient descent θ → θ − η ∇θC on all sequences at once; returns the costs.

    ``X`` (T, n_in, m) and ``Y`` (T, n_out, m) are the training sequences; ``max_norm``
    clips each gradient by :func:`clip_by_global_norm` and ``truncation`` is passed to
    :meth:`RNN.bptt`. Changes ``rnn`` in place. Returns a list of ``steps + 1`` costs:
    before each step, and after the last.
    """
    X, Y = rnn.check_batch(X, Y)
    steps = check_positive_int("steps", steps)
    eta = check_nonnegative("eta", eta)
    if max_norm is not None:
        max_norm = check_nonnegative("max_norm", max_norm)
    if truncation is not None:
        truncation = check_positive_int("truncation", truncation)
    return _train(rnn, X, Y, steps, eta, max_norm, truncation)


def _train(rnn, X, Y, steps, eta, max_norm, truncation):
    """θ → θ − η ∇θC, steps times; ∇θC by BPTT, clipped to norm ≤ max_norm if set"""
    costs = []
    for _ in range(steps):
        costs.append(rnn._cost(X, Y))
        grads = rnn._bptt(X, Y, truncation)
        if max_norm is not None:
            grads, _ = _clip_by_global_norm(grads, max_norm)
        for name, param in rnn.parameters().items():
            param -= eta * grads[name]
    costs.append(rnn._cost(X, Y))
    return costs


# ---- the same cost as a Tensor graph -------------------------------------------------
def unrolled_cost(rnn, X, Y, truncation=None):
    """C(θ) of an :class:`RNN` from Tensor operations, on the network unrolled in time.

    ``X`` is (T, n_in, m) and ``Y`` (T, n_out, m). Returns ``(C, params)``: the scalar
    cost and Tensor copies of the parameters, keyed by :data:`PARAMETER_NAMES`, whose
    ``grad`` ``C.backward()`` fills. The graph is T copies of one step that all share
    the same five leaves, so reverse mode sums each parameter's gradient over the steps.

    With ``truncation`` = k, cost term t is built from a *constant* hₜ₋ₖ (a fresh Tensor
    holding its value, which no gradient flows through) followed by k steps: the
    definition of truncated BPTT that :meth:`RNN.bptt` implements, computed
    independently.
    """
    X, Y = rnn.check_batch(X, Y)
    if truncation is not None:
        truncation = check_positive_int("truncation", truncation)
    params = {name: Tensor(value) for name, value in rnn.parameters().items()}
    h0 = np.zeros((rnn.W_hh.shape[0], X.shape[2]))
    if truncation is None:
        return _unrolled_cost(params, X, Y, h0), params
    _, hs, _ = rnn._forward(X, h0)
    return _truncated_unrolled_cost(params, X, Y, hs, truncation), params


def _unrolled_cost(params, X, Y, h0):
    """C = (1/m) Σₓ (1/T) Σₜ ½‖yₜ − ŷₜ‖² from Tensors: T steps, the same 5 leaves"""
    W_xh, W_hh, b_h, W_hy, b_y = (params[name] for name in PARAMETER_NAMES)
    T, m = X.shape[0], X.shape[2]
    h, C = Tensor(h0), Tensor(0.0)
    for t in range(1, T + 1):
        h = (W_hh @ h + W_xh @ X[t - 1] + b_h).tanh()        # zₜ, then hₜ
        C = C + ((W_hy @ h + b_y - Y[t - 1]) ** 2).sum()     # yₜ, then term t
    return C * (0.5 / (T * m))


def _truncated_unrolled_cost(params, X, Y, hs, k):
    """Σₜ Cₜ, term t built from a constant hₜ₋ₖ (h₀ if t ≤ k), then k steps"""
    W_xh, W_hh, b_h, W_hy, b_y = (params[name] for name in PARAMETER_NAMES)
    T, m = X.shape[0], X.shape[2]
    C = Tensor(0.0)
    for t in range(1, T + 1):
        start = max(t - k, 0)
        h = Tensor(hs[start])                     # hₜ₋ₖ as a constant: no gradient
        for s in range(start + 1, t + 1):
            h = (W_hh @ h + W_xh @ X[s - 1] + b_h).tanh()
        C = C + ((W_hy @ h + b_y - Y[t - 1]) ** 2).sum()
    return C * (0.5 / (T * m))


def _check_outputs(ys, targets):
    ys = as_sequence("ys", ys)
    targets = as_sequence("targets", targets, rows=ys.shape[1], cols=ys.shape[2])
    if len(targets) != len(ys):
        raise ValueError(f"targets must hold one step per output: ys has T = {len(ys)} "
                         f"steps, targets {len(targets)}")
    return ys, targets


def _check_errors(W_hh, W_hy, zs, delta_ys, zs_name="zs"):
    W_hh = as_matrix("W_hh", W_hh)
    if W_hh.shape[0] != W_hh.shape[1]:
        raise ValueError(f"W_hh must be square (n_hidden, n_hidden), got shape "
                         f"{W_hh.shape}")
    W_hy = as_matrix("W_hy", W_hy, cols=W_hh.shape[0])
    zs = as_sequence(zs_name, zs, rows=W_hh.shape[0])
    delta_ys = as_sequence("delta_ys", delta_ys, rows=W_hy.shape[0], cols=zs.shape[2])
    if len(delta_ys) != len(zs):
        raise ValueError(f"delta_ys must hold one step per step of {zs_name}: T = "
                         f"{len(zs)}, got {len(delta_ys)}")
    return W_hh, W_hy, zs, delta_ys


def _gradient_arrays(grads):
    if isinstance(grads, dict):
        items = list(grads.items())
    elif isinstance(grads, (list, tuple)):
        items = [(f"grads[{i}]", g) for i, g in enumerate(grads)]
    else:
        raise TypeError("grads must be a dict or a list of arrays, got "
                        f"{type(grads).__name__}")
    return [as_float_array(str(name), g) for name, g in items]


__all__ = ["PARAMETER_NAMES", "RNN", "sequence_cost", "output_errors", "hidden_errors",
           "truncated_hidden_errors", "state_gradients", "parameter_gradients",
           "global_norm",
           "clip_by_global_norm", "train", "unrolled_cost"]
