"""Mini-batch stochastic gradient descent: L2 regularization, momentum, early stopping.

One step on a mini-batch of m examples moves every parameter against its gradient:

    w → w − η ∂C/∂w,        b → b − η ∂C/∂b,

where the gradient comes from :meth:`bpcode.network.Network.backprop`. With L2
regularization the cost gains (λ/2n) Σ w² (n: the size of the whole training set), whose
gradient adds (λ/n) w to ∂C/∂w ("weight decay"); biases are not regularized. With
momentum μ each parameter keeps a velocity v → μ v − η ∂C/∂w and moves by it, w → w + v
(:mod:`bpcode.momentum`). With dropout rate p each step switches off a random share p
of the hidden neurons, with fresh masks for every mini-batch (:mod:`bpcode.dropout`).

Introduced in *Training means minimizing a cost*; regularization in *Overfitting*;
momentum and dropout in *Making training work*.
"""

from dataclasses import dataclass, field

import numpy as np

from bpcode.checks import (as_pair, check_finite, check_nonnegative, check_positive_int,
                           check_rng)
from bpcode.dropout import _backprop_with_dropout, _dropout_masks, check_dropout_rate
from bpcode.momentum import _momentum_step
from bpcode.network import Parameters

@dataclass
class History:
    """What :func:`sgd` measured after each epoch (lists with one entry per epoch).

    Costs are the unregularized data cost C₀ (so runs with different λ compare), and
    accuracies are fractions in [0, 1]. The ``validation_*`` lists stay empty without
    validation data.
    """

    training_cost: list = field(default_factory=list)
    training_accuracy: list = field(default_factory=list)
    validation_cost: list = field(default_factory=list)
    validation_accuracy: list = field(default_factory=list)
    best_epoch: int | None = None      #: 1-based epoch of the best validation accuracy
    stopped_early: bool = False        #: True if early stopping ended training

    @property
    def epochs(self):
        """The number of epochs trained (also if only validation data was monitored)."""
        return max(len(self.training_cost), len(self.validation_cost))


def update_mini_batch(net, X, Y, eta, lmbda=0.0, n=None, momentum=0.0, velocities=None):
    """One gradient-descent step on the mini-batch (X, Y), changing ``net`` in place.

    w → (1 − ηλ/n) w − η ∂C₀/∂w  (plain SGD with weight decay), or with momentum μ:
    v → μ v − η (∂C₀/∂w + (λ/n) w),  w → w + v.

    ``n`` is the size of the whole training set (needed only when ``lmbda`` > 0);
    ``velocities`` is a :class:`~bpcode.network.Parameters` ``(v_w, v_b)`` of per-layer
    velocities, changed in place, required when ``momentum`` > 0 (see
    :func:`zero_velocities`). Without momentum the network's weight and bias arrays
    are updated in place. Every argument is checked before anything changes: a call
    that raises leaves the network and the velocities as they were.
    """
    eta = check_nonnegative("eta", eta)
    lmbda = check_nonnegative("lmbda", lmbda)
    momentum = check_nonnegative("momentum", momentum)
    if lmbda > 0 and n is None:
        raise ValueError("L2 regularization (lmbda > 0) needs n, the size of the "
                         "training set")
    if lmbda > 0:
        n = check_positive_int("n", n)
    if momentum > 0 and velocities is None:
        raise ValueError("momentum > 0 needs velocities; start them with "
                         "zero_velocities(net)")
    if velocities is not None:
        velocities = check_velocities(net, velocities)
    X, Y = net.check_batch(X, Y)
    _step(net, X, Y, eta, lmbda, n, momentum, velocities)


def _step(net, X, Y, eta, lmbda, n, momentum, velocities, backprop=None):
    """w → w − η (∂C₀/∂w + (λ/n) w), b → b − η ∂C₀/∂b; with momentum through v"""
    nabla_b, nabla_w = (net._backprop if backprop is None else backprop)(X, Y)
    decay = lmbda / n if lmbda > 0 else 0.0
    for i, (w, b) in enumerate(zip(net.weights, net.biases)):
        grad_w = nabla_w[i] + decay * w if decay else nabla_w[i]
        if velocities is None:
            # w −= η ∇w in place, and η ∇w in the gradient's own array (this step's):
            # a new array the size of w at every step costs more than the update
            grad_w *= eta
            w -= grad_w
            b -= eta * nabla_b[i]
        else:
            v_w, v_b = velocities
            net.weights[i], v_w[i] = _momentum_step(w, v_w[i], grad_w, eta, momentum)
            net.biases[i], v_b[i] = _momentum_step(b, v_b[i], nabla_b[i], eta,
                                                   momentum)


def mini_batches(n, batch_size, rng):
    """One epoch's mini-batches: a random permutation of 0, …, n − 1 cut into batches.

    Returns a list of index arrays of ``batch_size`` examples each (the last one smaller
    if ``batch_size`` does not divide n). Together they hold every example exactly once,
    so an epoch uses the whole training set, and each batch is a uniformly random set of
    examples: the order :func:`sgd` draws, ``rng.permutation(n)`` once per epoch.
    """
    n = check_positive_int("n", n)
    batch_size = check_positive_int("batch_size", batch_size)
    check_rng(rng)
    return _mini_batches(n, batch_size, rng)


def _mini_batches(n, batch_size, rng):
    """shuffle 0, …, n − 1, then cut it into consecutive batches of batch_size"""
    order = rng.permutation(n)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]


def zero_velocities(net):
    """Velocities for momentum SGD, all zero: :class:`~bpcode.network.Parameters`
    ``(v_w, v_b)``, lists shaped like the weights and the biases."""
    return Parameters([np.zeros_like(w) for w in net.weights],
                      [np.zeros_like(b) for b in net.biases])


def check_velocities(net, velocities):
    """``velocities`` as a :class:`~bpcode.network.Parameters` that fits ``net``.

    It must be a pair ``(v_w, v_b)`` of lists (updated in place) of finite float64
    arrays shaped like ``net.weights`` and ``net.biases``, as :func:`zero_velocities`
    makes; otherwise ``TypeError`` or ``ValueError`` naming the first misfit.
    """
    if isinstance(velocities, np.ndarray) or not isinstance(velocities, (tuple, list)):
        raise TypeError("velocities must be a pair (v_w, v_b) shaped like "
                        "(net.weights, net.biases), as zero_velocities(net) returns; "
                        f"got {type(velocities).__name__}")
    if len(velocities) != 2:
        raise TypeError("velocities must be a pair (v_w, v_b) shaped like "
                        "(net.weights, net.biases), as zero_velocities(net) returns; "
                        f"got {len(velocities)} items")
    for name, vs, params in (("v_w", velocities[0], net.weights),
                             ("v_b", velocities[1], net.biases)):
        if not isinstance(vs, list) or len(vs) != len(params):
            raise ValueError(f"velocities' {name} must be a list of {len(params)} "
                             f"arrays, one per layer, got {_describe(vs)}")
        for i, (v, p) in enumerate(zip(vs, params)):
            if (not isinstance(v, np.ndarray) or v.dtype != np.float64
                    or v.shape != p.shape):
                raise ValueError(f"velocities' {name}[{i}] must be a float64 array of "
                                 f"shape {p.shape}, like the network's, got "
                                 f"{_describe(v)}; start from zero_velocities(net)")
            check_finite(f"velocities' {name}[{i}]", v)
    return Parameters(velocities[0], velocities[1])


def sgd(net, training_data, epochs, batch_size, eta, rng, lmbda=0.0, momentum=0.0,
        validation_data=None, early_stopping=None, monitor_training=True,
        verbose=False, dropout=0.0):
    """Train ``net`` in place by mini-batch SGD; return a :class:`History`.

    Parameters
    ----------
    training_data : tuple (X, Y)
        Inputs (sizes[0], n) and targets (sizes[-1], n), one example per column.
    epochs, batch_size : int
        Passes over the data, and examples per step. Each epoch shuffles the examples
        with ``rng`` and splits them into mini-batches (the last one may be smaller).
    eta : float
        The learning rate η.
    rng : numpy.random.Generator
        The source of the shuffles: the same seed gives the same training run.
    lmbda, momentum : float
        L2 regularization strength λ and momentum coefficient μ (0 turns either off).
    validation_data : tuple (X, Y), optional
        Measured after every epoch.
    early_stopping : int, optional
        Stop once validation accuracy has not improved for this many epochs, and restore
        the parameters of the best epoch. Needs ``validation_data``.
    monitor_training : bool
        Measure cost and accuracy on the training data after every epoch.
    verbose : bool
        Print one rounded line per epoch.
    dropout : float
        The dropout rate p in [0, 1) of the hidden layers (0: no dropout). Each step
        draws new masks from ``rng``, after the epoch's shuffle, and follows
        :func:`bpcode.dropout.backprop_with_dropout`; the costs and accuracies measured
        after each epoch use the whole network, without dropout.

    Every argument is checked before the first step, so a call that raises leaves
    ``net`` unchanged. Without momentum, the arrays of ``net.weights`` and
    ``net.biases`` are updated in place; X is never copied whole (each mini-batch is
    read from it as it is stored).
    """
    check_rng(rng)
    epochs = check_positive_int("epochs", epochs)
    batch_size = check_positive_int("batch_size", batch_size)
    eta = check_nonnegative("eta", eta)
    lmbda = check_nonnegative("lmbda", lmbda)
    momentum = check_nonnegative("momentum", momentum)
    dropout = check_dropout_rate(dropout)
    X, Y = net.check_batch(*as_pair("training_data", training_data),
                           names=("training_data[0]", "training_data[1]"))
    validating = validation_data is not None
    if validating:
        validation_data = net.check_batch(
            *as_pair("validation_data", validation_data),
            names=("validation_data[0]", "validation_data[1]"))
    if early_stopping is not None:
        early_stopping = check_positive_int("early_stopping", early_stopping)
        if not validating:
            raise ValueError("early_stopping needs validation_data to watch")

    n = X.shape[1]
    # Speed, not maths: each step reads its mini-batch from X as X is stored, into
    # arrays made once (_batch_reader), so that X is never copied whole; BP4 writes
    # ∂C/∂w into arrays made once too (nabla_w), since a new array the size of w at
    # every step costs more than the product when BLAS runs on several threads (the
    # memory is mapped afresh each time, and unmapping it stops the other threads);
    # and _step updates the parameters in place. Every result stays the same, bit
    # for bit.
    read_X, read_Y = _batch_reader(X, batch_size), _batch_reader(Y, batch_size)
    nabla_w = [np.empty_like(w) for w in net.weights]
    velocities = zero_velocities(net) if momentum > 0 else None

    def backprop(X, Y):
        if dropout == 0:
            return net._backprop(X, Y, out=nabla_w)
        masks = _dropout_masks(net.sizes[1:-1], X.shape[1], dropout, rng)
        return _backprop_with_dropout(net, X, Y, masks, out=nabla_w)
    history = History()
    # (validation accuracy, parameters) of the best epoch so far
    best = (-np.inf, None)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            _step(net, read_X(batch), read_Y(batch), eta, lmbda, n, momentum,
                  velocities, backprop)
        if monitor_training:
            history.training_cost.append(net.cost(X, Y))
            history.training_accuracy.append(net.accuracy(X, Y))
        if validation_data is not None:
            history.validation_cost.append(net.cost(*validation_data))
            history.validation_accuracy.append(net.accuracy(*validation_data))
            if history.validation_accuracy[-1] > best[0]:
                best = (history.validation_accuracy[-1],
                        Parameters([w.copy() for w in net.weights],
                                   [b.copy() for b in net.biases]))
                history.best_epoch = epoch
        if verbose:
            print(_epoch_line(epoch, history, monitor_training, validating))
        if early_stopping is not None and epoch - history.best_epoch >= early_stopping:
            history.stopped_early = epoch < epochs
            break
    if early_stopping is not None:
        net.weights, net.biases = best[1]
    return history


def _batch_reader(A, batch_size):
    """A function idx ↦ A[:, idx]: the columns idx of A, as a C-ordered matrix.

    Speed, not maths. The columns go into one buffer, made once and reused at every
    step (nothing keeps a mini-batch after its step), because fresh memory at every
    step costs more than the copy. They are read as A stores them, so that A is never
    copied whole: as rows of Aᵀ when each column of A is contiguous (A in Fortran
    order), else straight from A. Either way the batch is the same C-ordered matrix,
    so the products that follow round exactly as before. A smaller batch (the last of
    an epoch) gets an array of its own.
    """
    buffer = np.empty((A.shape[0], batch_size))
    by_rows = A.T.flags.c_contiguous and not A.flags.c_contiguous
    rows = np.empty((batch_size, A.shape[0])) if by_rows else None

    def read(idx):
        if len(idx) < batch_size:
            return np.ascontiguousarray(A[:, idx])
        # mode="clip" (the indices are valid anyway): with the default, "raise",
        # np.take would first copy its output to a new array
        if by_rows:
            np.take(A.T, idx, axis=0, out=rows, mode="clip")
            np.copyto(buffer, rows.T)
        elif A.flags.c_contiguous:
            np.take(A, idx, axis=1, out=buffer, mode="clip")
        else:
            np.copyto(buffer, A[:, idx])
        return buffer
    return read


def _describe(x):
    if isinstance(x, np.ndarray):
        return f"an array of dtype {x.dtype} and shape {x.shape}"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)}"
    return type(x).__name__


def _epoch_line(epoch, h, training, validation):
    parts = [f"epoch {epoch:3d}"]
    if training:
        parts.append(f"training cost {h.training_cost[-1]:.4f}, accuracy "
                     f"{100 * h.training_accuracy[-1]:6.2f}%")
    if validation:
        parts.append(f"validation cost {h.validation_cost[-1]:.4f}, accuracy "
                     f"{100 * h.validation_accuracy[-1]:6.2f}%")
    return " | ".join(parts)
