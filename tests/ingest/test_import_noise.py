"""An import with one broken entry among good ones: the broken one is one listed line, the rest come in,
and nothing else is printed (no parser library's own log lines on stderr)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
