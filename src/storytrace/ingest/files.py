"""Local files and directories.

Directories are walked recursively in sorted order. Hidden files and folders (``.name``)
are skipped, and so are a saved page's assets (styles, scripts, images, fonts) and JSON
files that are not JSON Feeds (manifests, data): they are no pages. Symlinked folders
are not followed (a link loop would never end). A file is read by its name:
``.html/.htm/.xhtml`` are HTML, ``.txt`` text dumps (or a text sitemap when every line
is a URL), ``.jsonl`` JSON Lines, ``.warc`` archives; any other name is sniffed (HTML,
feed, sitemap, text). ``.gz`` files are gunzipped and read by their inner name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from storytrace.ingest.decode import DecodeProblem, check_bytes, gunzip_capped, sniff, too_large
from storytrace.ingest.http import Fetcher
from storytrace.ingest.pages import make_page
from storytrace.records import MediaKind, Page, Rejection

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
#: Parts of a saved web page that are not pages; skipped in directory walks only (named
#: explicitly, such a file is rejected with a reason).
ASSET_SUFFIXES = frozenset(
    ".css .js .mjs .map .png .jpg .jpeg .gif .webp .avif .svg .ico .bmp .tif .tiff"
    " .woff .woff2 .ttf .otf .eot .mp3 .mp4 .webm .ogg .wav .avi .mov .pyc".split()
)


def _walk(root: str) -> Iterator[Path | Rejection]:
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Rejection(root, f"cannot list directory ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path)
            elif entry.is_file():
                yield Path(entry.path)
        except OSError as exc:
            yield Rejection(entry.path, f"cannot read ({exc.strerror or exc})")


def iter_path(arg: str, fetcher: Fetcher) -> Iterator[Page | Rejection]:
    """Pages of a file or of every file under a directory."""
    path = Path(arg)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        yield Rejection(arg, f"cannot read ({exc.strerror or exc})")
        return
    if not exists:
        hint = ""
        if "/" in arg and "." in arg.split("/", 1)[0] and not arg.startswith((".", "/")):
            hint = " (for a URL, write it with http:// or https://)"
        yield Rejection(arg, f"no such file or directory{hint}")
        return
    if not is_dir:
        yield from iter_file(path, fetcher)
        return
    for found in _walk(arg):
        if isinstance(found, Rejection):
            yield found
        else:
            yield from iter_file(found, fetcher, in_walk=True)


def iter_file(path: Path, fetcher: Fetcher, *, in_walk: bool = False) -> Iterator[Page | Rejection]:
    """Pages of one file: a page, or the pages of the container it is."""
    cap = fetcher.options.max_bytes
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        from storytrace.ingest.warc import iter_warc

        yield from iter_warc(path, cap)
        return
    if name.endswith(JSONL_SUFFIXES):
        from storytrace.ingest.jsonl import iter_jsonl

        yield from iter_jsonl(path, cap)
        return
    inner = name.removesuffix(".gz")
    suffix = os.path.splitext(inner)[1]
    if in_walk and suffix in ASSET_SUFFIXES:
        return
    source = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            raw = fh.read(cap + 1)
            if len(raw) > cap:
                yield Rejection(source, too_large(cap, size if size > cap else None), raw[:cap])
                return
            if raw[:2] == b"\x1f\x8b":
                fh.seek(0)
                raw = gunzip_capped(fh, cap)
    except DecodeProblem as problem:
        yield Rejection(source, problem.reason, problem.raw)
        return
    except OSError as exc:
        yield Rejection(source, f"cannot read ({exc.strerror or exc})")
        return
    if in_walk and suffix == ".json" and sniff(raw) != "jsonfeed":
        return  # data or a manifest beside the pages, not a page
    yield from read_document(raw, source=source, suffix=suffix, fetcher=fetcher)


def is_url_list(raw: bytes) -> bool:
    """A text sitemap: one http(s) URL per line (checked cheaply before decoding)."""
    if raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:4].lower() != b"http":
        return False
    from storytrace.ingest.sitemaps import url_list

    return url_list(raw) is not None


def read_document(
    raw: bytes, *, source: str, suffix: str, fetcher: Fetcher
) -> Iterator[Page | Rejection]:
    """A local document by its suffix, or by its content when the suffix says nothing."""
    cap = fetcher.options.max_bytes
    if suffix in HTML_SUFFIXES:
        yield make_page(raw, source=source, origin="file", cap=cap, kind="html")
        return
    fetch = bool(fetcher.options.fetch_links)  # None: local files stay offline
    if suffix in TEXT_SUFFIXES:
        if is_url_list(raw):
            from storytrace.ingest.sitemaps import iter_sitemap

            yield from iter_sitemap(raw, source=source, base_url=None, fetch=fetch, fetcher=fetcher)
        else:
            yield make_page(raw, source=source, origin="text", cap=cap, kind="text")
        return
    try:
        check_bytes(raw)
    except DecodeProblem as problem:
        yield Rejection(source, problem.reason, problem.raw)
        return
    sniffed = sniff(raw)
    if sniffed == "text" and is_url_list(raw):
        sniffed = "sitemap"
    if sniffed in ("feed", "jsonfeed"):
        from storytrace.ingest.feeds import iter_feed

        yield from iter_feed(raw, source=source, base_url=None, fetch=fetch, fetcher=fetcher)
    elif sniffed == "sitemap":
        from storytrace.ingest.sitemaps import iter_sitemap

        yield from iter_sitemap(raw, source=source, base_url=None, fetch=fetch, fetcher=fetcher)
    elif suffix == ".json":
        yield Rejection(
            source, "JSON that is not a JSON Feed (for pages, use JSON Lines: .jsonl)", raw
        )
    elif sniffed == "xml":
        yield Rejection(source, "an XML document that is neither a page, a feed nor a sitemap", raw)
    else:
        kind: MediaKind = "html" if sniffed == "html" else "text"
        yield make_page(raw, source=source, origin="file", cap=cap, kind=kind)
