"""Handwritten digits: the book's own 8×8 digits, and MNIST for readers who have it.

Every loader returns inputs scaled to [0, 1] with one example per *column*, as
everywhere in the book: X has shape (n_pixels, m), and the labels have shape (m,).
Networks train on one-hot targets, :func:`one_hot`, and are judged on examples they
never saw: :func:`stratified_split` draws training, validation and test sets with the
same proportion of every digit in each.

- :func:`load_digits`: 1,797 images of 8×8 grey levels 0–16, the UCI "Optical
  Recognition of Handwritten Digits" data (Alpaydin and Kaynak, CC BY 4.0) as
  distributed with scikit-learn. The file ships inside the package
  (``bpcode/data/digits.csv.gz``; the README beside it gives its source, citation and
  licence): nothing is downloaded.
- :func:`load_mnist`: the 70,000 28×28 MNIST images from the four standard IDX files,
  read from a folder the reader provides, with every header and length checked.

Introduced in *Recognizing handwritten digits*.
"""

import gzip
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

from bpcode.checks import as_labels, check_nonnegative, check_positive_int, check_rng

#: The path of the shipped digits, 1,797 lines of 64 pixel values (0 to 16) and a label
#: (0 to 9).
DIGITS_FILE = Path(__file__).resolve().parent / "data" / "digits.csv.gz"

#: The largest grey level of the 8×8 digits (a count of "on" pixels in a 4×4 block).
DIGITS_MAX_LEVEL = 16

#: The four standard MNIST files; each may also be gzipped (its name + ".gz").
MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

_IDX_UBYTE = 0x08   # the IDX type code of unsigned bytes, the only type MNIST uses


def load_digits():
    """The 1,797 8×8 digits: inputs x = grey level / 16 in [0, 1], and labels.

    Returns ``(X, labels)``: X is float64 of shape (64, 1797), one image per column with
    its pixels row by row (``X[:, k].reshape(8, 8)`` is image k), and ``labels`` is
    int64 of shape (1797,) with values 0–9. Read from :data:`DIGITS_FILE`, shipped with
    the package.

    Introduced in *Recognizing handwritten digits*.
    """
    with gzip.open(DIGITS_FILE, "rt", encoding="ascii") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64, ndmin=2)
    if table.shape[1] != 65:
        raise ValueError(f"{DIGITS_FILE} must have 65 columns (64 pixels and a label), "
                         f"got {table.shape[1]}")
    X = table[:, :64].T.astype(np.float64) / DIGITS_MAX_LEVEL
    return np.ascontiguousarray(X), table[:, 64].copy()


def one_hot(labels, n_classes):
    """Yₖₓ = 1 if example x has label k, else 0: one-hot targets, a column per example.

    ``labels`` is an integer array (or list) of shape (m,) with values in
    0 .. n_classes − 1; the result is float64 of shape (n_classes, m) (no labels give
    (n_classes, 0)).

    Introduced in *Recognizing handwritten digits*.
    """
    n_classes = check_positive_int("n_classes", n_classes)
    return _one_hot(as_labels("labels", labels, n_classes=n_classes), n_classes)


def _one_hot(labels, n_classes):
    """Yₖₓ = 1 if labelₓ = k, else 0"""
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


class Split(NamedTuple):
    """Index arrays of the training, validation and test examples (sorted, disjoint)."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray


def stratified_split(labels, rng, validation=0.2, test=0.2):
    """Split examples 0..m−1 into training, validation and test sets, class by class.

    For each class c with n_c examples, a random ``round(test · n_c)`` of them
    (drawn with ``rng``) go to the test set, ``round(validation · n_c)`` to the
    validation set and the rest to the training set: by default 60% / 20% / 20%, in
    every class alike. ``labels`` has shape (m,); the result is a :class:`Split` of
    three sorted int64 index arrays that are disjoint and together cover 0..m−1. The
    same seed gives the same split. Use them as ``X[:, split.train]`` and
    ``labels[split.train]``.

    Introduced in *Recognizing handwritten digits*.
    """
    check_rng(rng)
    labels = as_labels("labels", labels)
    validation = check_nonnegative("validation", validation)
    test = check_nonnegative("test", test)
    if validation + test >= 1:
        raise ValueError(f"validation + test must be < 1 to leave training examples, "
                         f"got validation={validation} and test={test}")
    return _stratified_split(labels, rng, validation, test)


def _stratified_split(labels, rng, validation, test):
    """Per class c: round(test · n_c) to test, round(validation · n_c) to validation"""
    train_parts, validation_parts, test_parts = [], [], []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        n_test = int(round(test * members.size))
        n_val = int(round(validation * members.size))
        test_parts.append(members[:n_test])
        validation_parts.append(members[n_test:n_test + n_val])
        train_parts.append(members[n_test + n_val:])
    return Split(*(np.sort(np.concatenate(p + [np.zeros(0, np.int64)])).astype(np.int64)
                   for p in (train_parts, validation_parts, test_parts)))


def read_idx(path, ndim):
    """The array in an IDX file of unsigned bytes (MNIST's format), gzipped or not.

    The file holds a 4-byte magic number 0x00 0x00 0x08 ``ndim``, then ``ndim`` sizes as
    big-endian 32-bit integers, then exactly as many bytes as the product of the sizes.
    Returns a uint8 array of those sizes. A file whose magic number, sizes or length do
    not match, or a damaged gzip stream, raises ``ValueError`` naming the file; a
    missing file raises ``FileNotFoundError``. A name ending in ``.gz`` is read as gzip.

    Introduced in *Recognizing handwritten digits*.
    """
    path = Path(path).expanduser()
    ndim = check_positive_int("ndim", ndim)
    if not path.is_file():
        raise FileNotFoundError(f"IDX file {path} does not exist")
    if path.suffix == ".gz":
        try:
            with gzip.open(path, "rb") as f:
                raw = f.read()
        # bad header, cut stream, bad data
        except (OSError, EOFError, zlib.error) as err:
            raise ValueError(f"{path} is not a valid gzip file "
                             f"(corrupted or truncated?): {err}") from None
    else:
        raw = path.read_bytes()
    header = 4 + 4 * ndim
    magic, expected = raw[:4], bytes([0, 0, _IDX_UBYTE, ndim])
    if len(raw) >= 4 and magic != expected:
        raise ValueError(f"{path} has magic number 0x{magic.hex()}, expected "
                         f"0x{expected.hex()} (IDX, unsigned bytes, "
                         f"{ndim} dimension(s)): a wrong or corrupted file")
    if len(raw) < header:
        raise ValueError(f"{path} is truncated: {len(raw)} bytes, shorter than the "
                         f"{header}-byte header of an IDX file "
                         f"with {ndim} dimension(s)")
    dims = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    size = int(np.prod(dims, dtype=np.int64))
    if len(raw) - header != size:
        what = ("truncated" if len(raw) - header < size
                else "longer than its header says")
        raise ValueError(f"{path} is {what}: its header gives sizes {dims}, that is "
                         f"{size} bytes of data, but it holds {len(raw) - header}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


def load_mnist(directory):
    """MNIST from the four IDX files in ``directory``: x = grey level / 255 in [0, 1].

    Looks for ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each as is or gzipped
    (name + ``.gz``), in ``directory`` (a path; ``~`` is expanded). Returns
    ``((X_train, labels_train), (X_test, labels_test))`` in the layout of
    :func:`load_digits`: X is float64 of shape (rows · cols, m), one image per column
    with its pixels row by row (784 × 60,000 and 784 × 10,000 for MNIST), and the labels
    are int64 of shape (m,), values 0–9.

    Raises ``FileNotFoundError`` for a missing folder or file and ``ValueError`` for a
    corrupted or truncated file, or for files that do not fit together (images of
    different sizes, not one label per image, labels outside 0–9).

    Introduced in *Recognizing handwritten digits*.
    """
    directory = Path(directory).expanduser()
    if not directory.is_dir():
        raise FileNotFoundError(f"MNIST directory {directory} does not exist")
    arrays = {}
    for key, name in MNIST_FILES.items():
        found = [p for p in (directory / name, directory / f"{name}.gz") if p.is_file()]
        if not found:
            raise FileNotFoundError(f"MNIST file {name} (or {name}.gz) not found in "
                                    f"{directory}; the folder must hold "
                                    f"{', '.join(MNIST_FILES.values())}")
        arrays[key] = read_idx(found[0], 3 if key.endswith("images") else 1)
    train_shape, test_shape = (arrays["train_images"].shape[1:],
                               arrays["test_images"].shape[1:])
    if train_shape != test_shape:
        raise ValueError(f"MNIST training images are {train_shape[0]}×{train_shape[1]} "
                         f"pixels but test images {test_shape[0]}×{test_shape[1]}")
    result = []
    for part in ("train", "test"):
        images, labels = arrays[f"{part}_images"], arrays[f"{part}_labels"]
        if images.shape[0] != labels.shape[0]:
            raise ValueError(f"MNIST {part} set has {images.shape[0]} images but "
                             f"{labels.shape[0]} labels; "
                             "they must correspond one to one")
        if labels.size and labels.max() > 9:
            raise ValueError(f"MNIST {part} labels must be digits 0–9, found "
                             f"{int(labels.max())}")
        X = images.reshape(images.shape[0], -1).T.astype(np.float64) / 255.0
        result.append((np.ascontiguousarray(X), labels.astype(np.int64)))
    return tuple(result)
