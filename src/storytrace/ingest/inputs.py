"""``iter_inputs``: every kind of raw input, as pages or rejections, one at a time."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.request import url2pathname

from storytrace.ingest.decode import DecodeProblem, check_bytes, gunzip_capped, sniff
from storytrace.ingest.files import is_url_list, iter_path
from storytrace.ingest.http import Fetcher, is_url, page_from_fetched
from storytrace.ingest.options import IngestOptions
from storytrace.ingest.pages import HTML_TYPES, media_type
from storytrace.records import Page, Rejection

if TYPE_CHECKING:
    import httpx


def iter_inputs(
    args: Sequence[str],
    *,
    options: IngestOptions | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Page | Rejection]:
    """Pages from paths (files, directories; ``file://`` URLs too) and http(s) URLs, in
    argument order.

    Streams: containers (directories, WARC, JSONL, feeds, sitemaps) are read one page
    at a time. Never raises for bad input: each bad input is a :class:`Rejection` with
    its bytes (as read, up to the cap) and a one-line reason naming it. ``client`` is
    used for HTTP when given (and left open); else one is made and closed at the end.
    """
    if isinstance(args, str):  # one input given bare: not a sequence of characters
        args = [args]
    fetcher = Fetcher(options or IngestOptions(), client)
    try:
        for arg in args:
            for item in _guarded(arg, fetcher):
                if isinstance(item, Rejection) and ("\n" in item.reason or "\r" in item.reason):
                    # Library messages may span lines; the user sees one line per input.
                    item = dataclasses.replace(item, reason=" ".join(item.reason.split()))
                yield item
    finally:
        fetcher.close()


def _guarded(arg: str, fetcher: Fetcher) -> Iterator[Page | Rejection]:
    """One argument's pages; a bug met on one input is that input's rejection, not the
    end of the batch."""
    try:
        if is_url(arg):
            yield from iter_url(arg, fetcher)
        elif arg[:7].lower() == "file://":
            yield from iter_path(url2pathname(urlsplit(arg).path), fetcher)
        else:
            yield from iter_path(arg, fetcher)
    except Exception as exc:
        yield Rejection(arg, f"internal error while reading ({type(exc).__name__}: {exc})")


def iter_url(url: str, fetcher: Fetcher) -> Iterator[Page | Rejection]:
    """The page at ``url``, or the pages of the feed or sitemap found there."""
    fetched = fetcher.get(url)
    if isinstance(fetched, Rejection):
        yield fetched
        return
    options = fetcher.options
    raw = fetched.raw
    if raw[:2] == b"\x1f\x8b":  # a gzip'd file (sitemap.xml.gz), not Content-Encoding
        try:
            raw = gunzip_capped(io.BytesIO(raw), options.max_bytes)
        except DecodeProblem as problem:
            yield Rejection(url, problem.reason, problem.raw)
            return
        fetched = dataclasses.replace(fetched, raw=raw)
    if media_type(fetched.content_type) not in HTML_TYPES:
        try:
            check_bytes(raw, "empty body")
        except DecodeProblem as problem:
            yield Rejection(url, problem.reason, problem.raw)
            return
    # Sniffed whatever the server says: feeds are often served as text/html or text/plain.
    sniffed = sniff(raw)
    fetch = True if options.fetch_links is None else options.fetch_links
    if sniffed in ("feed", "jsonfeed"):
        from storytrace.ingest.feeds import iter_feed

        yield from iter_feed(raw, source=url, base_url=fetched.url, fetch=fetch, fetcher=fetcher)
    elif sniffed == "sitemap" or (sniffed == "text" and is_url_list(raw)):
        from storytrace.ingest.sitemaps import iter_sitemap

        yield from iter_sitemap(raw, source=url, base_url=fetched.url, fetch=fetch, fetcher=fetcher)
    else:
        yield page_from_fetched(fetched, origin="http", cap=options.max_bytes)
