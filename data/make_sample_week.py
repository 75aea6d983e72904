"""Rebuild data/sample_week.jsonl.gz from the real arXiv listings in ../shared/fixtures/real.

The sample week is the arXiv daily listings of 2026-06-07, 06-09 and 06-10
(cs.LG, cs.CV, cs.CL and their cross-lists; arXiv metadata is CC0) plus that
week's Hugging Face daily papers with their upvotes. One JSON object per line:
{id, title, authors, abstract, categories, comment, listed, source, upvotes?, comments?}.
Run: python data/make_sample_week.py [FIXTURES_DIR]
"""

import gzip
import json
import sys
from pathlib import Path

WANTED = {"cs.LG", "cs.CV", "cs.CL"}
DAYS = ("2026-06-07", "2026-06-09", "2026-06-10")


def main(fixtures: Path) -> None:
    records: dict[str, dict] = {}
    for day in DAYS:
        for line in (fixtures / "metadata" / "arxiv_daily_listings" / f"{day}.jsonl").open(encoding="utf-8"):
            r = json.loads(line)
            if r["id"] in records or not WANTED & set(r["categories"]):
                continue
            records[r["id"]] = {"id": r["id"], "title": " ".join(r["title"].split()), "authors": r["authors"],
                                "abstract": " ".join(r["summary"].split()), "categories": r["categories"],
                                "comment": r["comment"], "listed": day, "source": "arxiv"}
    hf = json.loads((fixtures / "feeds" / "sotawhat_hf_daily_papers_api.json").read_text(encoding="utf-8"))
    for item in hf:
        p = item["paper"]
        rec = records.get(p["id"])
        if rec is None:
            rec = records[p["id"]] = {
                "id": p["id"], "title": " ".join(p["title"].split()), "authors": [a["name"] for a in p["authors"]],
                "abstract": " ".join(p["summary"].split()), "categories": [], "comment": None,
                "listed": p["submittedOnDailyAt"][:10], "source": "hf-daily"}
        rec["upvotes"] = p.get("upvotes", 0)
        rec["comments"] = item.get("numComments", 0)
    out = Path(__file__).with_name("sample_week.jsonl.gz")
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        for rec in records.values():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(records)} papers -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/fixtures/real")
