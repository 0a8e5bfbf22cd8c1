"""The graph walk that every reverse-mode engine of the book shares.

A node of a computational graph is any object with a tuple ``_parents`` of the nodes it
was computed from: a scalar :class:`~bpcode.autodiff.value.Value` or an array
:class:`~bpcode.autodiff.tensor.Tensor`. A backward pass visits the nodes below a
result in reverse :func:`topological_order`, so that a node's gradient is complete,
summed over all its uses, before it is passed on to its parents.

Both engines follow the same rule about gradients left by an earlier backward pass
(:func:`backward_order`): refuse to add to them, unless asked to accumulate, in which
case only the leaves keep theirs. Silently doubling the gradients is the classic bug of
autodiff engines written from scratch.

:func:`count_alive` counts the nodes that exist, which shows when a graph is freed.

Introduced in *Reverse-mode autodiff in a page of code*.
"""

import gc

__all__ = ["topological_order", "backward_order", "count_alive"]


def topological_order(root):
    """Every node in the graph below ``root``, each after all its parents; root last.

    Iterative depth-first search: the same visit as the textbook recursive version
    (visit the parents, then append the node), with the call stack kept in a list, so a
    chain of a million operations needs no Python recursion and cannot hit the
    recursion limit. Each stack entry is a node and an iterator over its parents that
    remembers how far the visit of that node has got.
    """
    if not hasattr(root, "_parents"):
        raise TypeError("root must be a node of a graph (a Value or a Tensor), got "
                        f"{type(root).__name__}")
    return _topological_order(root)


def _topological_order(root):
    """Depth first: a node's parents, then the node; with an explicit stack"""
    order = []
    seen = {root}
    stack = [(root, iter(root._parents))]
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if parent not in seen:
                seen.add(parent)
                stack.append((parent, iter(parent._parents)))
                break                      # visit this parent's parents first
        else:                              # all parents done: the node comes next
            stack.pop()
            order.append(node)
    return order


def backward_order(root, accumulate=False):
    """The nodes below ``root`` in topological order, ready for a backward pass.

    Raises ``RuntimeError`` if a node still holds a gradient from an earlier backward
    pass (``node._holds_grad()``), since adding to it would silently double the result;
    with ``accumulate=True`` the intermediate nodes are reset instead
    (``node._reset_grad()``), so that only the leaves add the new gradient to the old:
    a stale gradient in an intermediate node would be passed on, and counted twice.
    """
    order = topological_order(root)
    if accumulate:
        for node in order:
            if node._parents:
                node._reset_grad()
        return order
    for node in order:
        if node._holds_grad():
            raise RuntimeError(
                "backward() would add to gradients left by an earlier backward() "
                f"(found {node!r}); call zero_grad() on this result first, or "
                "backward(accumulate=True) to add the new gradient on purpose")
    return order


def count_alive(node_type):
    """How many objects of class ``node_type`` (e.g. Value, Tensor) exist right now.

    Counted among the objects Python's garbage collector tracks, which include every
    instance of a class defined in Python. With the collector switched off
    (``gc.disable()``), what a ``del`` leaves behind is what reference counting alone
    cannot free: objects in reference cycles. *Reverse-mode autodiff in a page of code*
    and *Backpropagation is reverse-mode autodiff* count Values and Tensors this way.
    """
    if not isinstance(node_type, type):
        raise TypeError(f"node_type must be a class such as Value, got {node_type!r}")
    return sum(isinstance(obj, node_type) for obj in gc.get_objects())
