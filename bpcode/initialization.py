"""How large to draw a network's starting weights: one variance rule per scheme.

A layer l with n_in = nˡ⁻¹ inputs (its fan-in) and n_out = nˡ neurons (its fan-out)
starts with weights wˡ drawn independently from N(0, Var w). Its weighted input
zⱼ = Σₖ wⱼₖ aₖ + bⱼ then has, over the random weights,

    E[zⱼ²] = n_in · Var w · E[aₖ²] + Var b        (forward),

and backwards, by BP2, E[(δˡₖ)²] = n_out · Var w · E[(δˡ⁺¹ⱼ)²] · E[σ′(zₖ)²]. Each scheme
picks Var w so that one of these sizes stays the same from layer to layer:

=========  ===================  ==========================================
scheme     Var w                keeps the same size
=========  ===================  ==========================================
normal     1                    nothing: z grows like √n_in
lecun      1 / n_in             z, for σ′(0) = 1 (tanh, identity)
glorot     2 / (n_in + n_out)   a compromise between z and δ (tanh)
he         2 / n_in             z, for ReLU, which zeroes half its inputs
=========  ===================  ==========================================

``"scaled"`` is another name for ``"lecun"`` (the name the chapter *Why learning is
slow* uses). Every scheme draws the weights from a normal distribution and the biases
from N(0, 1), as :class:`bpcode.network.Network` always has; the papers set the biases
to 0.
The scheme functions give the standard deviation √Var w, the number the standard normal
draws are multiplied by; :func:`relu_z_mean_squares` and :func:`relu_error_mean_squares`
give the sizes of z and δ that the two equations above predict, layer by layer, for a
network of ReLU hidden layers.

Derived and measured in *Making training work*; "normal" and "scaled" are compared in
*Why learning is slow, and how to fix it*.
"""

import numpy as np

from bpcode.checks import (check_choice, check_nonnegative, check_positive_int,
                           check_sizes)


def normal_std(n_in, n_out):
    """Var w = 1: every weight from N(0, 1), whatever the size of the layer.

    The starting point of Nielsen (2015), chapter 1. The spread of z then grows like
    √n_in, so wide layers start saturated. ``n_in`` and ``n_out`` (the layer's fan-in
    and fan-out, positive ints) are checked and not used. Returns 1.0.

    Chapter *Why learning is slow, and how to fix it*.
    """
    return _normal_std(*_check_fans(n_in, n_out))


def _normal_std(n_in, n_out):
    """σ_w = 1"""
    return 1.0


def lecun_std(n_in, n_out):
    """Var w = 1 / n_in: the fan-in rule of LeCun, Bottou, Orr and Müller (1998).

    Keeps E[z²] = E[a²] from layer to layer when σ′(0) = 1 (tanh, identity), so that a
    layer's weighted inputs are of order 1 however many inputs it has: "Efficient
    BackProp", section 4.6. ``n_in`` is the layer's fan-in nˡ⁻¹, ``n_out`` its fan-out
    nˡ (checked, not used). Returns the standard deviation 1/√n_in. ``init="scaled"``
    is this rule.

    Chapters *Why learning is slow, and how to fix it* and *Making training work*.
    """
    return _lecun_std(*_check_fans(n_in, n_out))


def _lecun_std(n_in, n_out):
    """σ_w = 1/√n_in"""
    return 1.0 / np.sqrt(n_in)


def glorot_std(n_in, n_out):
    """Var w = 2 / (n_in + n_out): Glorot and Bengio (2010), also called Xavier.

    The forward pass keeps its size if n_in Var w = 1, the backward pass (BP2) if
    n_out Var w = 1; this is the harmonic mean of the two, exact for both when
    n_in = n_out. "Understanding the difficulty of training deep feedforward neural
    networks" (the paper draws from a uniform distribution with this variance; here it
    is a normal one). ``n_in``, ``n_out``: the layer's fan-in nˡ⁻¹
    and fan-out nˡ. Returns the standard deviation √(2 / (n_in + n_out)).

    Chapter *Making training work*.
    """
    return _glorot_std(*_check_fans(n_in, n_out))


def _glorot_std(n_in, n_out):
    """σ_w = √(2 / (n_in + n_out))"""
    return np.sqrt(2.0 / (n_in + n_out))


def he_std(n_in, n_out):
    """Var w = 2 / n_in: He, Zhang, Ren and Sun (2015), for ReLU layers.

    A ReLU sets about half of its weighted inputs to 0, so E[a²] = E[z²] / 2; twice
    LeCun's variance makes up for it and keeps E[z²] the same from layer to layer.
    "Delving deep into rectifiers", section 2.2. ``n_in`` is the layer's fan-in nˡ⁻¹,
    ``n_out`` its fan-out nˡ (checked, not used). Returns the standard deviation
    √(2 / n_in).

    Chapter *Making training work*.
    """
    return _he_std(*_check_fans(n_in, n_out))


def _he_std(n_in, n_out):
    """σ_w = √(2 / n_in)"""
    return np.sqrt(2.0 / n_in)


#: Each scheme by name, ``name -> σ_w(n_in, n_out)``, the cores of the functions above.
SCHEMES = {"normal": _normal_std, "lecun": _lecun_std, "glorot": _glorot_std,
           "he": _he_std}

#: Other names of a scheme; ``"scaled"`` is LeCun's rule.
ALIASES = {"scaled": "lecun"}

#: Every name ``Network(init=...)`` accepts.
INITIALIZATIONS = (*SCHEMES, *ALIASES)


def get_scheme(init):
    """σ_w(n_in, n_out) of the scheme named ``init``, one of :data:`INITIALIZATIONS`.

    Returns the function (n_in, n_out) -> standard deviation of the weights (a core of
    :data:`SCHEMES`); raises ``ValueError`` naming the known schemes for any other name.
    """
    check_choice("init", init, INITIALIZATIONS)
    return SCHEMES[ALIASES.get(init, init)]


def weight_std(init, n_in, n_out):
    """σ_w = √Var w of scheme ``init`` for a layer with n_in inputs and n_out neurons.

    ``init`` is one of :data:`INITIALIZATIONS`; ``n_in`` and ``n_out`` are positive
    ints.
    """
    return get_scheme(init)(*_check_fans(n_in, n_out))


def _check_fans(n_in, n_out):
    return check_positive_int("n_in", n_in), check_positive_int("n_out", n_out)


# ---- what the schemes predict for a ReLU network ------------------------------------

def relu_z_mean_squares(sizes, init, input_mean_square, bias_variance=1.0):
    """E[(zˡ)²] = nˡ⁻¹ Var wˡ E[(aˡ⁻¹)²] + Var b, l = 2..L, with E[a²] = E[z²]/2 (ReLU).

    The size of the weighted inputs of a network with ReLU hidden layers whose weights
    follow scheme ``init``, predicted layer by layer from the inputs' mean square
    ``input_mean_square`` = E[xₖ²] (over the input neurons and the examples) and the
    biases' variance ``bias_variance`` (1 for bpcode's N(0, 1) biases, 0 for the
    papers' zero biases). The expectation is over the random weights and biases; it
    takes each zˡ to be symmetric about 0, as zero-mean weights make it. ``sizes`` are
    the layer widths. Returns an array of L − 1 numbers, entry i for layer i + 2.

    Chapter *Making training work*.
    """
    sizes = _check_network_sizes(sizes)
    weight_std = get_scheme(init)
    x2 = check_nonnegative("input_mean_square", input_mean_square)
    return _relu_z_mean_squares(sizes, weight_std, x2,
                                check_nonnegative("bias_variance", bias_variance))


def _relu_z_mean_squares(sizes, weight_std, input_mean_square, bias_variance):
    """q² = n¹ Var w² E[x²] + Var b, then qˡ⁺¹ = nˡ Var wˡ⁺¹ qˡ / 2 + Var b"""
    q = [sizes[0] * weight_std(sizes[0], sizes[1]) ** 2 * input_mean_square
         + bias_variance]
    for n_in, n_out in zip(sizes[1:-1], sizes[2:]):
        q.append(n_in * weight_std(n_in, n_out) ** 2 * q[-1] / 2 + bias_variance)
    return np.array(q)


def relu_error_mean_squares(sizes, init):
    """E[(δˡ)²] / E[(δᴸ)²], l = 2..L: each BP2 multiplies by nˡ⁺¹ Var wˡ⁺¹ / 2 (ReLU).

    The size of the errors of a network with ReLU hidden layers whose weights follow
    scheme ``init``, relative to the output error, predicted backwards from
    E[(δˡₖ)²] = nˡ⁺¹ Var wˡ⁺¹ E[σ′(zˡₖ)²] E[(δˡ⁺¹ⱼ)²], where E[σ′²] = P(z > 0) = 1/2
    for a ReLU. This treats σ′(zˡ) as independent of the errors above it, the
    approximation of Glorot and Bengio (2010) and He et al. (2015). ``sizes`` are the
    layer widths. Returns an array of L − 1 numbers, entry i for layer i + 2; the last
    is 1.

    Chapter *Making training work*.
    """
    return _relu_error_mean_squares(_check_network_sizes(sizes), get_scheme(init))


def _relu_error_mean_squares(sizes, weight_std):
    """rᴸ = 1, then rˡ = nˡ⁺¹ Var wˡ⁺¹ rˡ⁺¹ / 2 for l = L − 1, …, 2"""
    r = [1.0]
    for l in range(len(sizes) - 1, 1, -1):          # layer l, weights wˡ⁺¹ above it
        n_in, n_out = sizes[l - 1], sizes[l]
        r.append(n_out * weight_std(n_in, n_out) ** 2 * r[-1] / 2)
    return np.array(r[::-1])


def _check_network_sizes(sizes):
    return check_sizes(getattr(sizes, "sizes", sizes))
