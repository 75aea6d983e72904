"""Mutations of real inputs and hand-made hostile files, shared by the fuzz tests and bench/fuzz.py.

Every mutator takes the original bytes and a seeded `random.Random` and returns new bytes, so a
failing case is reproduced from (file, mutator, seed) alone.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable

# --------------------------------------------------------------------------- byte-level (PDFs and feeds)


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 4, 32, 256])):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def byte_runs(data: bytes, rng: random.Random) -> bytes:
    """Overwrite a few runs with noise (a bad sector, a mangled transfer)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        start = rng.randrange(len(out))
        length = min(rng.choice([16, 256, 4096]), len(out) - start)
        out[start:start + length] = bytes(rng.randrange(256) for _ in range(length))
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut the file short: an interrupted download."""
    cut = rng.choice([rng.randint(1, 2048), rng.randrange(len(data)), int(len(data) * rng.uniform(0.9, 0.999))])
    return data[:max(1, cut)]


def splice(data: bytes, rng: random.Random) -> bytes:
    """Copy one chunk of the file over another place."""
    n = len(data)
    length = rng.randint(1, max(1, n // 20))
    src, dst = rng.randrange(n), rng.randrange(n)
    return data[:dst] + data[src:src + length] + data[dst + length:]


# --------------------------------------------------------------------------- PDF structure

_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b.*?\bendobj", re.DOTALL)


def shuffle_objects(data: bytes, rng: random.Random) -> bytes:
    """Reorder the file's indirect objects, so every xref offset points at the wrong place."""
    spans = [m.span() for m in _OBJ.finditer(data)]
    if len(spans) < 2:
        return bit_flips(data, rng)
    objects = [data[a:b] for a, b in spans]
    rng.shuffle(objects)
    out, last = [], 0
    for (a, b), obj in zip(spans, objects, strict=False):
        out += [data[last:a], obj]
        last = b
    out.append(data[last:])
    return b"".join(out)


def huge_lengths(data: bytes, rng: random.Random) -> bytes:
    """Declare absurd stream lengths (/Length 999999999), some or all of them."""
    value = rng.choice([b"999999999", b"2147483647", b"-1", b"99999999999999999999"])
    every = rng.random() < 0.5
    return re.sub(rb"/Length\s+\d+", lambda m: b"/Length " + value if every or rng.random() < 0.3 else m.group(0),
                  data)


def huge_counts(data: bytes, rng: random.Random) -> bytes:
    """Claim absurd numbers of pages or objects (/Count, /N, /Size)."""
    key = rng.choice([b"/Count", b"/N", b"/Size", b"/First"])
    return re.sub(re.escape(key) + rb"\s+\d+", key + b" 999999999", data)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    """Splice a deeply nested array or dictionary into the first object."""
    depth = rng.choice([1_000, 100_000])
    nest = (b"[" * depth + b"]" * depth) if rng.random() < 0.5 else (b"<</A " * depth + b">>" * depth)
    m = re.search(rb"<<", data)
    if m is None:
        return data + nest
    return data[:m.end()] + b"/Fuzz " + nest + b" " + data[m.end():]


def drop_xref(data: bytes, rng: random.Random) -> bytes:
    """Remove or corrupt the cross-reference table / startxref (MuPDF must repair or refuse)."""
    choice = rng.random()
    if choice < 0.5:
        return re.sub(rb"startxref\s+\d+", b"startxref\n" + str(rng.randrange(10**9)).encode(), data)
    return re.sub(rb"xref\s", b"xerf ", data)


PDF_MUTATORS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "bit_flips": bit_flips,
    "byte_runs": byte_runs,
    "truncate": truncate,
    "splice": splice,
    "shuffle_objects": shuffle_objects,
    "huge_lengths": huge_lengths,
    "huge_counts": huge_counts,
    "deep_nesting": deep_nesting,
    "drop_xref": drop_xref,
}

# --------------------------------------------------------------------------- hand-made hostile PDFs

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _text_content(lines: int = 40) -> bytes:
    body = [b"BT /F1 11 Tf 72 740 Td 14 TL"]
    for i in range(lines):
        body.append(b"(Line %d of a hostile test paper with enough text to look like a real one.) '" % i)
    body.append(b"ET")
    return b"\n".join(body)


def build_pdf(objects: dict[int, bytes], *, root: int = 1, trailer_extra: bytes = b"",
              xref: bool = True) -> bytes:
    """A PDF file from numbered object bodies, with a correct xref table (unless told otherwise)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for num in range(1, size):
            out += (b"%010d 00000 n \n" % offsets[num]) if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R " % (size, root) + trailer_extra + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    n = len(content) if length is None else length
    return b"<< /Length %d " % n + extra + b">>\nstream\n" + content + b"\nendstream"


def _page_objects(content: bytes, *, pages_extra: bytes = b"", catalog_extra: bytes = b"") -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 " + pages_extra + b">>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
           b"/Contents 4 0 R >>",
        4: content,
        5: _FONT,
    }


def _flate_bomb(megabytes: int) -> bytes:
    """A content stream that inflates to `megabytes` MB of text-drawing operators."""
    unit = b"(AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj 0 -1 Td\n" * 1000
    comp = zlib.compressobj(1)
    parts = [comp.compress(b"BT /F1 1 Tf 0 700 Td\n")]
    chunk = unit * (1024 * 1024 // len(unit) + 1)
    for _ in range(megabytes):
        parts.append(comp.compress(chunk))
    parts.append(comp.compress(b"ET"))
    parts.append(comp.flush())
    return b"".join(parts)


def hostile_pdfs() -> dict[str, bytes]:
    """Hand-made PDFs aimed at parsers' known weak spots."""
    text = _text_content()
    made: dict[str, bytes] = {}
    made["valid_control"] = build_pdf(_page_objects(_stream(text)))
    made["page_tree_cycle"] = build_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
        6: b"<< /Type /Pages /Kids [2 0 R 6 0 R] /Parent 2 0 R /Count 1 >>",
    })
    made["self_parent_page"] = build_pdf({
        **_page_objects(_stream(text)),
        3: b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Resources 3 0 R /Contents 4 0 R >>",
    })
    made["huge_page_count"] = build_pdf(_page_objects(_stream(text), pages_extra=b"/Count 999999999"))
    made["huge_stream_length"] = build_pdf(_page_objects(_stream(text, length=999_999_999)))
    made["negative_stream_length"] = build_pdf(_page_objects(_stream(text, length=-5)))
    made["deep_array_nesting"] = build_pdf(_page_objects(_stream(text), catalog_extra=b"/X " + b"[" * 200_000
                                                         + b"]" * 200_000))
    made["deep_dict_nesting"] = build_pdf(_page_objects(_stream(text), catalog_extra=b"/X " + b"<</A " * 50_000
                                                        + b">>" * 50_000))
    made["unterminated_nesting"] = build_pdf(_page_objects(_stream(text), catalog_extra=b"/X " + b"[" * 100_000))
    made["outline_cycle"] = build_pdf({
        **_page_objects(_stream(text), catalog_extra=b"/Outlines 10 0 R"),
        10: b"<< /Type /Outlines /First 11 0 R /Last 12 0 R /Count 2 >>",
        11: b"<< /Title (Introduction) /Parent 10 0 R /Next 12 0 R /First 12 0 R /Dest [3 0 R /Fit] >>",
        12: b"<< /Title (Method) /Parent 10 0 R /Next 11 0 R /Prev 11 0 R /First 11 0 R /Dest [3 0 R /Fit] >>",
    })
    made["xref_prev_loop"] = build_pdf(_page_objects(_stream(text)), trailer_extra=b"/Prev 9 ")
    made["no_xref_at_all"] = build_pdf(_page_objects(_stream(text)), xref=False)
    made["object_stream_huge_n"] = build_pdf({
        **_page_objects(_stream(text)),
        6: _stream(b"1 0 2 10", extra=b"/Type /ObjStm /N 999999999 /First 999999999 "),
    })
    made["content_self_reference"] = build_pdf({
        **_page_objects(b"[4 0 R 4 0 R]"),
    })
    made["font_garbage"] = build_pdf({
        **_page_objects(_stream(text)),
        5: b"<< /Type /Font /Subtype /TrueType /BaseFont /Garbage /FontDescriptor 6 0 R >>",
        6: b"<< /Type /FontDescriptor /FontFile2 7 0 R >>",
        7: _stream(bytes(random.Random(7).randrange(256) for _ in range(4096))),
    })
    made["flate_bomb_300mb"] = build_pdf(_page_objects(_stream(_flate_bomb(300), extra=b"/Filter /FlateDecode ")))
    made["many_text_operators"] = build_pdf(_page_objects(_stream(
        b"BT /F1 2 Tf 0 790 Td\n" + b"(x) Tj 0.01 -0.001 Td\n" * 400_000 + b"ET")))
    made["header_only"] = b"%PDF-1.7\n"
    made["pdf_magic_then_html"] = b"%PDF-1.4\n<html><body>Not found</body></html>\n"
    return made


# --------------------------------------------------------------------------- XML feeds

def billion_laughs(levels: int = 10) -> bytes:
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        ents.append(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">')
    return ("<?xml version=\"1.0\"?>\n<!DOCTYPE feed [\n" + "\n".join(ents) + "\n]>\n"
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>laughs</title>'
            f"<entry><title>&lol{levels - 1};</title><id>http://arxiv.org/abs/2501.00001v1</id>"
            "<summary>x</summary></entry></feed>").encode()


def external_entity(target: str = "file:///etc/passwd") -> bytes:
    return ("<?xml version=\"1.0\"?>\n"
            f'<!DOCTYPE feed [<!ENTITY xxe SYSTEM "{target}">]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>xxe</title>'
            "<entry><title>&xxe;</title><id>http://arxiv.org/abs/2501.00002v1</id>"
            "<summary>&xxe;</summary></entry></feed>").encode()


def deep_xml(depth: int = 100_000) -> bytes:
    return (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>deep</title><entry>'
            b"<title>deep</title><id>http://arxiv.org/abs/2501.00003v1</id><summary>"
            + b"<div>" * depth + b"x" + b"</div>" * depth + b"</summary></entry></feed>")


def huge_entry(megabytes: int = 20) -> bytes:
    body = b"A" * (megabytes * 1024 * 1024)
    return (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>huge</title><entry>'
            b"<title>" + body[:100_000] + b"</title><id>http://arxiv.org/abs/2501.00004v1</id><summary>" + body
            + b"</summary></entry></feed>")


def many_entries(count: int = 20_000) -> bytes:
    entries = b"".join(b"<entry><title>Paper %d</title><id>http://arxiv.org/abs/2501.%05dv1</id>"
                       b"<summary>s</summary></entry>" % (i, i) for i in range(count))
    head = b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>many</title>'
    return head + entries + b"</feed>"


def hostile_feeds() -> dict[str, bytes]:
    return {
        "billion_laughs": billion_laughs(),
        "quadratic_blowup": ('<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "' + "a" * 50_000 + '">]>\n'
                             '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>'
                             + "&a;" * 20_000 + "</title><id>x</id></entry></feed>").encode(),
        "external_entity_file": external_entity(),
        "external_entity_http": external_entity("http://127.0.0.1:9/evil.dtd"),
        "parameter_entity": (b'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'
                             b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>p</title></entry></feed>'),
        "deep_nesting": deep_xml(),
        "huge_entry": huge_entry(),
        "many_entries": many_entries(),
        "empty": b"",
        "not_xml": b"\x00\x01\x02 binary garbage \xff\xfe",
        "html_error_page": b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        "rich_markup_titles": (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                               b"<id>http://arxiv.org/api/query</id><entry>"
                               b"<title>[bold red]x[/] [link=file:///etc/passwd]click[/link]</title>"
                               b"<id>http://arxiv.org/abs/2501.00005v1</id><summary>[blink]red[/blink]</summary>"
                               b"</entry></feed>"),
        "control_characters": b"<?xml version=\"1.0\"?>\n<feed><title>\x1b[31mred\x1b[0m</title></feed>",
    }


FEED_MUTATORS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "bit_flips": bit_flips,
    "byte_runs": byte_runs,
    "truncate": truncate,
    "splice": splice,
}
