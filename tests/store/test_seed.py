"""The seeded classics: exact data, idempotent loading, progress survives a seed upgrade."""

import tomllib

from paperpass.store.db import open_library
from paperpass.store.lists import classics_path, list_entries, list_progress, seed_classics
from paperpass.store.reading import start_pass

DESIGN_TABLE = {  # arXiv id -> (year, list) from DESIGN.md
    None: (2012, "Computer vision"),
    "1311.2901": (2013, "Computer vision"), "1409.1556": (2014, "Computer vision"),
    "1409.4842": (2014, "Computer vision"), "1512.03385": (2015, "Computer vision"),
    "1311.2524": (2013, "Detection and segmentation"), "1504.08083": (2015, "Detection and segmentation"),
    "1506.01497": (2015, "Detection and segmentation"), "1506.02640": (2015, "Detection and segmentation"),
    "1406.2661": (2014, "Generative models"), "1412.2306": (2014, "Vision and language"),
    "1506.02025": (2015, "Vision and language"),
}


def test_twelve_classics_with_exact_years_lists_and_ids(conn):
    entries = list_entries(conn)
    assert len(entries) == 12
    assert {e.arxiv_id: (e.year, e.list_name) for e in entries} == DESIGN_TABLE
    assert all(e.status == "unread" for e in entries)
    # a classic is dated by its year alone: no invented 1 January for the exports to call January
    published = dict(conn.execute("SELECT arxiv_id, published FROM papers WHERE source = 'seed'").fetchall())
    assert published == {arxiv_id: str(year) for arxiv_id, (year, _) in DESIGN_TABLE.items()}
    titles = {e.title for e in entries}
    assert "Deep Residual Learning for Image Recognition" in titles
    assert "ImageNet Classification with Deep Convolutional Neural Networks" in titles
    progress = list_progress(entries)["Detection and segmentation"]
    assert (progress.done, progress.begun, progress.total) == (0, 0, 4)


def test_seeding_twice_adds_nothing(conn, isolated_home):
    assert seed_classics(conn) == 0
    again = open_library(isolated_home)
    assert again.execute("SELECT count(*) FROM papers").fetchone()[0] == 12
    assert again.execute("SELECT count(*) FROM list_items").fetchone()[0] == 12


def test_progress_survives_an_upgraded_seed_file(conn, tmp_path):
    resnet = next(e for e in list_entries(conn) if e.arxiv_id == "1512.03385")
    start_pass(conn, resnet.id, 2)
    text = classics_path().read_text(encoding="utf-8")
    upgraded = text.replace("version = 1", "version = 2").replace(
        'title = "Deep Residual Learning for Image Recognition"',
        'title = "Deep Residual Learning for Image Recognition (CVPR 2016)"')
    assert tomllib.loads(upgraded)["version"] == 2
    seed = tmp_path / "classics.toml"
    seed.write_text(upgraded, encoding="utf-8")
    assert seed_classics(conn, seed) == 0
    after = next(e for e in list_entries(conn) if e.arxiv_id == "1512.03385")
    assert after.id == resnet.id
    assert after.title.endswith("(CVPR 2016)")
    assert after.status == "pass2"
    assert len(list_entries(conn)) == 12


def test_a_seed_upgrade_keeps_what_the_reader_corrected(conn, tmp_path):
    """`paperpass edit` on a classic: a new seed file updates the fields the reader left, not the ones they fixed."""
    from paperpass.store.papers import edit_paper, get_paper

    gan = next(e for e in list_entries(conn) if e.arxiv_id == "1406.2661")
    edit_paper(conn, gan.id, title="GANs, the original paper", venue="NIPS 2014")
    text = classics_path().read_text(encoding="utf-8")
    entry = next(p for p in tomllib.loads(text)["paper"] if p.get("arxiv") == "1406.2661")
    start = text.index(f'title = "{entry["title"]}"')
    end = text.index('arxiv = "1406.2661"', start)
    block = text[start:end].replace(entry["title"], entry["title"] + " (seed v2)").replace(
        f"year = {entry['year']}", f"year = {entry['year'] + 1}")
    upgraded = (text[:start] + block + text[end:]).replace("version = 1", "version = 2")
    seed = tmp_path / "classics.toml"
    seed.write_text(upgraded, encoding="utf-8")
    seed_classics(conn, seed)
    after = get_paper(conn, gan.id)
    assert (after.title, after.venue) == ("GANs, the original paper", "NIPS 2014")  # the reader's
    assert after.year == entry["year"] + 1 and after.authors == entry["authors"]  # not edited: the seed's
    assert after.published == str(entry["year"] + 1)  # the year alone, as the seed gives it


def test_a_seed_upgrade_does_not_bring_back_a_deleted_classic(conn, tmp_path):
    from paperpass.store.trash import delete_paper

    vgg = next(e for e in list_entries(conn) if e.arxiv_id == "1409.1556")
    delete_paper(conn, vgg.id)
    seed = tmp_path / "classics.toml"
    seed.write_text(classics_path().read_text(encoding="utf-8").replace("version = 1", "version = 2"), encoding="utf-8")
    seed_classics(conn, seed)
    assert [e.arxiv_id for e in list_entries(conn)].count("1409.1556") == 0
    assert len(list_entries(conn)) == 11
