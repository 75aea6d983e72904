"""The foundation commands, run as a user runs them: classics, note, show, mark, export/import, doctor, errors."""

import json
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from paperpass.cli import cli


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def test_classics_json_lists_the_twelve_unread(run):
    result = run("classics", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert len(data) == 12
    assert all(set(e) >= {"id", "title", "year", "list", "status"} and e["status"] == "unread" for e in data)
    assert {e["list"] for e in data} == {"Computer vision", "Detection and segmentation", "Generative models",
                                         "Vision and language"}


def test_classics_text_shows_progress(run):
    run("note", "1512.03385", "--pass", "1", "--text", "residuals!")
    out = run("classics").output
    assert "Computer vision  (0/5 read, 0/5 begun)" in out  # a note alone does not begin a pass
    assert "Deep Residual Learning for Image Recognition (2015)  arXiv:1512.03385" in out


def test_notes_from_text_file_and_stdin_round_trip_through_export_import(run, tmp_path, monkeypatch):
    note_file = tmp_path / "n.md"
    note_file.write_text("Pass 2: Figure 4 shows the degradation problem.\n", encoding="utf-8")
    assert run("note", "1512.03385", "--pass", "1", "--text", "Category: architecture").exit_code == 0
    assert run("note", "1512.03385", "--pass", "2", "--file", str(note_file)).exit_code == 0
    assert run("note", "1406.2661", "--pass", "3", "--file", "-", input="minimax proof, eq. 1\n").exit_code == 0
    assert run("mark", "1406.2661", "keep").exit_code == 0
    export_path = tmp_path / "lib.json"
    assert run("export", "--format", "json", "--out", str(export_path)).exit_code == 0
    exported = json.loads(export_path.read_text(encoding="utf-8"))
    assert exported["version"] == 1 and len(exported["papers"]) == 12 and exported["lists"]
    notes = [n for p in exported["papers"] for n in p["notes"]]
    assert sorted(n["text"] for n in notes) == sorted(
        ["Category: architecture", "Pass 2: Figure 4 shows the degradation problem.\n", "minimax proof, eq. 1\n"])
    assert all({"pass", "text", "created", "updated", "history"} <= set(n) for n in notes)
    gan = next(p for p in exported["papers"] if p["arxiv_id"] == "1406.2661")
    assert gan["triage"]["decision"] == "keep"

    monkeypatch.setenv("PAPERPASS_HOME", str(tmp_path / "fresh"))
    assert run("import", str(export_path)).exit_code == 0
    again = json.loads(run("export", "--format", "json").output)
    assert again == exported


def test_import_refuses_a_library_with_user_data(run, tmp_path):
    run("note", "1512.03385", "--pass", "1", "--text", "keep me")
    export_path = tmp_path / "lib.json"
    run("export", "--format", "json", "--out", str(export_path))
    result = CliRunner().invoke(cli, ["import", str(export_path)])
    assert result.exit_code != 0 and "not empty" in result.output
    assert "keep me" in run("show", "1512.03385").output


def test_show_json_has_states_notes_and_references(run):
    run("note", "1409.1556", "--pass", "2", "--text", "3x3 convs everywhere")
    data = json.loads(run("show", "1409.1556", "--json").output)
    assert data["title"] == "Very Deep Convolutional Networks for Large-Scale Image Recognition"
    assert [p["pass_no"] for p in data["passes"]] == [1, 2, 3]
    assert data["notes"][0]["text"] == "3x3 convs everywhere" and data["notes"][0]["pass_no"] == 2
    assert data["references"] == [] and data["status"] == "unread"


def test_markdown_export_writes_obsidian_front_matter(run, tmp_path):
    run("note", "1512.03385", "--pass", "1", "--text", "identity shortcuts")
    out = tmp_path / "vault"
    assert run("export", "--format", "markdown", "--out", str(out)).exit_code == 0
    files = sorted(out.glob("*.md"))
    assert len(files) == 12
    resnet = next(f.read_text(encoding="utf-8") for f in files if "Deep-Residual" in f.name)
    assert resnet.startswith("---\ntitle: \"Deep Residual Learning for Image Recognition\"\n")
    assert 'arxiv_id: "1512.03385"' in resnet and "identity shortcuts" in resnet


def test_bibtex_export(run):
    out = run("export", "--format", "bibtex").output
    assert out.count("@") == 12 and "eprint = {1512.03385}" in out and "author = {Kaiming He and" in out


@pytest.mark.parametrize("args, message", [
    (("show", "424242"), "no paper with id 424242"),
    (("show", "2401.99999"), "not in the library"),
    (("note", "1512.03385", "--pass", "1", "--text", "  "), "the note is empty"),
    (("note", "nonsense", "--pass", "1", "--text", "x"), "no paper 'nonsense'"),
    (("export", "--format", "markdown"), "give a directory with --out"),
])
def test_bad_input_gives_one_clear_line_and_nonzero_exit(args, message):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_corrupt_database_is_reported_and_untouched(isolated_home):
    isolated_home.mkdir(parents=True)
    db = isolated_home / "paperpass.db"
    db.write_bytes(b"garbage" * 500)
    result = CliRunner().invoke(cli, ["classics"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "corrupt or not a paperpass database" in result.output
    assert db.read_bytes() == b"garbage" * 500


def test_newer_schema_is_refused(isolated_home):
    isolated_home.mkdir(parents=True)
    raw = sqlite3.connect(isolated_home / "paperpass.db")
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    result = CliRunner().invoke(cli, ["classics"])
    assert result.exit_code == 1 and "newer than this paperpass understands" in result.output


def test_unwritable_data_directory(isolated_home):
    isolated_home.parent.mkdir(parents=True, exist_ok=True)
    isolated_home.write_text("a file where the data dir should be")
    result = CliRunner().invoke(cli, ["classics"])
    assert result.exit_code == 1 and "data directory" in result.output


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from click.testing import CliRunner; from paperpass.cli import cli; "
            "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0, r.output; "
            "heavy = [m for m in ('torch', 'sentence_transformers', 'faiss', 'pymupdf', 'textual') "
            "if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_doctor_reports_database_and_model(run, onnx_export):
    run("classics")
    result = CliRunner().invoke(cli, ["doctor", "--json"])
    checks = {c["name"]: c for c in json.loads(result.stdout)}
    assert checks["database integrity"]["ok"] and checks["data directory"]["ok"]
    assert checks["embedding model"]["ok"], checks["embedding model"]["detail"]
    assert "384-dimensional" in checks["embedding model"]["detail"]


def test_add_of_an_image_only_pdf_says_it_has_no_text_layer(tmp_path):
    """A scanned PDF (one page that is only a picture) is added on its file name, with one line saying why."""
    import pymupdf

    picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 40), False)
    picture.clear_with(200)
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(72, 72, 372, 272), pixmap=picture)
    path = tmp_path / "scanned_notes.pdf"
    doc.save(path)
    result = CliRunner().invoke(cli, ["add", str(path)])
    assert result.exit_code == 0
    assert "[" in result.stdout and "scanned notes" in result.stdout
    warning = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warning) == 1 and "no extractable text" in warning[0] and "file name" in warning[0]


def test_python_dash_m_paperpass_is_the_command(isolated_home):
    done = subprocess.run([sys.executable, "-m", "paperpass", "classics", "--json"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) >= 10  # the seeded classics, as `paperpass classics --json` lists them
