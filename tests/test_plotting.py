"""Tests of bpcode.plotting: the helpers draw, return their axes, refuse bad input."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from bpcode.datasets import load_digits
from bpcode.plotting import (
    PALETTE,
    STYLE,
    image_grid,
    new_figure,
    plot_confusion_matrix,
    plot_saliency,
    plot_training_curves,
    use_book_style,
)
from bpcode.training import History


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def digits():
    X, labels = load_digits()
    return X[:, :12], labels[:12]


def test_use_book_style_sets_the_palette_and_white_background():
    use_book_style()
    assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"] == PALETTE
    assert (
        matplotlib.rcParams["figure.facecolor"] == STYLE["figure.facecolor"] == "white"
    )


def test_new_figure_returns_one_axes_or_an_array():
    fig, ax = new_figure()
    assert isinstance(fig, matplotlib.figure.Figure) and isinstance(
        ax, matplotlib.axes.Axes
    )
    _, axes = new_figure(2, 3)
    assert axes.shape == (2, 3)


def test_image_grid_draws_each_image_with_its_title(digits):
    X, labels = digits
    fig, axes = image_grid(X, titles=[f"label {k}" for k in labels], ncols=5)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert axes.shape == (3, 5)
    drawn = [ax for ax in axes.flat if ax.images]
    assert len(drawn) == 12
    assert drawn[3].get_title() == f"label {labels[3]}"
    assert np.array_equal(drawn[3].images[0].get_array(), X[:, 3].reshape(8, 8))
    assert not any(ax.images for ax in axes.flat[12:])


def test_image_grid_accepts_rectangular_images():
    _, axes = image_grid(np.zeros((6, 2)), image_shape=(2, 3))
    assert axes.shape == (1, 2) and axes[0, 0].images[0].get_array().shape == (2, 3)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(images=np.zeros((10, 2))), ValueError, "not square: pass image_shape"),
        (
            dict(images=np.zeros((6, 2)), image_shape=(4, 2)),
            ValueError,
            "rows · cols = 6",
        ),
        (
            dict(images=np.zeros((6, 2)), image_shape=3),
            TypeError,
            "image_shape must be a pair",
        ),
        (dict(images=np.zeros(64)), ValueError, "examples are columns"),
        (dict(images=np.zeros((64, 0))), ValueError, "at least one row and one column"),
        (
            dict(images=np.zeros((64, 2)), titles=["a"]),
            ValueError,
            "one title per image",
        ),
        (dict(images=np.zeros((64, 2)), titles="ab"), TypeError, "list of strings"),
        (
            dict(images=np.zeros((64, 2)), ncols=0),
            ValueError,
            "ncols must be a positive integer",
        ),
    ],
)
def test_image_grid_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        image_grid(**kwargs)


def history(epochs=4, validation=True):
    h = History()
    h.training_cost = list(np.linspace(1.0, 0.2, epochs))
    h.training_accuracy = list(np.linspace(0.5, 0.99, epochs))
    if validation:
        h.validation_cost = list(np.linspace(1.1, 0.3, epochs))
        h.validation_accuracy = list(np.linspace(0.45, 0.95, epochs))
        h.best_epoch = epochs
    return h


@pytest.mark.parametrize("metric", ["accuracy", "cost"])
def test_training_curves_plot_one_line_per_recorded_set(metric):
    fig, ax = plot_training_curves(history(), metric=metric)
    lines = [ln for ln in ax.get_lines() if ln.get_label().endswith("data")]
    assert [ln.get_label() for ln in lines] == ["training data", "validation data"]
    assert list(lines[0].get_xdata()) == [1, 2, 3, 4]
    scale = 100 if metric == "accuracy" else 1
    assert np.allclose(
        lines[1].get_ydata(),
        scale * np.array(getattr(history(), f"validation_{metric}")),
    )
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel()


def test_training_curves_draw_on_given_axes_and_skip_missing_sets():
    fig, ax = new_figure()
    fig2, ax2 = plot_training_curves(history(validation=False), ax=ax, title="t")
    assert ax2 is ax and fig2 is fig and ax.get_title() == "t"
    assert [ln.get_label() for ln in ax.get_lines()] == ["training data"]


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        (
            ({"training_cost": [1.0]},),
            {},
            TypeError,
            "history must be a bpcode.training.History",
        ),
        ((History(),), {}, ValueError, "history holds no accuracy"),
        ((history(),), dict(metric="loss"), ValueError, "unknown metric 'loss'"),
        ((history(),), dict(ax="left"), TypeError, "ax must be a matplotlib Axes"),
    ],
)
def test_training_curves_reject_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_training_curves(*args, **kwargs)


def test_confusion_matrix_plot_writes_every_nonzero_count():
    N = np.array([[5, 1, 0], [0, 7, 2], [0, 0, 9]])
    fig, ax = plot_confusion_matrix(N, class_names=["a", "b", "c"])
    assert isinstance(fig, matplotlib.figure.Figure)
    assert sorted(t.get_text() for t in ax.texts) == sorted(["5", "1", "7", "2", "9"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"


@pytest.mark.parametrize("counts, kwargs, match", [
    (np.zeros((2, 3)), {}, "square matrix"),
    (np.array([[1, -1], [0, 2]]), {}, "non-negative whole numbers"),
    (np.array([[1.5, 0], [0, 2]]), {}, "non-negative whole numbers"),
    (np.eye(2), dict(class_names=["a"]), "name the 2 classes"),
])
def test_confusion_matrix_plot_rejects_bad_input(counts, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_confusion_matrix(counts, **kwargs)


@pytest.mark.parametrize("shared", [False, True])
def test_saliency_shows_images_above_gradients_centred_on_zero(digits, shared):
    X, _ = digits
    G = np.random.default_rng(0).standard_normal(X[:, :3].shape)
    fig, axes = plot_saliency(X[:, :3], G, titles=["a", "b", "c"], shared_scale=shared)
    assert axes.shape == (2, 3)
    for k in range(3):
        low, high = axes[1, k].images[0].get_clim()
        assert low == -high > -np.inf and high >= np.max(np.abs(G[:, k]))
    assert axes[0, 1].get_title() == "b"


@pytest.mark.parametrize("images, gradients, match", [
    (np.zeros((64, 2)), np.zeros((64, 3)), "gradients must have 2 columns"),
    (np.zeros((64, 2)), np.zeros((16, 2)), "gradients must have 64 rows"),
    (np.zeros((64, 1)), np.full((64, 1), np.nan), "NaN or infinite"),
])
def test_saliency_rejects_mismatched_input(images, gradients, match):
    with pytest.raises(ValueError, match=match):
        plot_saliency(images, gradients)


def test_use_book_style_outside_a_kernel_only_sets_the_style():
    from IPython import get_ipython

    use_book_style()
    assert matplotlib.rcParams["pdf.fonttype"] == 42   # TrueType in PDF figures
    assert get_ipython() is None, "use_book_style must not start an IPython shell"


def test_in_a_kernel_a_figure_is_stored_as_its_png_and_a_reproducible_vector_pdf(
        tmp_path):
    # As `make notebooks` stores a chapter's figures: the PNG the HTML book shows, at
    # the style's size, and the PDF the PDF edition prints, the same bytes on every run
    # (no timestamp), with TrueType fonts and images at their own resolution.
    import base64
    import subprocess
    import sys
    from pathlib import Path

    import nbformat
    from nbval_figures import decode_png

    root = Path(__file__).resolve().parent.parent
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
                    "import matplotlib.pyplot as plt\n"
                    "import numpy as np\n"
                    "from bpcode.plotting import image_grid, new_figure\n"
                    "fig, ax = new_figure()\n"
                    "ax.plot([0, 1, 2], [0, 1, 0.5])\n"
                    "ax.set(xlabel='$z^L$', title='a line')\n"
                    "plt.show()"),
                nbformat.v4.new_code_cell("image_grid(np.eye(64)[:, :3])\nplt.show()")]
    runs = []
    for name in ("first.ipynb", "second.ipynb"):
        nbformat.write(nb, tmp_path / name)
        subprocess.run([sys.executable, "tools/execute_notebooks.py",
                        str(tmp_path / name)], cwd=root, check=True,
                       capture_output=True)
        runs.append([cell.outputs for cell in
                     nbformat.read(tmp_path / name, as_version=4).cells])
    assert runs[0] == runs[1], "re-running the notebook changed its stored figures"
    (line,), (grid,) = runs[0]
    assert set(line["data"]) == {"image/png", "application/pdf", "text/plain"}
    height, width, _ = decode_png(line["data"]["image/png"]).shape
    assert 620 <= width <= 660, "the PNG is 6.4 in wide at 100 dpi (cropped tight)"
    line_pdf, grid_pdf = (base64.b64decode(output["data"]["application/pdf"])
                          for output in (line, grid))
    for pdf in (line_pdf, grid_pdf):
        assert pdf.startswith(b"%PDF-") and b"CreationDate" not in pdf
    assert b"/FontFile2" in line_pdf and b"/Type3" not in line_pdf   # TrueType fonts
    assert b"/Subtype /Image" not in line_pdf                        # vectors only
    assert grid_pdf.count(b"/Width 8 /Height 8") == 3   # each 8 × 8 image as it is
