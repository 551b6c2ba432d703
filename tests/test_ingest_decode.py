"""ingest.decode: binary and empty checks, encodings, sniffing, streaming gunzip."""

from __future__ import annotations

import gzip
import io

import pytest

from storytrace.ingest.decode import (
    DecodeProblem,
    GunzipStream,
    binary_kind,
    check_bytes,
    decode_text,
    detect_encoding,
    gunzip_capped,
    inline_charset,
    sniff,
    xml_root,
)

# Fictional French prose: enough accented letters for detection to be meaningful.
FRENCH = (
    "Le conseil municipal de Pontcarré a voté jeudi la rénovation du théâtre. "
    "« Nous espérons rouvrir à l'été », a déclaré la maire, Hélène Gérard, très émue. "
    "Les élèves du lycée ont présenté leur projet de fresque près de l'église. "
) * 4


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP image"),
        (b"<html>\x00\x00\x00\x01\x02binary", "NUL bytes"),
    ],
)
def test_binary_kind_names_the_format(raw: bytes, label: str) -> None:
    assert binary_kind(raw) == label
    with pytest.raises(DecodeProblem, match=f"binary content \\(looks like {label}\\)"):
        check_bytes(raw)


def test_text_is_not_binary_even_utf16() -> None:
    assert binary_kind(FRENCH.encode("utf-8")) is None
    assert binary_kind(FRENCH.encode("utf-16")) is None  # with BOM
    assert binary_kind(FRENCH.encode("utf-16-le")) is None  # without BOM
    assert detect_encoding(FRENCH.encode("utf-16-le")) == "utf-16-le"


def test_empty_and_whitespace_are_empty() -> None:
    with pytest.raises(DecodeProblem, match=r"^empty file$"):
        check_bytes(b"")
    with pytest.raises(DecodeProblem, match="only whitespace"):
        check_bytes(b" \n\t\r\n")


def test_declared_charset_that_fits_is_kept() -> None:
    raw = FRENCH.encode("iso8859-15")
    assert detect_encoding(raw, ["iso-8859-15"]) == "iso8859-15"
    # latin-1 labels are read as windows-1252, as browsers do.
    raw = ("“" + FRENCH + "”").encode("cp1252")
    enc = detect_encoding(raw, ["ISO-8859-1"])
    assert enc == "cp1252"
    assert decode_text(raw, enc).startswith("“Le conseil")


def test_invalid_utf8_is_decoded_by_detection() -> None:
    raw = FRENCH.encode("cp1252")
    enc = detect_encoding(raw, ["utf-8"])
    assert enc != "utf-8"
    assert "rénovation du théâtre" in decode_text(raw, enc)


def test_utf8_mislabelled_as_latin1_is_utf8() -> None:
    raw = FRENCH.encode("utf-8")
    assert detect_encoding(raw, ["iso-8859-1"]) == "utf-8"
    assert detect_encoding(raw, ["windows-1252"]) == "utf-8"


def test_a_few_stray_bytes_keep_utf8() -> None:
    raw = FRENCH.encode("utf-8") + b" caf\xe9 " + FRENCH.encode("utf-8")
    assert detect_encoding(raw, ["utf-8"]) == "utf-8"
    assert detect_encoding(raw) == "utf-8"
    text = decode_text(raw, "utf-8")
    assert "caf\ufffd" in text and "théâtre" in text


def test_bom_wins_and_is_dropped() -> None:
    raw = b"\xef\xbb\xbf" + "Élection".encode()
    assert detect_encoding(raw, ["cp1252"]) == "utf-8"
    assert decode_text(raw, "utf-8") == "Élection"


def test_unknown_or_impossible_labels_are_ignored() -> None:
    raw = FRENCH.encode("utf-8")
    assert detect_encoding(raw, ["no-such-charset", "utf-16"]) == "utf-8"
    assert detect_encoding(b"plain ascii", ["utf-16"]) == "utf-8"


def test_inline_charset_from_meta_and_xml_declaration() -> None:
    assert inline_charset(b'<html><head><meta charset="windows-1251">') == "windows-1251"
    assert (
        inline_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
        == "Shift_JIS"
    )
    assert inline_charset(b'<?xml version="1.0" encoding="ISO-8859-2"?><rss/>') == "ISO-8859-2"
    assert inline_charset(b"<html><body>no declaration</body></html>") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"\xef\xbb\xbf  <html lang=en><p>x</p></html>", "html"),
        (b"<div class=a><p>one</p><p>two</p></div>", "html"),
        (b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0"><channel/></rss>', "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "feed"),
        (b'<?xml version="1.0"?><urlset xmlns="x"><url/></urlset>', "sitemap"),
        (b"<sitemapindex><sitemap/></sitemapindex>", "sitemap"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "jsonfeed"),
        (b'<?xml version="1.0"?><invoice><total>3</total></invoice>', "xml"),
        (b"Headline\nBy a reporter\nFirst paragraph of text.\n", "text"),
    ],
)
def test_sniff(raw: bytes, expected: str) -> None:
    assert sniff(raw) == expected


def test_xml_root_skips_prolog() -> None:
    raw = b'<?xml version="1.0"?>\n<!DOCTYPE x>\n<!-- note -->\n<news:urlset xmlns:news="n">'
    assert xml_root(raw) == "urlset"
    assert xml_root(b"just text") is None


def test_gunzip_stream_reads_multi_member_and_padding() -> None:
    data = gzip.compress(b"first member\n") + gzip.compress(b"second member\n") + b"\x00" * 16
    stream = io.BufferedReader(GunzipStream(io.BytesIO(data)))
    assert stream.read() == b"first member\nsecond member\n"


def test_gunzip_truncated_keeps_what_was_read() -> None:
    payload = b"".join(b"line %d of a fictional dump\n" % i for i in range(20000))
    data = gzip.compress(payload)
    gz = GunzipStream(io.BytesIO(data[: len(data) // 2]))
    got = io.BufferedReader(gz).read()
    assert gz.truncated
    assert 0 < len(got) < len(payload) and payload.startswith(got)
    with pytest.raises(DecodeProblem, match=r"^truncated gzip stream$") as info:
        gunzip_capped(io.BytesIO(data[: len(data) // 2]), 10_000_000)
    assert info.value.raw == got


def test_gunzip_capped_stops_at_the_cap() -> None:
    bomb = gzip.compress(b"\x20" * 5_000_000)  # compresses to a few kB
    with pytest.raises(DecodeProblem, match="too large") as info:
        gunzip_capped(io.BytesIO(bomb), 100_000)
    assert len(info.value.raw) == 100_000


def test_gunzip_corrupt_stream() -> None:
    with pytest.raises(DecodeProblem, match="corrupt gzip stream"):
        gunzip_capped(io.BytesIO(b"\x1f\x8b\x08\x00garbage that is not deflate"), 1000)
