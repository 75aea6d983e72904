"""finish, show --json status and dates, classics --json done, queue [--json], queue add, as a user runs them."""

import json

import pytest
from click.testing import CliRunner

from paperpass.cli import cli


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_finish_pass_3_makes_the_classic_done_everywhere(run):
    assert run("finish", "1512.03385", "--pass", "1").exit_code == 0
    assert json.loads(run("show", "1512.03385", "--json").output)["status"] == "pass1"
    out = run("finish", "1512.03385", "--pass", "3").output
    assert "the paper is done" in out
    shown = json.loads(run("show", "1512.03385", "--json").output)
    assert shown["status"] == "done" and shown["finished"]["1"] and shown["finished"]["3"] == shown["done"]
    classic = next(e for e in json.loads(run("classics", "--json").output) if e["arxiv_id"] == "1512.03385")
    assert classic["status"] == "done"
    assert "Computer vision  (1/5 read, 1/5 begun)" in run("classics").output


def test_done_after_pass_2(run):
    run("finish", "1409.1556", "--pass", "2", "--done")
    assert json.loads(run("show", "1409.1556", "--json").output)["status"] == "done"


def test_finishing_an_unknown_paper_is_one_line_and_changes_nothing(run):
    before = run("show", "1", "--json").output
    result = CliRunner().invoke(cli, ["finish", "999", "--pass", "1"])
    assert result.exit_code != 0 and result.output.strip().count("\n") == 0
    assert "no paper with id 999" in result.output
    assert run("show", "1", "--json").output == before


def test_queue_lists_kept_papers_with_reason_and_date(run):
    assert "the reading queue is empty" in run("queue").output
    run("mark", "1409.1556", "keep")
    entries = json.loads(run("queue", "--json").output)
    assert len(entries) == 1 and entries[0]["reason"] == "kept" and entries[0]["since"]
    assert entries[0]["id"] == json.loads(run("show", "1409.1556", "--json").output)["id"]


def test_queue_add_a_reference_twice(run, conn):
    from paperpass.models import Reference
    from paperpass.store.documents import store_references

    store_references(conn, 5, [Reference(raw="[1] Someone. A work without ids. 2001.")])
    out = run("queue", "add", "5", "1", "--offline").output
    assert "queued: [1] Someone" in out
    result = CliRunner().invoke(cli, ["queue", "add", "5", "1", "--offline"])
    assert result.exit_code == 2 and "already in the reading queue" in result.output
    entries = json.loads(run("queue", "--json").output)
    assert [e["reference"] for e in entries] == ["[1] Someone. A work without ids. 2001."]
    assert entries[0]["reason"].startswith("cited by Deep Residual Learning")


def test_queue_add_reads_the_references_of_a_pdf_not_opened_yet(run, real):
    pdf = real / "pdfs" / "hz_1406.2661v1.pdf"
    if not pdf.is_file():
        pytest.skip("the GAN fixture PDF is absent")
    paper_id = json.loads(run("add", str(pdf), "--json").output)["id"]
    out = run("queue", "add", str(paper_id), "1", "--offline").output
    assert out.startswith("queued: ")
    [entry] = json.loads(run("queue", "--json").output)
    assert entry["cited_by"] == paper_id and entry["position"] == 0
