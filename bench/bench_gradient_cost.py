"""The cost of one full gradient: backprop vs forward mode vs finite differences.

Prints, for networks of sizes [k, k, 1] (n = (k+1)² weights and biases) on a batch of 100
examples, the time to the full gradient of the quadratic cost by each method and the
ratios forward mode / backprop and finite differences / backprop: the numbers behind the
chapter *Forward mode, and the cost of derivatives*, which makes the same measurement.
Finite differences and forward mode cost the same for every parameter, so for more than
MAX_PASSES parameters their time is measured on MAX_PASSES parameters and scaled by
n / MAX_PASSES (marked "extrap."). Each time is the best of REPEAT runs, on one core
(OPENBLAS_NUM_THREADS=1, set before NumPy loads) so that a busy machine's thread
scheduling does not distort single timings.

Run: ``make bench`` (or ``.venv/bin/python bench/bench_gradient_cost.py``).
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # bpcode from this checkout

import numpy as np  # noqa: E402

from bpcode.autodiff.timing import time_gradient  # noqa: E402
from bpcode.network import Network  # noqa: E402

SEED = 1
WIDTHS = [4, 16, 64, 128, 315]     # n = 25, 289, 4225, 16641, 99856
BATCH = 100
MAX_PASSES = 20
REPEAT = 7


def main():
    rng = np.random.default_rng(SEED)
    print(f"time to the full gradient, networks [k, k, 1], batch {BATCH}, best of {REPEAT}")
    print(f"{'n':>7} {'backprop':>11} {'forward':>11} {'fin. diff.':>11} "
          f"{'fwd/backprop':>13} {'fd/backprop':>12}")
    for k in WIDTHS:
        net = Network([k, k, 1], rng, init="scaled")
        X, Y = rng.standard_normal((k, BATCH)), rng.uniform(size=(1, BATCH))
        bp, fwd, fd = (time_gradient(m, net, X, Y, max_passes=MAX_PASSES, repeat=REPEAT)
                       for m in ("backprop", "forward mode", "finite differences"))
        note = "  (forward and fin. diff. extrap.)" if fd.extrapolated else ""
        print(f"{bp.n_parameters:>7} {bp.seconds:>10.2e}s {fwd.seconds:>10.2e}s {fd.seconds:>10.2e}s "
              f"{fwd.seconds / bp.seconds:>13.3g} {fd.seconds / bp.seconds:>12.3g}{note}")
    print("theory: forward mode n passes, finite differences 2n evaluations, backprop 1 forward"
          " + 1 backward pass; so both ratios grow about in proportion to n")


if __name__ == "__main__":
    main()
