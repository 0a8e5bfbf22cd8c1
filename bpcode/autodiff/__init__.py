"""Automatic differentiation from scratch.

- :mod:`bpcode.autodiff.value`: ``Value``, a scalar that records the operations applied
  to it and back-propagates gradients through them (reverse mode).
- :mod:`bpcode.autodiff.dual`: ``Dual``, a dual number a + b·ε carrying one directional
  derivative forwards (forward mode).
- :mod:`bpcode.autodiff.scalar`: what both need of a scalar function: a safe value (exp,
  sigmoid) and its domain (powers).
- :mod:`bpcode.autodiff.tensor`: ``Tensor``, reverse mode on float64 arrays, with just
  what a multilayer perceptron needs.
- :mod:`bpcode.autodiff.mlp`: ``Neuron``, ``Layer`` and ``MLP`` built from ``Value``,
  trained in *A neural network on top of Value*.

Import the classes from their modules, e.g. ``from bpcode.autodiff.value import Value``.
"""
