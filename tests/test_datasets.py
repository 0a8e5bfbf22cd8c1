"""Tests of bpcode.datasets: the shipped digits, one-hot, the split and IDX files."""

import gzip
import hashlib
import struct

import numpy as np
import pytest

from bpcode.datasets import (
    DIGITS_FILE,
    MNIST_FILES,
    Split,
    load_digits,
    load_mnist,
    one_hot,
    read_idx,
    stratified_split,
)

DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


# ---- the shipped digits --------------------------------------------------------------
def test_shipped_digits_file_is_the_documented_one():
    assert hashlib.sha256(DIGITS_FILE.read_bytes()).hexdigest() == DIGITS_SHA256
    readme = (DIGITS_FILE.parent / "README.md").read_text()
    assert DIGITS_SHA256 in readme and "CC BY 4.0" in readme and "Alpaydin" in readme


def test_load_digits_returns_columns_of_64_pixels_in_unit_range():
    X, labels = load_digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    # grey levels 0..16 divided by 16: every value is a multiple of 1/16
    assert np.array_equal(X * 16, np.round(X * 16))
    assert X.flags.c_contiguous


def test_load_digits_has_every_digit_about_180_times():
    _, labels = load_digits()
    counts = np.bincount(labels, minlength=10)
    assert counts.sum() == 1797 and counts.size == 10
    assert counts.tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_first_digit_is_a_zero_read_row_by_row():
    X, labels = load_digits()
    assert labels[0] == 0
    image = X[:, 0].reshape(8, 8) * 16
    assert image[0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    assert image[:, 0].sum() == 0   # a zero: ink in the middle, not at the left border


# ---- one-hot -------------------------------------------------------------------------
def test_one_hot_puts_a_single_one_in_each_column():
    Y = one_hot(np.array([2, 0, 1, 2]), 3)
    assert Y.shape == (3, 4) and Y.dtype == np.float64
    assert np.array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    assert np.array_equal(
        np.argmax(one_hot(load_digits()[1], 10), axis=0), load_digits()[1]
    )


def test_one_hot_of_no_labels_is_empty():
    assert one_hot(np.array([], dtype=int), 4).shape == (4, 0)


@pytest.mark.parametrize("labels, n, error, match", [
    (np.array([0, 3]), 3, ValueError, "labels must lie in 0..2"),
    (np.array([-1, 0]), 3, ValueError, r"labels must lie in 0..2 .* got -1"),
    (np.array([0.5, 1.0]), 3, TypeError, "integer class indices"),
    (np.array([True, False]), 3, TypeError, "integer class indices"),
    (np.zeros((2, 2), dtype=int), 3, ValueError, "1-D array"),
    (np.array([0, 1]), 0, ValueError, "n_classes must be a positive integer"),
    (np.array([0, 1]), 2.0, TypeError, "n_classes must be a positive integer"),
])
def test_one_hot_rejects_bad_input(labels, n, error, match):
    with pytest.raises(error, match=match):
        one_hot(labels, n)


# ---- the stratified split ------------------------------------------------------------
def test_split_is_disjoint_sorted_and_covers_every_example():
    _, labels = load_digits()
    split = stratified_split(labels, np.random.default_rng(0))
    assert isinstance(split, Split)
    every = np.concatenate(split)
    assert np.array_equal(
        np.sort(every), np.arange(labels.size)
    )  # covering and disjoint
    for part in split:
        assert part.dtype == np.int64 and np.all(np.diff(part) > 0)


def test_split_defaults_to_60_20_20_in_every_class():
    _, labels = load_digits()
    split = stratified_split(labels, np.random.default_rng(0))
    for c in range(10):
        n_c = np.sum(labels == c)
        assert np.sum(labels[split.test] == c) == round(0.2 * n_c)
        assert np.sum(labels[split.validation] == c) == round(0.2 * n_c)
        assert np.sum(labels[split.train] == c) == n_c - 2 * round(0.2 * n_c)
    assert [len(p) for p in split] == [1079, 359, 359]


def test_split_is_stratified_for_other_proportions():
    _, labels = load_digits()
    split = stratified_split(labels, np.random.default_rng(3), validation=0.1, test=0.3)
    overall = np.bincount(labels) / labels.size
    for part, share in zip(split, (0.6, 0.1, 0.3)):
        assert abs(len(part) / labels.size - share) < 0.01
        assert (
            np.max(
                np.abs(np.bincount(labels[part], minlength=10) / len(part) - overall)
            )
            < 0.01
        )


def test_split_is_reproducible_for_a_seed_and_differs_between_seeds():
    _, labels = load_digits()
    a = stratified_split(labels, np.random.default_rng(7))
    b = stratified_split(labels, np.random.default_rng(7))
    c = stratified_split(labels, np.random.default_rng(8))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not np.array_equal(a.test, c.test)


def test_split_without_validation_gives_an_empty_validation_set():
    labels = np.repeat(np.arange(3), 10)
    split = stratified_split(labels, np.random.default_rng(0), validation=0, test=0.5)
    assert split.validation.size == 0 and split.validation.dtype == np.int64
    assert len(split.train) == len(split.test) == 15


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(validation=0.5, test=0.5), ValueError, "validation \\+ test must be < 1"),
    (dict(validation=-0.1), ValueError, "validation must be a finite number >= 0"),
    (dict(test="a"), TypeError, "test must be a real number"),
])
def test_split_rejects_bad_proportions(kwargs, error, match):
    with pytest.raises(error, match=match):
        stratified_split(np.arange(10) % 2, np.random.default_rng(0), **kwargs)


def test_split_needs_a_generator():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        stratified_split(np.arange(10) % 2, 0)


# ---- IDX files and load_mnist --------------------------------------------------------
def idx_bytes(array, magic=None):
    """The IDX encoding of a uint8 array (optionally with a wrong magic number)."""
    array = np.asarray(array, dtype=np.uint8)
    magic = bytes([0, 0, 0x08, array.ndim]) if magic is None else magic
    return magic + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()


def write(path, data, gz=False):
    if gz:
        path = path.with_name(path.name + ".gz")
        with gzip.open(path, "wb") as f:
            f.write(data)
    else:
        path.write_bytes(data)
    return path


def tiny_mnist(rng, n_train=5, n_test=3, rows=4, cols=3):
    return {
        "train_images": rng.integers(
            0, 256, size=(n_train, rows, cols), dtype=np.uint8
        ),
        "train_labels": rng.integers(0, 10, size=n_train, dtype=np.uint8),
        "test_images": rng.integers(0, 256, size=(n_test, rows, cols), dtype=np.uint8),
        "test_labels": rng.integers(0, 10, size=n_test, dtype=np.uint8),
    }


def write_mnist(folder, arrays, gz=False):
    for key, name in MNIST_FILES.items():
        write(folder / name, idx_bytes(arrays[key]), gz=gz)


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gzip"])
def test_read_idx_round_trips_an_array(tmp_path, gz):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    path = write(tmp_path / "a-idx3-ubyte", idx_bytes(array), gz=gz)
    back = read_idx(path, 3)
    assert back.dtype == np.uint8 and np.array_equal(back, array)


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gzip"])
def test_load_mnist_returns_scaled_columns_and_labels(tmp_path, gz):
    arrays = tiny_mnist(np.random.default_rng(0))
    write_mnist(tmp_path, arrays, gz=gz)
    (X_train, y_train), (X_test, y_test) = load_mnist(tmp_path)
    assert X_train.shape == (12, 5) and X_test.shape == (12, 3)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    assert 0.0 <= X_train.min() and X_train.max() <= 1.0
    # column k is image k, pixels row by row, grey level / 255
    assert np.allclose(X_train[:, 2], arrays["train_images"][2].reshape(-1) / 255.0)
    assert np.allclose(X_test[:, 1].reshape(4, 3) * 255, arrays["test_images"][1])
    assert np.array_equal(y_train, arrays["train_labels"]) and np.array_equal(
        y_test, arrays["test_labels"]
    )


def test_load_mnist_accepts_a_mix_of_gzipped_and_raw_files(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(1))
    write_mnist(tmp_path, arrays)
    (tmp_path / MNIST_FILES["test_images"]).unlink()
    write(
        tmp_path / MNIST_FILES["test_images"], idx_bytes(arrays["test_images"]), gz=True
    )
    (_, _), (X_test, _) = load_mnist(tmp_path)
    assert X_test.shape == (12, 3)


def test_load_mnist_names_a_missing_file(tmp_path):
    write_mnist(tmp_path, tiny_mnist(np.random.default_rng(0)))
    (tmp_path / MNIST_FILES["test_labels"]).unlink()
    with pytest.raises(
        FileNotFoundError,
        match="t10k-labels-idx1-ubyte \\(or t10k-labels-idx1-ubyte.gz\\) not found",
    ):
        load_mnist(tmp_path)


def test_load_mnist_names_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="MNIST directory .* does not exist"):
        load_mnist(tmp_path / "nowhere")


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gzip"])
def test_truncated_idx_file_is_rejected(tmp_path, gz):
    data = idx_bytes(np.zeros((3, 4, 4), dtype=np.uint8))
    path = write(tmp_path / "t-idx3-ubyte", data[:-5], gz=gz)
    with pytest.raises(
        ValueError, match="is truncated: its header gives sizes \\(3, 4, 4\\)"
    ):
        read_idx(path, 3)


def test_idx_file_shorter_than_its_header_is_rejected(tmp_path):
    path = write(tmp_path / "h-idx3-ubyte", bytes([0, 0, 8, 3, 0, 0]))
    with pytest.raises(ValueError, match="shorter than the 16-byte header"):
        read_idx(path, 3)


def test_idx_file_with_extra_bytes_is_rejected(tmp_path):
    data = idx_bytes(np.zeros(4, dtype=np.uint8)) + b"\x00"
    path = write(tmp_path / "x-idx1-ubyte", data)
    with pytest.raises(ValueError, match="longer than its header says"):
        read_idx(path, 1)


@pytest.mark.parametrize(
    "magic",
    [bytes([0, 0, 8, 1]), bytes([0, 0, 0x0D, 3]), b"\x1f\x8b\x08\x03"],
    ids=["wrong-ndim", "float-type", "gzip-bytes-without-gz-name"],
)
def test_idx_file_with_wrong_magic_number_is_rejected(tmp_path, magic):
    path = write(
        tmp_path / "m-idx3-ubyte",
        idx_bytes(np.zeros((2, 2, 2), dtype=np.uint8), magic=magic),
    )
    with pytest.raises(ValueError, match="has magic number 0x.*expected 0x00000803"):
        read_idx(path, 3)


def test_labels_file_given_for_images_is_rejected(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(0))
    write_mnist(tmp_path, arrays)
    (tmp_path / MNIST_FILES["train_images"]).write_bytes(
        idx_bytes(arrays["train_labels"])
    )
    with pytest.raises(
        ValueError, match="train-images-idx3-ubyte has magic number 0x00000801"
    ):
        load_mnist(tmp_path)


def test_corrupted_gzip_file_is_rejected(tmp_path):
    path = tmp_path / "c-idx1-ubyte.gz"
    path.write_bytes(b"this is not gzip at all")
    with pytest.raises(ValueError, match="not a valid gzip file"):
        read_idx(path, 1)


def test_truncated_gzip_stream_is_rejected(tmp_path):
    data = gzip.compress(idx_bytes(np.arange(200, dtype=np.uint8)))
    path = tmp_path / "g-idx1-ubyte.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="not a valid gzip file"):
        read_idx(path, 1)


def test_missing_idx_file_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="IDX file .* does not exist"):
        read_idx(tmp_path / "none", 1)


def test_load_mnist_rejects_wrong_sized_files(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(0))
    arrays["train_labels"] = arrays["train_labels"][:4]          # 5 images, 4 labels
    write_mnist(tmp_path, arrays)
    with pytest.raises(ValueError, match="train set has 5 images but 4 labels"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_train_and_test_images_of_different_sizes(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(0))
    arrays["test_images"] = np.zeros((3, 5, 5), dtype=np.uint8)
    write_mnist(tmp_path, arrays)
    with pytest.raises(
        ValueError, match="training images are 4×3 pixels but test images 5×5"
    ):
        load_mnist(tmp_path)


def test_load_mnist_rejects_labels_that_are_not_digits(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(0))
    arrays["test_labels"][0] = 12
    write_mnist(tmp_path, arrays)
    with pytest.raises(ValueError, match="test labels must be digits 0–9, found 12"):
        load_mnist(tmp_path)


def test_load_mnist_expands_the_home_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "mnist").mkdir()
    write_mnist(tmp_path / "mnist", tiny_mnist(np.random.default_rng(2)), gz=True)
    (X_train, _), _ = load_mnist("~/mnist")
    assert X_train.shape == (12, 5)
