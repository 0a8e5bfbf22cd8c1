"""MNIST, the 28×28 handwritten digits: a sample that ships, and the full set on demand.

MNIST (LeCun, Cortes and Burges) holds 70,000 images of 28×28 grey levels 0–255, 60,000
for training and 10,000 for testing, in four files of the IDX format. Every loader here
returns the layout of :func:`bpcode.datasets.load_digits`: inputs x = grey level / 255
in [0, 1] as float64 of shape (784, m), one image per column with its pixels row by row,
and int64 labels 0–9 of shape (m,).

- :func:`load_mnist_sample`: 10,000 real MNIST training digits that ship inside the
  package (two gzipped IDX files in ``bpcode/data``, checked against their SHA-256 on
  every load; the README beside them gives source, licences and how they were made).
  Nothing is downloaded.
- :func:`load_mnist`: all 70,000 from the four standard files in a folder.
- :func:`fetch_mnist`: downloads those four files from a list of mirrors and verifies
  each against its published size and SHA-256.
- :func:`read_idx` and :func:`idx_bytes`: the IDX format itself, read and written.

Introduced in *Real digits: MNIST at 28×28*.
"""

import gzip
import hashlib
import http.client
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zlib
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from bpcode.checks import as_real, check_positive_int

#: The folder of the data files shipped with bpcode.
DATA_DIR = Path(__file__).resolve().parent / "data"

#: File name and SHA-256 of the shipped sample of 10,000 MNIST training digits, its
#: images (10000 × 28 × 28) and their labels, made by ``tools/convert_mnist.py``.
#:
#: :meta hide-value:
SAMPLE_FILES = {
    "images": ("mnist-sample-images-idx3-ubyte.gz",
               "6147811c070e77823b67d8be7963f6ab00af77f5660c687bbdc8a3a1bc7b7459"),
    "labels": ("mnist-sample-labels-idx1-ubyte.gz",
               "4098cd2f8985372bfe9d2755e944398058f46893cb54c15631c6343ae14199a9"),
}

#: The four standard MNIST files; each may also be gzipped (its name + ".gz").
MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}

#: Size in bytes and SHA-256 of each gzipped standard file, as TensorFlow Datasets
#: records them (github.com/tensorflow/datasets, tensorflow_datasets/url_checksums/
#: mnist.txt); torchvision-ruby's MNIST (github.com/ankane/torchvision-ruby) lists the
#: same SHA-256, and torchvision's (github.com/pytorch/vision) the MD5 of these files.
#:
#: :meta hide-value:
MNIST_CHECKSUMS = {
    "train-images-idx3-ubyte.gz":
        (9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train-labels-idx1-ubyte.gz":
        (28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "t10k-images-idx3-ubyte.gz":
        (1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "t10k-labels-idx1-ubyte.gz":
        (4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}

#: Where :func:`fetch_mnist` looks, in this order. First torchvision's mirror, then the
#: one TensorFlow Datasets downloads from, then the original site (often unavailable).
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

_IDX_UBYTE = 0x08   # the IDX type code of unsigned bytes, the only type MNIST uses
_CHUNK = 1 << 16    # bytes read from the network at a time


# ---- the IDX format ------------------------------------------------------------------
def read_idx(path, ndim):
    """The array in an IDX file of unsigned bytes (MNIST's format), gzipped or not.

    The file holds a 4-byte magic number 0x00 0x00 0x08 ``ndim``, then ``ndim`` sizes as
    big-endian 32-bit integers, then exactly as many bytes as the product of the sizes.
    Returns a uint8 array of those sizes. A file whose magic number, sizes or length do
    not match, or a damaged gzip stream, raises ``ValueError`` naming the file; a
    missing file raises ``FileNotFoundError``. A name ending in ``.gz`` is read as gzip.

    Introduced in *Real digits: MNIST at 28×28*.
    """
    path = _as_path("path", path)
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


def idx_bytes(array):
    """The IDX encoding of a uint8 array: the bytes :func:`read_idx` reads back.

    Magic number 0x00 0x00 0x08 ``array.ndim``, the sizes as big-endian 32-bit
    integers, then the values in row-major order. ``array`` is a numpy array of dtype
    uint8 with 1 to 255 dimensions.

    Introduced in *Real digits: MNIST at 28×28*.
    """
    if not isinstance(array, np.ndarray) or array.dtype != np.uint8:
        raise TypeError("array must be a numpy array of dtype uint8 (grey levels or "
                        f"labels 0–255), got {getattr(array, 'dtype', type(array))}")
    if not 1 <= array.ndim <= 255:
        raise ValueError(f"array must have 1 to 255 dimensions, got {array.ndim}")
    sizes = np.array(array.shape, dtype=">u4").tobytes()
    return bytes([0, 0, _IDX_UBYTE, array.ndim]) + sizes + array.tobytes(order="C")


# ---- the shipped sample, and the full set from a folder ------------------------------
def load_mnist_sample():
    """The 10,000 shipped MNIST digits: inputs x = grey level / 255 in [0, 1], labels.

    Returns ``(X, labels)`` as :func:`bpcode.datasets.load_digits` does: X is float64
    of shape (784, 10000), one 28×28 image per column with its pixels row by row
    (``X[:, k].reshape(28, 28)`` is image k), and ``labels`` is int64 of shape (10000,),
    sorted by digit as the source stores them (all 0s, then all 1s, …). Each file is
    checked against its SHA-256 in :data:`SAMPLE_FILES` before it is read; a damaged
    installation raises ``ValueError``. Split it with
    :func:`bpcode.datasets.stratified_split`.

    Introduced in *Real digits: MNIST at 28×28*.
    """
    arrays = {}
    for key, (name, sha256) in SAMPLE_FILES.items():
        path = DATA_DIR / name
        if not path.is_file():
            raise FileNotFoundError(f"the shipped MNIST sample {path} is missing: "
                                    "reinstall bpcode")
        found = _sha256(path)
        if found != sha256:
            raise ValueError(f"the shipped MNIST sample {path} is damaged: its SHA-256 "
                             f"is {found}, expected {sha256}; reinstall bpcode")
        arrays[key] = read_idx(path, 3 if key == "images" else 1)
    return _as_columns(arrays["images"], arrays["labels"], "sample")


def load_mnist(directory):
    """MNIST from the four IDX files in ``directory``: x = grey level / 255 in [0, 1].

    Looks for ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each as is or gzipped
    (name + ``.gz``), in ``directory`` (a path; ``~`` is expanded), e.g. the folder
    :func:`fetch_mnist` filled. Returns ``((X_train, labels_train), (X_test,
    labels_test))`` in the layout of :func:`bpcode.datasets.load_digits`: X is float64
    of shape (rows · cols, m), one image per column with its pixels row by row (784 ×
    60,000 and 784 × 10,000 for MNIST), and the labels are int64 of shape (m,),
    values 0–9.

    Raises ``FileNotFoundError`` for a missing folder or file, ``NotADirectoryError``
    for a file given as the folder, and ``ValueError`` for a corrupted or truncated
    file, or for files that do not fit together (no images, images of different sizes,
    not one label per image, labels outside 0–9).

    Introduced in *Real digits: MNIST at 28×28*.
    """
    directory = _as_path("directory", directory)
    if directory.is_file():
        raise NotADirectoryError(f"load_mnist needs the folder that holds the four "
                                 f"MNIST files, got the file {directory}")
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
    return tuple(_as_columns(arrays[f"{part}_images"], arrays[f"{part}_labels"], part)
                 for part in ("train", "test"))


def _as_columns(images, labels, part):
    # Checked uint8 images (m, rows, cols) and labels (m,) -> (X, int64 labels).
    if images.shape[0] == 0:
        raise ValueError(f"the MNIST {part} set holds no images; its files must hold "
                         "at least one image and its label")
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"MNIST {part} set has {images.shape[0]} images but "
                         f"{labels.shape[0]} labels; they must correspond one to one")
    if labels.max() > 9:
        raise ValueError(f"MNIST {part} labels must be digits 0–9, found "
                         f"{int(labels.max())}")
    return _columns(images), labels.astype(np.int64)


def _columns(images):
    """x = k / 255: images (m, rows, cols) of levels k as columns (rows·cols, m)"""
    m = images.shape[0]
    X = images.reshape(m, -1).T.astype(np.float64) / 255.0   # image i is column i
    return np.ascontiguousarray(X)


# ---- downloading the full set --------------------------------------------------------
def fetch_mnist(directory, mirrors=MNIST_MIRRORS, checksums=MNIST_CHECKSUMS,
                progress=True, timeout=60):
    """Download the four gzipped MNIST files into ``directory``, each one verified.

    For each file of ``checksums`` (name → (size in bytes, SHA-256); by default the
    four standard files, :data:`MNIST_CHECKSUMS`), tries the ``mirrors`` in order (URLs
    of folders, :data:`MNIST_MIRRORS` by default; ``file://`` works too) until one
    gives exactly that size and SHA-256. A download goes to a temporary folder first
    and moves into ``directory`` only once verified, so the folder never holds a
    partial or corrupted file. Files already there with the right checksum are kept;
    ``directory`` is created when the first verified file arrives. With ``progress``
    it reports each file on stderr as it arrives. ``timeout`` is in seconds, per
    network operation.

    Returns ``directory`` as a ``pathlib.Path``, ready for :func:`load_mnist`.
    Raises ``OSError`` naming every mirror tried and what went wrong with it (no
    answer, an HTTP error, a wrong size or checksum) when no mirror gives a verified
    copy of a file.

    Introduced in *Real digits: MNIST at 28×28* (which shows it but never calls it:
    the book runs offline).
    """
    directory = _as_path("directory", directory)
    mirrors = _check_mirrors(mirrors)
    checksums = _check_checksums(checksums)
    timeout = as_real("timeout", timeout)
    if not np.isfinite(timeout) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout}")
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be True or False, got {progress!r}")
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(f"fetch_mnist needs a folder to download into, got "
                                 f"the file {directory}")

    def say(*parts, end="\n"):
        if progress:
            print(*parts, end=end, file=sys.stderr, flush=True)

    for name, (size, sha256) in checksums.items():
        target = directory / name
        if target.is_file():
            if _mismatch(target, size, sha256) is None:
                say(f"{name}: already in {directory}, checksum verified")
                continue
            say(f"{name}: the copy in {directory} does not match its checksum; "
                "downloading it again")
        _fetch_one(name, size, sha256, mirrors, target, timeout, say)
    return directory


def _fetch_one(name, size, sha256, mirrors, target, timeout, say):
    """Try each mirror until one gives a verified copy of name; move it to target"""
    failures = []
    with tempfile.TemporaryDirectory(prefix="bpcode-mnist-") as tmp:
        part = Path(tmp) / name
        for mirror in mirrors:
            url = mirror + name
            say(f"{name} ({size:,} bytes) from {url}:", end="")
            try:
                _download(url, part, size, timeout, say)
            # no answer, HTTP error, cut connection, a URL urllib cannot open
            except (OSError, http.client.HTTPException, ValueError) as err:
                say(" failed")
                failures.append(f"{url}: {type(err).__name__}: {err}")
                if isinstance(err, urllib.error.HTTPError):
                    err.close()     # an HTTP error holds the open response
                continue
            problem = _mismatch(part, size, sha256)
            if problem is not None:
                say(f" rejected, {problem}")
                failures.append(f"{url}: {problem}")
                continue
            say(" verified")
            _install(part, target)
            return
    raise OSError(f"could not fetch {name}: no mirror gave a verified copy "
                  f"({size:,} bytes, SHA-256 {sha256}), so none was put in "
                  f"{target.parent}. Tried:\n  " + "\n  ".join(failures))


def _download(url, part, size, timeout, say):
    # Stream url into the file part, reporting every tenth of the expected size.
    received, shown = 0, 0
    with urllib.request.urlopen(url, timeout=timeout) as response, \
            open(part, "wb") as out:
        while chunk := response.read(_CHUNK):
            received += len(chunk)
            out.write(chunk)
            if received > size:
                break   # not the expected file; _mismatch reports its size
            while shown < 10 and received * 10 >= (shown + 1) * size:
                shown += 1
                say(f" {10 * shown}%", end="")


def _mismatch(path, size, sha256):
    # None if the file at path has this size and SHA-256, else what is wrong with it.
    found_size = path.stat().st_size
    if found_size != size:
        more = " or more" if found_size > size else ""
        return f"wrong size: {found_size:,} bytes{more}, expected {size:,}"
    found = _sha256(path)
    if found != sha256:
        return (f"SHA-256 mismatch: got {found}, expected {sha256} "
                "(a corrupted file, or not the standard one)")
    return None


def _install(part, target):
    # Move a verified download into place without a partial file ever showing there.
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(part, target)            # same file system: one atomic rename
    except OSError:                          # another one: copy beside it, then rename
        staging = target.with_name(f".{target.name}.incomplete")
        try:
            shutil.copyfile(part, staging)
            os.replace(staging, target)
        finally:
            staging.unlink(missing_ok=True)


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# ---- argument checks -----------------------------------------------------------------
def _as_path(name, value):
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (a str or pathlib.Path), got "
                        f"{type(value).__name__}: {value!r}")
    return Path(value).expanduser()


def _check_mirrors(mirrors):
    if (isinstance(mirrors, str) or not isinstance(mirrors, (list, tuple))
            or not mirrors):
        raise TypeError("mirrors must be a non-empty list of folder URLs, e.g. "
                        f"['https://example.org/mnist/'], got {mirrors!r}")
    for i, mirror in enumerate(mirrors):
        if not isinstance(mirror, str) or not mirror.strip():
            raise TypeError(f"mirrors[{i}] must be a URL string, got {mirror!r}")
    return [m.rstrip("/") + "/" for m in mirrors]


def _check_checksums(checksums):
    if not isinstance(checksums, Mapping) or not checksums:
        raise TypeError("checksums must be a non-empty mapping from file name to "
                        f"(size in bytes, SHA-256 hex digest), got {checksums!r}")
    checked = {}
    for name, entry in checksums.items():
        ok = (isinstance(name, str) and name and "/" not in name
              and isinstance(entry, tuple) and len(entry) == 2)
        if ok:
            size, sha256 = entry
            ok = (isinstance(size, int) and not isinstance(size, bool) and size > 0
                  and isinstance(sha256, str) and len(sha256) == 64
                  and all(c in "0123456789abcdef" for c in sha256))
        if not ok:
            raise ValueError("checksums must map a plain file name to (size in bytes "
                             "> 0, SHA-256 as 64 lower-case hex digits), got "
                             f"{name!r}: {entry!r}")
        checked[name] = entry
    return checked
