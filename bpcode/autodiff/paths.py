"""The chain rule on a graph as a sum over paths, spelled out (for teaching, not speed).

    dy/dx = Σ over paths x → … → y of the product of the local derivatives on the path

This is what :meth:`bpcode.autodiff.value.Value.backward` computes, but backward never
lists the paths: their number can grow exponentially with the depth of the graph, while
backward visits each edge once. The functions here list them, to show the identity on
small graphs.

Introduced in *Computational graphs and the chain rule*.
"""

from bpcode.autodiff.graph import topological_order
from bpcode.autodiff.value import Value

__all__ = ["paths", "derivative_by_paths", "count_paths"]


def paths(root, leaf):
    """Every path leaf → … → root, as a list of (parent, child, local derivative) edges.

    Lists all paths explicitly (iteratively, without recursion); use only on small
    graphs.
    """
    _check(root, leaf)
    found = []
    stack = [(root, [])]                 # walk backwards from root towards leaf
    while stack:
        node, edges = stack.pop()
        if node is leaf:
            found.append(edges[::-1])
            continue
        for parent, local in zip(node.parents, node.local_grads):
            stack.append((parent, edges + [(parent, node, local)]))
    return found


def derivative_by_paths(root, leaf):
    """d(root)/d(leaf) as the sum over all paths of the product of local derivatives."""
    total = 0.0
    for path in paths(root, leaf):
        product = 1.0
        for _, _, local in path:
            product *= local
        total += product
    return total


def count_paths(root, leaf):
    """The number of paths leaf → … → root, counted, not listed, in linear time.

    A node's count is the sum of its parents' counts (1 for the leaf itself), so one
    visit per node in topological order counts paths whose number may be exponential in
    the depth of the graph.
    """
    _check(root, leaf)
    return _count_paths(root, leaf)


def _count_paths(root, leaf):
    """paths(leaf → node) = Σ over the node's parents p of paths(leaf → p)"""
    count = {}
    for node in topological_order(root):     # parents come first
        count[node] = 1 if node is leaf else sum(count[p] for p in node.parents)
    return count[root]


def _check(root, leaf):
    for name, v in (("root", root), ("leaf", leaf)):
        if not isinstance(v, Value):
            raise TypeError(f"{name} must be a Value, got {type(v).__name__}")
