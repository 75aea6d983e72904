"""Feeds the tests write themselves, in the dialects journals, conferences, reading lists and forums use.

Each writer takes a list of item dicts (title, authors, abstract, link, date, doi, pdf, extra_links)
and returns the feed's bytes; the tests then check that what comes out is what went in.
"""

from __future__ import annotations

import random
from xml.sax.saxutils import escape, quoteattr

_WORDS = ("sparse attention graph neural diffusion retrieval protein folding contrastive policy gradient "
          "bayesian kernel transformer robust causal federated language vision molecular").split()


def make_items(n: int, seed: int, *, doi_every: int = 2, pdf_every: int = 3) -> list[dict]:
    """n paper-like items with titles, authors and dates; DOIs and PDF links on some of them."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        words = rng.sample(_WORDS, 5)
        title = " ".join(words).capitalize() + f" ({seed}-{i})"
        item = {
            "title": title,
            "authors": [f"{first} {last}{i}" for first, last in rng.sample(
                [(f, la) for f in ("Ada", "Bo", "Chen", "Dara", "Émile") for la in ("Li", "Okafor", "Novák", "Smith")],
                rng.randint(1, 3))],
            "abstract": f"We study {words[0]} & {words[1]} <b>with</b> {words[2]}.",
            "link": f"https://journal.example.org/article/{seed}/{i}",
            "date": f"2025-0{1 + i % 9}-1{i % 10}",
            "doi": f"10.{5000 + seed}/jx.{i:04d}" if i % doi_every == 0 else None,
            "pdf": f"https://journal.example.org/pdf/{seed}/{i}.pdf" if i % pdf_every == 0 else None,
        }
        items.append(item)
    return items


def _with_pdf_anchor(it: dict) -> str:
    """The abstract as HTML, with an <a href> to the PDF when the item has one."""
    return it["abstract"] + (f' <a href="{it["pdf"]}">PDF</a>' if it.get("pdf") else "")


def rss2_dc(items: list[dict], *, pdf_as="enclosure") -> bytes:
    """RSS 2.0 with Dublin Core (dc:creator per author, dc:identifier "doi:...", dc:date)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<channel><title>A journal</title><link>https://journal.example.org/</link>']
    for it in items:
        out.append("<item>")
        out.append(f"<title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>")
        out.append(f"<description>{escape(_with_pdf_anchor(it) if pdf_as == 'content' else it['abstract'])}"
                   "</description>")
        out += [f"<dc:creator>{escape(a)}</dc:creator>" for a in it["authors"]]
        out.append(f"<dc:date>{it['date']}</dc:date>")
        if it.get("doi"):
            out.append(f"<dc:identifier>doi:{escape(it['doi'])}</dc:identifier>")
        if it.get("pdf") and pdf_as == "enclosure":
            out.append(f'<enclosure url={quoteattr(it["pdf"])} type="application/pdf" length="1000"/>')
        out.append("</item>")
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


def rdf_prism(items: list[dict]) -> bytes:
    """RSS 1.0 (RDF) with PRISM, as publishers' table-of-contents feeds are written."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">'
           '<channel rdf:about="https://journal.example.org/toc"><title>Table of contents</title>'
           '<link>https://journal.example.org/</link><description>toc</description></channel>']
    for it in items:
        out.append(f'<item rdf:about={quoteattr(it["link"])}>')
        out.append(f"<title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>")
        out.append(f"<description>{escape(_with_pdf_anchor(it))}</description>")
        out += [f"<dc:creator>{escape(a)}</dc:creator>" for a in it["authors"]]
        out.append(f"<dc:date>{it['date']}</dc:date><prism:publicationName>Journal of Examples</prism:publicationName>")
        if it.get("doi"):
            out.append(f"<prism:doi>{escape(it['doi'])}</prism:doi>")
        out.append("</item>")
    out.append("</rdf:RDF>")
    return "".join(out).encode("utf-8")


def atom(items: list[dict]) -> bytes:
    """Atom with doi.org links and PDF links typed application/pdf (conference proceedings, preprint servers)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
           "<title>Proceedings</title><id>https://proc.example.org/</id>"
           '<link href="https://proc.example.org/" rel="alternate"/><updated>2025-05-01T00:00:00Z</updated>']
    for it in items:
        out.append("<entry>")
        out.append(f"<title>{escape(it['title'])}</title><id>{escape(it['link'])}</id>")
        out.append(f'<link href={quoteattr(it["link"])} rel="alternate"/>')
        if it.get("doi"):
            out.append(f'<link href={quoteattr("https://doi.org/" + it["doi"])} rel="related"/>')
        if it.get("pdf"):
            out.append(f'<link href={quoteattr(it["pdf"])} rel="related" type="application/pdf"/>')
        out.append(f"<summary type=\"html\">{escape(it['abstract'])}</summary>")
        out += [f"<author><name>{escape(a)}</name></author>" for a in it["authors"]]
        out.append(f"<published>{it['date']}T08:00:00Z</published><updated>{it['date']}T08:00:00Z</updated>")
        out.append("</entry>")
    out.append("</feed>")
    return "".join(out).encode("utf-8")


def json_feed(items: list[dict]) -> bytes:
    """JSON Feed 1.1 (jsonfeed.org), as blogs and reading lists publish: the DOI as the item's
    external_url, the PDF as an attachment, the abstract as content_html."""
    import json

    out = {"version": "https://jsonfeed.org/version/1.1", "title": "A reading list",
           "home_page_url": "https://list.example.org/", "items": []}
    for n, it in enumerate(items):
        item = {"id": str(n), "url": it["link"], "title": it["title"], "content_html": it["abstract"],
                "date_published": f"{it['date']}T08:00:00Z", "authors": [{"name": a} for a in it["authors"]]}
        if it.get("doi"):
            item["external_url"] = "https://doi.org/" + it["doi"]
        if it.get("pdf"):
            item["attachments"] = [{"url": it["pdf"], "mime_type": "application/pdf"}]
        out["items"].append(item)
    return json.dumps(out, ensure_ascii=False).encode("utf-8")


def paper_pdf(title: str, authors: str = "Ada Lovelace, Alan Turing", body: str = "We study things. ") -> bytes:
    """A one-page paper's PDF (title, authors, an abstract-like paragraph) for a feed's or a page's PDF link."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), title, fontsize=16, fontname="hebo")
    page.insert_text((72, 110), authors, fontsize=11)
    page.insert_textbox(pymupdf.Rect(72, 140, 540, 400), body * 40, fontsize=10)
    return doc.tobytes()
