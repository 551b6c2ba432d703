"""Bytes-level checks shared by every ingest path: binary or empty input, size caps,
gzip streams, text encodings, and what kind of document some bytes are.

Nothing here raises for bad input except :class:`DecodeProblem`, whose ``reason`` is
the one-line text of the rejection that the caller builds.
"""

from __future__ import annotations

import codecs
import io
import re
import zlib
from collections.abc import Sequence
from typing import BinaryIO, Literal

#: What a document is, as far as its first bytes tell.
Sniffed = Literal["html", "text", "feed", "jsonfeed", "sitemap", "xml"]

_CHUNK = 1 << 16
#: How much of the start of a document the sniffers look at.
HEAD = 4096

# File signatures of common binary formats; checked before anything is decoded so that
# a PDF or an image named ".html" is rejected with a useful reason.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"(\xb5/\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\x00asm", "WebAssembly"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"\x00\x01\x00\x00\x00", "TrueType font"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Labels that browsers read as windows-1252 (WHATWG Encoding Standard): pages declared
# latin-1 are nearly always cp1252 in practice (curly quotes in 0x80-0x9F).
_AS_CP1252 = {"ascii", "latin-1", "iso8859-1"}
_SINGLE_BYTE_LATIN = _AS_CP1252 | {"cp1252", "iso8859-15", "cp1250", "iso8859-2"}


_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


class DecodeProblem(Exception):
    """Bytes that cannot become a page; ``reason`` is the rejection's one-line reason."""

    def __init__(self, reason: str, raw: bytes = b"") -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw = raw


def size_label(n: int) -> str:
    """A byte count for humans: ``"50.0 MB"`` (decimal megabytes, like the cap)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"


def too_large(cap: int, size: int | None = None) -> str:
    if size is not None:
        return f"too large ({size_label(size)} > {size_label(cap)} cap)"
    return f"too large (more than the {size_label(cap)} cap)"


_MAGIC_PREFIXES = tuple(magic for magic, _ in _MAGIC)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)


def bom_encoding(raw: bytes) -> str | None:
    if not raw.startswith(_BOM_PREFIXES):  # one C call for the common case
        return None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: NUL in every other byte of mostly-ASCII text."""
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.05 * len(odd):
        return "utf-16-be"
    return None


def binary_kind(raw: bytes) -> str | None:
    """Why ``raw`` is not text (``"PDF"``, ``"NUL bytes"``...), or None when it may be text."""
    head = raw[:8192]
    if bom_encoding(head) in {"utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"}:
        return None
    if head.startswith(_MAGIC_PREFIXES):
        for magic, label in _MAGIC:
            if head.startswith(magic):
                return label
    if head[8:12] in (b"WEBP", b"WAVE", b"AVI ") and head.startswith(b"RIFF"):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[head[8:12]]
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if b"\x00" in head:
        if _utf16_without_bom(head):
            return None
        return "NUL bytes"
    # Control characters other than tab, newlines, form feed and escape are rare in text.
    controls = len(head) - len(head.translate(None, _CONTROLS))
    if head and controls > 0.1 * len(head):
        return "control characters"
    return None


def check_bytes(raw: bytes, empty: str = "empty file") -> None:
    """Raise :class:`DecodeProblem` for input that cannot be a page at all; ``empty``
    names what was empty."""
    if not raw:
        raise DecodeProblem(empty)
    if not raw.strip(b"\xef\xbb\xbf \t\r\n\x0c\x00"):
        raise DecodeProblem(f"{empty} (only whitespace)", raw)
    kind = binary_kind(raw)
    if kind:
        raise DecodeProblem(f"binary content (looks like {kind})", raw)


def normalize_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in {"x-user-defined", "binary", "none", "unknown"}:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return m.group(1) if m else None


_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([a-zA-Z0-9_:.\-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([a-zA-Z0-9_.\-]+)", re.I)


def inline_charset(raw: bytes) -> str | None:
    """The charset a document declares about itself (XML declaration or HTML meta)."""
    head = raw[:HEAD]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _mostly_utf8(raw: bytes) -> bool:
    """Valid UTF-8 but for a few stray bytes (a common fault of hand-edited pages): the
    many valid multi-byte characters show that UTF-8 is right and the stray bytes are noise."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return bad > 0 and good >= 10 * bad


def detect_encoding(raw: bytes, declared: Sequence[str | None] = ()) -> str:
    """The text encoding of ``raw``: its BOM, else the first declared charset that fits,
    else UTF-8 when valid, else detection (charset-normalizer).

    A declared charset that fails to decode the bytes is ignored (pages often lie about
    their encoding). Raises :class:`DecodeProblem` when no encoding fits.
    """
    bom = bom_encoding(raw)
    if bom:
        return bom
    is_ascii = raw.isascii()
    valid_utf8: bool | None = None
    for label in declared:
        enc = normalize_charset(label)
        if enc is None or enc.startswith(("utf-16", "utf-32")):
            # A UTF-16 declaration in bytes that were read as ASCII is always wrong.
            continue
        if is_ascii:
            return "utf-8" if enc in _SINGLE_BYTE_LATIN or enc == "utf-8" else enc
        if enc in _SINGLE_BYTE_LATIN:
            # Valid multi-byte UTF-8 almost never happens by chance in single-byte text,
            # so such pages are UTF-8 mislabelled by their server or template.
            if valid_utf8 is None:
                valid_utf8 = _decodes(raw, "utf-8")
            if valid_utf8:
                return "utf-8"
            if enc in _AS_CP1252 and _decodes(raw, "cp1252"):
                return "cp1252"
        if _decodes(raw, enc):
            return enc
        if enc == "utf-8" and _mostly_utf8(raw):
            return "utf-8"
    if is_ascii:
        return "utf-8"
    if valid_utf8 is None:
        valid_utf8 = _decodes(raw, "utf-8")
    if valid_utf8 or _mostly_utf8(raw):
        return "utf-8"
    utf16 = _utf16_without_bom(raw[:HEAD])
    if utf16 and _decodes(raw[: len(raw) // 2 * 2], utf16):
        return utf16
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise DecodeProblem("undecodable text (no declared or detected encoding fits)", raw)
    return codecs.lookup(best.encoding).name


def decode_text(raw: bytes, encoding: str | None) -> str:
    """Text of ``raw`` in ``encoding`` (as recorded on ``Page.encoding``); stray bytes
    become U+FFFD rather than failing. A leading BOM is dropped."""
    enc = normalize_charset(encoding) or "utf-8"
    if enc == "utf-8":
        enc = "utf-8-sig"
    return raw.decode(enc, errors="replace")


# --- what a document is ---------------------------------------------------------------

_SKIP_PROLOG = re.compile(r"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*", re.I | re.S)
_FIRST_TAG = re.compile(r"<([a-z][a-z0-9_.:\-]*)", re.I)
_HTML_TAGS = frozenset(
    "html head body div p span a article section main header footer nav aside table tr td"
    " ul ol li h1 h2 h3 h4 h5 h6 br hr img meta link title script style form figure blockquote"
    " pre noscript iframe center font b i em strong".split()
)
_HTML_MARKER = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|table|tr|td|article|section)\b[^>]*>", re.I
)


def _head_text(raw: bytes) -> str:
    head = raw[:HEAD]
    enc = bom_encoding(head) or (b"\x00" in head and _utf16_without_bom(head))
    if enc:
        return head.decode(enc, errors="ignore").lstrip("\ufeff")
    return head.decode("latin-1")


def xml_root(raw: bytes) -> str | None:
    """Local name of the first element, lower-cased (``rss``, ``feed``, ``urlset``...)."""
    text = _head_text(raw)
    m = _SKIP_PROLOG.match(text)
    rest = text[m.end() if m else 0 :]
    if not rest.startswith("<"):
        return None
    tag = _FIRST_TAG.match(rest)
    if not tag:
        return None
    return tag.group(1).rsplit(":", 1)[-1].lower()


def sniff(raw: bytes) -> Sniffed:
    """What ``raw`` is: an HTML page, a feed, a sitemap, other XML, a JSON Feed, or text."""
    text = _head_text(raw)
    stripped = text.lstrip()
    if stripped.startswith("{") and "jsonfeed.org/version" in text:
        return "jsonfeed"
    root = xml_root(raw)
    if root is not None:
        if root in {"rss", "feed", "rdf"}:
            return "feed"
        if root in {"urlset", "sitemapindex"}:
            return "sitemap"
        if root in _HTML_TAGS:
            return "html"
        if stripped.startswith("<?xml"):
            return "xml"
    if _HTML_MARKER.search(text) or len(_BLOCK_TAG.findall(text)) >= 3:
        return "html"
    return "text"


# --- gzip -----------------------------------------------------------------------------


class TruncatedGzip(Exception):
    """The gzip stream ended before its end-of-stream marker."""


class GunzipStream(io.RawIOBase):
    """Streaming gunzip over a binary file, for multi-member files too.

    Unlike :mod:`gzip`, a truncated stream does not lose what was read: the data up to
    the break is returned, then reads return EOF and :attr:`truncated` is set, so a
    caller can keep the pages read before the break and report where it broke.
    Corrupt data raises :class:`zlib.error`.
    """

    def __init__(self, fileobj: BinaryIO) -> None:
        super().__init__()
        self._f = fileobj
        self._dec = zlib.decompressobj(31)
        self._pending = b""
        self._done = False
        self.truncated = False
        #: Compressed bytes consumed so far (where a break happened).
        self.compressed_offset = 0

    def readable(self) -> bool:
        return True

    def _read_input(self) -> bytes:
        data = self._f.read(_CHUNK)
        self.compressed_offset += len(data)
        return data

    def _fill(self) -> None:
        while not self._pending and not self._done:
            if self._dec.eof:
                # Another member may follow; zero padding after the last one is allowed.
                data = self._dec.unused_data.lstrip(b"\x00")
                while not data:
                    more = self._read_input()
                    if not more:
                        self._done = True
                        return
                    data = more.lstrip(b"\x00")
                if not data.startswith(b"\x1f"):
                    self._done = True  # trailing garbage, ignored as gzip(1) does
                    return
                self._dec = zlib.decompressobj(31)
            else:
                data = self._dec.unconsumed_tail or self._read_input()
                if not data:
                    self._pending = self._dec.decompress(b"", _CHUNK * 4)
                    if not self._pending:
                        self.truncated = True
                        self._done = True
                    return
            self._pending = self._dec.decompress(data, _CHUNK * 4)

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        self._fill()
        n = min(len(b), len(self._pending))
        b[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def gunzip_capped(fileobj: BinaryIO, cap: int) -> bytes:
    """Decompress a whole gzip stream of at most ``cap`` bytes (a guard against
    decompression bombs). Raises :class:`DecodeProblem` when too large, truncated or corrupt."""
    stream = GunzipStream(fileobj)
    out = bytearray()
    try:
        while len(out) <= cap:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            out += chunk
    except zlib.error as exc:
        raise DecodeProblem(f"corrupt gzip stream ({exc})", bytes(out[:cap])) from None
    if len(out) > cap:
        raise DecodeProblem(too_large(cap), bytes(out[:cap]))
    if stream.truncated:
        raise DecodeProblem("truncated gzip stream", bytes(out))
    return bytes(out)


def gunzip_if_gzipped(fh: BinaryIO) -> GunzipStream | None:
    """A :class:`GunzipStream` over ``fh`` when it starts with the gzip magic, else None;
    ``fh`` is rewound either way so the caller reads it from the start."""
    gzipped = fh.read(2) == b"\x1f\x8b"
    fh.seek(0)
    return GunzipStream(fh) if gzipped else None
