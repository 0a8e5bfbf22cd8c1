"""Re-execute notebooks in place, top to bottom in a fresh kernel: `make notebooks`.

Usage: python tools/execute_notebooks.py chapters/a.ipynb [chapters/b.ipynb ...]

Each notebook runs with its own folder as the working directory, in the kernel of the
Python that runs this script (the project's .venv under make), so the stored outputs are
exactly what `pytest --nbval --nbval-current-env` will compare against. The kernelspec
metadata is normalized so that every notebook names the same kernel.
"""

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

# The "python3" kernelspec starts whichever `python` comes first on PATH: make it ours.
os.environ["PATH"] = (
    os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
)

KERNELSPEC = {
    "name": "python3",
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
}


def execute(path):
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(paths):
    if not paths:
        sys.exit(__doc__)
    for p in map(Path, paths):
        print(f"executing {p} ...", end=" ", flush=True)
        print(f"{execute(p):.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
