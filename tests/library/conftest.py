"""Library-layer fixtures: an opened Library in the test's PAPERPASS_HOME, an instant embedder."""

from __future__ import annotations

import pytest
from library_helpers import WordEmbedder

from paperpass.library import Library


@pytest.fixture
def word_embedder():
    from paperpass.index import embed

    embed.set_embedder(WordEmbedder())
    yield
    embed.set_embedder(None)


@pytest.fixture
def library(isolated_home):
    lib = Library.open(isolated_home)
    lib.prepare()
    yield lib
    lib.close()
