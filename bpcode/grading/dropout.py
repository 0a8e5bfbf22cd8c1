"""The grader of dropout's backward pass.

The student writes ``backprop_with_dropout(net, X, Y, masks) -> (nabla_b, nabla_w)``,
the gradient of the cost with the dropout masks held fixed, as
:func:`bpcode.dropout.backprop_with_dropout` computes it: BP1 and BP3 as always, BP2
through the mask, δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ Dˡ ⊙ σ′(zˡ), and BP4 on the masked activations
ãˡ⁻¹. :func:`check_dropout` is the grader of :mod:`bpcode.grading.backprop` run on
networks with masks (:data:`PROBLEMS`), against central differences of
:func:`bpcode.dropout.cost_with_dropout`, and it recognizes the usual mistakes of
dropout (:data:`MISTAKES`).
"""

from bpcode.activations import get_activation
from bpcode.bugs import _gradients
from bpcode.dropout import _cost_with_dropout, _forward_with_dropout
from bpcode.equations import _bp2
from bpcode.grading.backprop import Problem, check_backprop
from bpcode.grading.fingerprints import Mistake
from bpcode.network import Network

TITLE = "dropout's backward pass"

#: The test networks of the backprop grader, each with masks for a dropout rate of one
#: half (a network without hidden layers has none, and is plain backprop).
#:
#: :meta hide-value:
PROBLEMS = (
    Problem((3, 4, 4, 4), "sigmoid", "sigmoid", "quadratic", 10, 11, 0.5),
    Problem((4, 6, 5, 3), "tanh", "sigmoid", "quadratic", 8, 7, 0.5),
    Problem((3, 5, 4, 3), "sigmoid", "softmax", "log_likelihood", 6, 3, 0.5),
    Problem((2, 3, 3, 1), "tanh", "sigmoid", "cross_entropy", 7, 5, 0.5),
    Problem((3, 4, 4, 4), "sigmoid", "sigmoid", "quadratic", 1, 13, 0.5),
    Problem((3, 2), "sigmoid", "sigmoid", "quadratic", 5, 17, 0.5),
    Problem((2, 4, 3, 3, 2), "tanh", "identity", "quadratic", 4, 19, 0.5),
)


def _deltas(net, X, Y, masks, mask_in_bp2=1):
    # δᴸ, …, δ² on the masked forward pass, with the mask in BP2 mask_in_bp2 times
    zs, activations = _forward_with_dropout(net, X, masks)
    _, sigma_prime = get_activation(net.activation)
    deltas = [net._output_error(zs[-1], activations[-1], Y)]
    for i in range(len(net.weights) - 2, -1, -1):
        deltas.insert(0, _bp2(net.weights[i + 1], deltas[0], zs[i], sigma_prime)
                      * masks[i] ** mask_in_bp2)
    return deltas, activations


def _mask_forgotten_in_bp2(net, X, Y, masks):
    deltas, activations = _deltas(net, X, Y, masks, mask_in_bp2=0)
    return _gradients(deltas, activations)


def _mask_twice_in_bp2(net, X, Y, masks):
    deltas, activations = _deltas(net, X, Y, masks, mask_in_bp2=2)
    return _gradients(deltas, activations)


def _unmasked_activations_in_bp4(net, X, Y, masks):
    deltas, _ = _deltas(net, X, Y, masks)
    return _gradients(deltas, net._forward(X)[1])


def _no_dropout_at_all(net, X, Y, masks):
    return Network._backprop(net, X, Y)


#: The usual mistakes of dropout's backward pass. (Any other is traced to its equation
#: by the pattern of wrong layers, as for backprop.)
#:
#: :meta hide-value:
MISTAKES = (
    Mistake("mask_forgotten_in_bp2", "BP2",
            "δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ): the mask Dˡ is forgotten. A dropped neuron "
            "took no part in the forward pass, so it passes no error back: "
            "δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ Dˡ ⊙ σ′(zˡ).", "dropout", _mask_forgotten_in_bp2),
    Mistake("mask_twice_in_bp2", "BP2",
            "δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ Dˡ ⊙ Dˡ ⊙ σ′(zˡ): the mask is applied twice, so a "
            "kept neuron's error is scaled by 1/(1 − p) once too often.", "dropout",
            _mask_twice_in_bp2),
    Mistake("unmasked_activations_in_bp4", "BP4",
            "∂C/∂wˡ = δˡ (aˡ⁻¹)ᵀ / m with the unmasked aˡ⁻¹ = σ(zˡ⁻¹): BP4 takes the "
            "activations the layer received, ãˡ⁻¹ = Dˡ⁻¹ ⊙ σ(zˡ⁻¹).", "dropout",
            _unmasked_activations_in_bp4),
    Mistake("no_dropout_at_all", "BP2 and BP4",
            "this is the gradient of the network without dropout: the masks must enter "
            "the forward pass (ãˡ = Dˡ ⊙ σ(zˡ)), BP2 and BP4.", "dropout",
            _no_dropout_at_all),
)


def check_dropout(backprop_with_dropout):
    """Grade ``backprop_with_dropout(net, X, Y, masks) -> (nabla_b, nabla_w)``.

    Returns a :class:`~bpcode.grading.feedback.Report`.
    """
    return check_backprop(backprop_with_dropout, PROBLEMS, MISTAKES,
                          cost=_cost_with_dropout, name="backprop_with_dropout",
                          assignment="dropout", title=TITLE)
