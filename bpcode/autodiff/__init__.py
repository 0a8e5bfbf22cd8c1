"""Automatic differentiation from scratch, in the order the book builds it.

- :mod:`bpcode.autodiff.value`: ``Value``, a scalar that records the operations applied
  to it and back-propagates gradients through them (reverse mode).
- :mod:`bpcode.autodiff.graph`: the graph walk every reverse-mode engine shares: the
  topological order and the rule against stale gradients.
- :mod:`bpcode.autodiff.graph_drawing`: drawing a graph of ``Value`` nodes.
- :mod:`bpcode.autodiff.paths`: the chain rule as a sum over paths.
- :mod:`bpcode.autodiff.scalar`: what Value and Dual both need of a scalar function: a
  safe value (exp, sigmoid) and its domain (powers).
- :mod:`bpcode.autodiff.dual`: ``Dual``, a dual number a + b·ε carrying one directional
  derivative forwards (forward mode).
- :mod:`bpcode.autodiff.forward_mode`: forward mode through a ``Network``, as
  Jacobian-vector products on arrays.
- :mod:`bpcode.autodiff.timing`: timing the full gradient by backprop, forward mode and
  finite differences.
- :mod:`bpcode.autodiff.tensor`: ``Tensor``, reverse mode on float64 arrays, with just
  what a multilayer perceptron needs.
- :mod:`bpcode.autodiff.mlp`: ``Neuron``, ``Layer`` and ``MLP`` built from ``Value``,
  trained in *A neural network on top of Value*.

Import the classes from their modules, e.g. ``from bpcode.autodiff.value import Value``.
"""
