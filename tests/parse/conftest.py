"""A small PDF writer for parser tests: text pieces with font, size and position, on one or more pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Piece:
    x: float
    y: float  # baseline
    text: str
    size: float = 10
    bold: bool = False
    small_caps: bool = False  # set in a font named like Latin Modern's small capitals (IEEE section headings)
    italic: bool = False


def after(piece: Piece, gap: float = 0.0) -> float:
    """The x where `piece` ends (to set a superscript mark right after a name)."""
    import pymupdf

    return piece.x + pymupdf.get_text_length(piece.text, fontname="hebo" if piece.bold else "helv",
                                             fontsize=piece.size) + gap


FILLER = ["the", "method", "works", "well", "on", "many", "tasks", "and", "the", "results", "hold", "across", "settings", "that", "we", "tried", "in", "our", "experiments"]


def filler_lines(x: float, y0: float, count: int, *, words: int = 12, size: float = 9, start: int = 0,
                 leading: float = 11) -> list[Piece]:
    out = []
    for i in range(count):
        text = " ".join(FILLER[(start + i * words + k) % len(FILLER)] for k in range(words))
        out.append(Piece(x, y0 + i * leading, text, size))
    return out


@pytest.fixture
def make_pdf(tmp_path):
    counter = iter(range(1000))

    def make(*pages: list[Piece], drawings=None) -> Path:
        import pymupdf

        doc = pymupdf.open()
        for number, pieces in enumerate(pages):
            page = doc.new_page(width=612, height=792)
            for p in pieces:
                font = "tiro" if p.small_caps else ("hebi" if p.italic else "hebo") if p.bold else \
                    "heit" if p.italic else "helv"
                page.insert_text((p.x, p.y), p.text, fontsize=p.size, fontname=font)
            for xref, _, _, name, *_ in page.get_fonts():
                if name == "Times-Roman":  # the small-capitals pieces: name the font as TeX's would be
                    doc.xref_set_key(xref, "BaseFont", "/LMRomanCaps10-Regular")
            if drawings and number in drawings:
                drawings[number](page)
        path = tmp_path / f"made{next(counter)}.pdf"
        doc.save(path)
        doc.close()
        return path

    return make
