"""Fuzzing the PDF parser: every input gives a Document or a ParseError with one clear sentence.

Mutated real PDFs (bit flips, truncation, shuffled objects, huge declared lengths and counts, deep
nesting, broken xref) and hand-made hostile PDFs (page-tree cycles, outline cycles, a flate bomb)
go through `parse_document(..., isolated=True)`, the path the TUI, CLI and store use. A bounded
number of cases keeps this file well under a minute; bench/fuzz.py runs many more.

Hangs are caught by the parser's own time bound (the test only checks the call returns within a
generous multiple of it); memory by the child's address-space cap (the test checks the calling
process does not grow).
"""

from __future__ import annotations

import random
import re
import resource
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutators import PDF_MUTATORS, build_pdf, hostile_pdfs

from paperpass.errors import PaperpassError, ParseError
from paperpass.models import Document
from paperpass.parse import parse_document

# The child's catch-all wraps an unexpected exception as "cannot parse this PDF (TypeError: ...)":
# that is a parser bug surfacing, not a clear message.
_INTERNAL = re.compile(r"cannot parse this PDF \(\w+: ")
_TIMEOUT = 8.0
_GRACE = 5.0 + 15.0  # parse_document's own grace after the bound, plus spawn time on a loaded machine

_HOSTILE = hostile_pdfs()
# The cheap ones also run in this process, where an unexpected exception surfaces as itself.
_IN_PROCESS = [name for name in _HOSTILE if name not in ("flate_bomb_300mb", "many_text_operators")]
# In a child process: the ones that could hang or blow up memory inside a single MuPDF call.
_ISOLATED = ["page_tree_cycle", "huge_page_count", "deep_array_nesting", "outline_cycle", "flate_bomb_300mb",
             "many_text_operators"]


def _outcome(path: Path, *, isolated: bool, timeout: float = _TIMEOUT) -> Document | ParseError:
    start = time.monotonic()
    try:
        result: Document | ParseError = parse_document(path, isolated=isolated, timeout=timeout)
    except ParseError as exc:
        result = exc
    except PaperpassError as exc:  # pragma: no cover - a failure, with the message in the report
        pytest.fail(f"{path.name}: {type(exc).__name__} instead of ParseError: {exc}")
    elapsed = time.monotonic() - start
    assert elapsed < timeout + _GRACE, f"{path.name}: no answer for {elapsed:.0f} s (bound {timeout:.0f} s)"
    if isinstance(result, ParseError):
        _assert_clear(result, path)
    else:
        assert isinstance(result, Document) and result.pages >= 1
    return result


def _assert_clear(exc: ParseError, path: Path) -> None:
    message = str(exc)
    assert message and "\n" not in message and len(message) < 500, message
    assert path.name in message, f"the message does not name the file: {message}"
    assert not _INTERNAL.search(message), f"a parser bug surfaced as: {message}"


def _smallest_real_pdfs(real: Path, n: int) -> list[Path]:
    return sorted((real / "pdfs").glob("*.pdf"), key=lambda p: p.stat().st_size)[:n]


@pytest.mark.parametrize("name", _IN_PROCESS)
def test_hostile_pdf_in_process_gives_document_or_parse_error(name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_HOSTILE[name])
    result = _outcome(path, isolated=False)
    if name == "valid_control":
        assert isinstance(result, Document) and "hostile test paper" in result.title


@pytest.mark.parametrize("name", _ISOLATED)
def test_hostile_pdf_isolated_is_bounded_in_time_and_memory(name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_HOSTILE[name])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    timeout = 3.0 if name == "flate_bomb_300mb" else _TIMEOUT  # the bomb runs into the bound: keep it short
    result = _outcome(path, isolated=True, timeout=timeout)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 300, f"the calling process grew by {grown_mb:.0f} MB"
    if name == "page_tree_cycle":
        assert isinstance(result, ParseError)  # found by fuzzing: an FzErrorFormat used to escape in-process


@pytest.mark.parametrize("mutator", sorted(PDF_MUTATORS))
def test_mutated_real_pdf_isolated(mutator, real, tmp_path):
    rng = random.Random(f"paperpass-fuzz-{mutator}")
    source = rng.choice(_smallest_real_pdfs(real, 3))
    path = tmp_path / f"{mutator}-{source.name}"
    path.write_bytes(PDF_MUTATORS[mutator](source.read_bytes(), rng))
    _outcome(path, isolated=True)


_CONTROL = _HOSTILE["valid_control"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, len(_CONTROL) - 1), st.integers(0, 255)), min_size=1, max_size=40),
       cut=st.one_of(st.none(), st.integers(1, len(_CONTROL))))
def test_hypothesis_byte_mutations_of_a_small_pdf(flips, cut, tmp_path):
    data = bytearray(_CONTROL)
    for index, value in flips:
        data[index] = value
    path = tmp_path / "mutant.pdf"
    path.write_bytes(bytes(data[:cut]))
    try:
        parse_document(path, isolated=False, timeout=_TIMEOUT)
    except ParseError as exc:
        _assert_clear(exc, path)


def test_made_pdf_helper_gives_a_parseable_file(tmp_path):
    """Guards the fuzz base itself: build_pdf's output is a real PDF the parser reads."""
    path = tmp_path / "ok.pdf"
    path.write_bytes(build_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}))
    with pytest.raises(ParseError, match="no readable pages"):
        parse_document(path, timeout=_TIMEOUT)
