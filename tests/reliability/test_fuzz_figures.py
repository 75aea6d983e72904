"""Fuzzing figure extraction: every hostile or mutated PDF gives a list of figures or one ParseError sentence,
in bounded time, through the same child process as the parser (paperpass.parse.extract_figures_isolated)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from mutators import PDF_MUTATORS, hostile_pdfs
from test_fuzz_parser import _GRACE, _IN_PROCESS, _ISOLATED, _TIMEOUT, _assert_clear, _smallest_real_pdfs

from paperpass.errors import ParseError
from paperpass.parse import extract_figures_isolated
from paperpass.parse.figures import extract_figures

_HOSTILE = hostile_pdfs()


def _outcome(path: Path, out: Path, *, isolated: bool, timeout: float = _TIMEOUT) -> list | ParseError:
    start = time.monotonic()
    try:
        result: list | ParseError = (extract_figures_isolated(path, out, timeout=timeout) if isolated
                                     else extract_figures(path, out, deadline=time.monotonic() + timeout))
    except ParseError as exc:
        _assert_clear(exc, path)
        result = exc
    elapsed = time.monotonic() - start
    assert elapsed < timeout + _GRACE, f"{path.name}: no answer for {elapsed:.0f} s (bound {timeout:.0f} s)"
    if isinstance(result, list):
        assert all(f.image is None or Path(f.image).is_file() for f in result)
    return result


@pytest.mark.parametrize("name", _IN_PROCESS)
def test_hostile_pdf_in_process(name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_HOSTILE[name])
    _outcome(path, tmp_path / "out", isolated=False)


@pytest.mark.parametrize("name", _ISOLATED)
def test_hostile_pdf_isolated(name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_HOSTILE[name])
    _outcome(path, tmp_path / "out", isolated=True, timeout=3.0 if name == "flate_bomb_300mb" else _TIMEOUT)


@pytest.mark.parametrize("mutator", sorted(PDF_MUTATORS))
def test_mutated_real_pdf(mutator, real, tmp_path):
    rng = random.Random(f"paperpass-figures-fuzz-{mutator}")
    source = rng.choice(_smallest_real_pdfs(real, 3))
    path = tmp_path / f"{mutator}-{source.name}"
    path.write_bytes(PDF_MUTATORS[mutator](source.read_bytes(), rng))
    _outcome(path, tmp_path / "out", isolated=False)
