"""config.toml: validated one line per bad key, written with comments, shown with where each value comes from."""

from __future__ import annotations

import tomllib
from dataclasses import fields

import pytest

from paperpass.config import (
    SETTING_HELP,
    Settings,
    init_settings,
    load_settings,
    save_settings,
    settings_in_force,
)
from paperpass.errors import InvalidInput


def _write(home, text: str):
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, words", [
    ("days = 0", "days: 0 is out of range (1-365)"),
    ("days = true", "days: should be a whole number, not true"),
    ("max_results = 10.5", "max_results: should be a whole number, not 10.5"),
    ("arxiv_delay_seconds = -1", "arxiv_delay_seconds: -1.0 is out of range (0-60)"),
    ('categories = "cs.LG"', 'categories: should be a list of strings, not "cs.LG"'),
    ("feeds = [1, 2]", "feeds: should be a list of non-empty strings"),
    ("download_pdfs = 1", "download_pdfs: should be true or false, not 1"),
    ('pdf_viewer = "zathura"', "put {path} in it"),
    ('pdf_viewer = "v {path} {line}"', "placeholders other than {path} and {page}: line"),
    ('colour = "blue"', "colour: unknown setting"),
    ('categories = ["cs.LG", "machine learning"]', "categories: machine learning is not an arXiv category"),
    ('model = "  "', "model: cannot be empty"),
])
def test_a_bad_value_is_one_line_naming_the_file_and_key(isolated_home, text, words):
    path = _write(isolated_home, text + "\n")
    with pytest.raises(InvalidInput) as raised:
        load_settings(path)
    assert str(raised.value) == f"settings file {path}: " + str(raised.value).split(": ", 1)[1]
    assert words in str(raised.value) and "\n" not in str(raised.value)


def test_several_bad_keys_give_one_line_each(isolated_home):
    path = _write(isolated_home, "days = 0\npdf_max_mb = 0\nshade = 1\n")
    with pytest.raises(InvalidInput) as raised:
        load_settings(path)
    lines = str(raised.value).splitlines()
    assert len(lines) == 3 and all(line.startswith(f"settings file {path}: ") for line in lines)


def test_a_file_that_is_not_toml_is_one_line(isolated_home):
    path = _write(isolated_home, "days = = 3\n")
    with pytest.raises(InvalidInput, match="cannot read settings file"):
        load_settings(path)


def test_saved_settings_round_trip_with_a_comment_per_key(isolated_home):
    isolated_home.mkdir(parents=True)
    settings = Settings(categories=["cs.LG", "cs.CV"], feeds=["https://example.org/feed.xml"], days=3,
                        interests=["diffusion"], pdf_viewer='zathura --page={page} "{path}"', download_pdfs=True)
    path = save_settings(settings, isolated_home / "config.toml")
    assert load_settings(path) == settings
    text = path.read_text(encoding="utf-8")
    for f in fields(Settings):
        assert f"# {SETTING_HELP[f.name]}\n{f.name} = " in text
    assert tomllib.loads(text)["days"] == 3


def test_a_bad_value_is_never_saved(isolated_home):
    isolated_home.mkdir()
    path = save_settings(Settings(days=5), isolated_home / "config.toml")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(InvalidInput, match="days: 0 is out of range"):
        save_settings(Settings(days=0), path)
    assert path.read_text(encoding="utf-8") == before


def test_init_writes_the_defaults_and_never_overwrites_without_force(isolated_home):
    path = init_settings()
    assert path == isolated_home / "config.toml" and load_settings(path) == Settings()
    path.write_text("days = 2\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="already exists; `paperpass config init --force`"):
        init_settings()
    assert path.read_text(encoding="utf-8") == "days = 2\n"
    init_settings(force=True)
    assert load_settings(path).days == 7


def test_settings_in_force_say_where_each_comes_from(isolated_home, monkeypatch):
    path = _write(isolated_home, 'days = 3\ncategories = ["cs.LG"]\n')
    monkeypatch.setenv("PAPERPASS_ARXIV_API", "http://127.0.0.1:9/api")
    shown = {name: (value, source) for name, value, source in settings_in_force()}
    assert shown["days"] == (3, str(path)) and shown["categories"] == (["cs.LG"], str(path))
    assert shown["max_results"] == (500, "default")
    assert shown["arxiv_api"] == ("http://127.0.0.1:9/api", "PAPERPASS_ARXIV_API")
    assert shown["data_dir"] == (str(isolated_home), "PAPERPASS_HOME")
    assert set(shown) >= {f.name for f in fields(Settings)}


def test_the_library_reads_and_writes_its_own_settings(library, isolated_home):
    settings = library.settings()
    settings.interests = ["graph neural networks"]
    settings.pdf_viewer = "evince --page-index={page} {path}"
    library.save_settings(settings)
    assert load_settings(isolated_home / "config.toml") == settings == library.settings()
    settings.days = 999
    with pytest.raises(InvalidInput, match="days: 999 is out of range"):
        library.save_settings(settings)
    assert library.settings().days == 7


def test_a_settings_form_can_check_before_saving(library):
    from paperpass.library import Library

    settings = library.settings()
    assert Library.settings_problems(settings) == []
    settings.days, settings.pdf_viewer = 0, "okular"
    assert Library.settings_problems(settings) == ["days: 0 is out of range (1-365)",
                                                   "pdf_viewer: 'okular' does not say where the file goes: put "
                                                   "{path} in it"]
    assert set(Library.setting_help()) == {f.name for f in fields(Settings)}


def test_a_library_ingests_and_ranks_by_its_own_config_not_the_data_directorys(library, isolated_home, tmp_path):
    """The demo's library lives in its own folder: what its settings screen saves is what its ingest reads."""
    from paperpass.library import Library
    from tests.ingest.feed_writers import make_items, rss2_dc

    items = make_items(3, seed=7, doi_every=1)  # each with a DOI: a paper, not just a link
    feed = tmp_path / "journal.xml"
    feed.write_bytes(rss2_dc(items))
    _write(isolated_home, "")  # the data directory's own config.toml: no sources
    with Library.open(tmp_path / "demo") as other:
        with pytest.raises(InvalidInput, match=str(tmp_path / "demo" / "config.toml")):
            other.ingest_configured()
        settings = other.settings()
        settings.feeds = [str(feed)]
        other.save_settings(settings)
        summaries = other.ingest_configured()
        assert sum(s.added for s in summaries) == 3, summaries
        assert sorted(p.title for p in other.papers() if p.source == "feed") == sorted(i["title"] for i in items)
    with pytest.raises(InvalidInput, match="no sources configured"):
        library.ingest_configured()  # the data directory's library still has none
