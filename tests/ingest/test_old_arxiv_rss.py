"""arXiv's RSS as it was before 2024 (RSS 1.0/RDF, still in mirrors, archives and old readers' exports):
each title ends in "(arXiv:ID [category])", the abstract is in <p>, each author is an <a href>."""

from __future__ import annotations

import json

from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.library import Library

_RDF = b"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://arxiv.org/"><title>cs.LG updates on arXiv.org</title><link>http://arxiv.org/</link>
<description rdf:parseType="Literal">Computer Science -- Machine Learning (cs.LG) updates</description>
<items><rdf:Seq><rdf:li rdf:resource="http://arxiv.org/abs/1605.07146" />
<rdf:li rdf:resource="http://arxiv.org/abs/1605.07110" /></rdf:Seq></items></channel>
<item rdf:about="http://arxiv.org/abs/1605.07146">
<title>Wide Residual Networks. (arXiv:1605.07146v2 [cs.CV] UPDATED)</title>
<link>http://arxiv.org/abs/1605.07146</link>
<description rdf:parseType="Literal">&lt;p&gt;Deep residual networks scale to &lt;i&gt;thousands&lt;/i&gt; of
layers. &lt;/p&gt;</description>
<dc:creator> &lt;a href="http://arxiv.org/find/cs/1/au:+Zagoruyko_S/0/1/0/all/0/1"&gt;Sergey Zagoruyko&lt;/a&gt;,
&lt;a href="http://arxiv.org/find/cs/1/au:+Komodakis_N/0/1/0/all/0/1"&gt;Nikos Komodakis&lt;/a&gt;</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/1605.07110">
<title>Deep Learning without Poor Local Minima. (arXiv:1605.07110v1 [stat.ML])</title>
<link>http://arxiv.org/abs/1605.07110</link>
<description rdf:parseType="Literal">&lt;p&gt;We prove that for k &amp;lt; n every local minimum is global.&lt;/p&gt;
</description>
<dc:creator>Kenji Kawaguchi</dc:creator>
</item>
</rdf:RDF>"""


def test_an_old_arxiv_rdf_listing_gives_clean_titles_authors_and_abstracts(httpserver, isolated_home, waits):
    httpserver.expect_request("/rss/cs.LG").respond_with_data(_RDF, content_type="application/rdf+xml")
    result = CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/rss/cs.LG"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 2
    with Library.open(isolated_home) as library:
        stored = {p.arxiv_id: p for p in library.papers() if p.source == "feed"}
    wide, minima = stored["1605.07146"], stored["1605.07110"]
    assert (wide.title, wide.arxiv_version) == ("Wide Residual Networks", 2)
    assert wide.authors == ["Sergey Zagoruyko", "Nikos Komodakis"]
    assert wide.abstract == "Deep residual networks scale to thousands of layers."
    assert minima.title == "Deep Learning without Poor Local Minima" and minima.authors == ["Kenji Kawaguchi"]
    assert minima.abstract == "We prove that for k < n every local minimum is global."
