"""Imports as other tools write them: one broken entry among good ones is one listed line and nothing
else on stderr (no parser library's own log lines); UTF-16 files (Windows "Unicode") import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.library import Library

BIB = r"""@inproceedings{mueller2020,
  title = {{\"U}ber {G}raph {N}etworks},
  author = {M{\"u}ller, J{\"u}rgen and Ma{\l}ecki, Pawe{\l}},
  year = 2020,
}
@article{broken,
  title = {This entry is never closed,
  author = {Nobody, A.},
@misc{kipf2017,
  title = {Semi-Supervised Classification with Graph Convolutional Networks},
  author = {Kipf, Thomas and Welling, Max},
  year = {2017}
}
"""


def test_a_broken_bibtex_entry_is_one_line_and_no_log_noise(isolated_home, tmp_path):
    bib = tmp_path / "lib.bib"
    bib.write_text(BIB, encoding="utf-8")
    code = "from paperpass.cli import cli; cli()"
    done = subprocess.run([sys.executable, "-c", code, "import", str(bib)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout and "1 failed" in done.stdout
    assert "failed: block at line 6: not valid BibTeX" in done.stdout
    assert done.stderr == ""


def test_a_utf16_ris_export_imports(isolated_home, tmp_path):
    """EndNote and Windows tools save "Unicode" text as UTF-16 with a byte-order mark."""
    ris = ("TY  - JOUR\nTI  - Kernel Methods for Ørsted Fields\nAU  - Ørsted, Hans Christian\nAU  - Nüñez, José\n"
           "PY  - 2019\nDO  - 10.4444/km.2019.7\nER  - \n")
    for encoding in ("utf-16", "utf-16-be"):
        path = tmp_path / f"{encoding}.ris"
        path.write_bytes((b"\xfe\xff" if encoding == "utf-16-be" else b"") + ris.encode(encoding))
        result = CliRunner().invoke(cli, ["import", str(path), "--json"])
        assert result.exit_code == 0, result.output
    with Library.open(isolated_home) as library:
        [paper] = [p for p in library.papers() if p.source == "import"]
    assert paper.title == "Kernel Methods for Ørsted Fields"
    assert paper.authors == ["Hans Christian Ørsted", "José Nüñez"]
