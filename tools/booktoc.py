"""The files of the book, read from _toc.yml, for the tests, site tests and audit.

(pytest finds this module through ``pythonpath = ["tools"]`` in pyproject.toml; the
scripts in tools/ import it as a neighbour.)
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def toc_files(root=ROOT):
    """Every file _toc.yml names, root first, in reading order, relative, no suffix."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files
