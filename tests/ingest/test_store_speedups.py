"""The two shortcuts ingest speed relies on return exactly what the slow paths would."""

import unicodedata

from paperpass.ids import normalise_title
from paperpass.models import Paper
from paperpass.store.papers import get_paper, upsert_paper


def test_upsert_returns_what_a_read_back_gives(conn):
    created = upsert_paper(conn, Paper(title="A Paper", arxiv_id="2401.00001", arxiv_version=2,
                                       authors=["Ada", "Bo"], categories=["cs.LG"], doi="https://doi.org/10.1/ABC",
                                       published="2024-01-01T00:00:00+00:00", popularity=3)).paper
    assert created == get_paper(conn, created.id)


def test_ascii_title_key_matches_the_unicode_path():
    for title in ("ResNet: Deep Residual Learning!", "  GANs -- a   survey ", "BERT (v2)", "Déjà vu"):
        text = unicodedata.normalize("NFKD", title)
        text = "".join(c for c in text if not unicodedata.combining(c))
        slow = " ".join(__import__("re").sub(r"[^\w\s]", " ", text.lower()).split())
        assert normalise_title(title) == slow
