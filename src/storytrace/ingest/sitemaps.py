"""Sitemaps (https://www.sitemaps.org/protocol.html): ``urlset`` pages are fetched,
``sitemapindex`` children are followed to a bounded depth and URL count; gzip'd
sitemaps are read too.

Hints set on each page: ``lastmod``, and from Google News sitemaps ``title``,
``published`` (``news:publication_date``), ``outlet`` (``news:publication/news:name``),
``lang``; plus ``sitemap`` (the sitemap the URL was listed in).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from storytrace.ingest.decode import (
    DecodeProblem,
    decode_text,
    detect_encoding,
    gunzip_capped,
    xml_root,
)
from storytrace.ingest.http import Fetcher, page_from_fetched
from storytrace.ingest.pages import Hints, clean_hints, iso_or_raw
from storytrace.records import Page, Rejection


@dataclass(slots=True)
class Budget:
    """What one sitemap argument may still take, shared across its index's children."""

    urls_left: int
    seen: set[str] = field(default_factory=set)
    overflow_reported: bool = False


@dataclass(frozen=True, slots=True)
class Listed:
    loc: str
    hints: Hints


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: object, *path: str) -> str | None:
    """Text of the first descendant along ``path`` (local names, any namespace)."""
    node = el
    for name in path:
        found = None
        for child in node:  # type: ignore[attr-defined]
            if _local(child.tag) == name:
                found = child
                break
        if found is None:
            return None
        node = found
    text = node.text  # type: ignore[attr-defined]
    return text.strip() if text and text.strip() else None


_URL_LINE = re.compile(r"https?://\S+\Z", re.I)


def url_list(raw: bytes) -> list[str] | None:
    """The URLs of a text sitemap (one http(s) URL per line, nothing else), or None.

    Such a file is a list of pages to fetch, never an article itself."""
    try:
        text = decode_text(raw, detect_encoding(raw))
    except DecodeProblem:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and all(_URL_LINE.match(line) for line in lines):
        return lines
    return None


def parse_sitemap(raw: bytes) -> tuple[str, list[Listed]]:
    """(``"urlset"``, ``"sitemapindex"`` or ``"urllist"`` for a text sitemap, listed URLs).
    Raises :class:`DecodeProblem`."""
    if xml_root(raw) is None:
        urls = url_list(raw)
        if urls is None:
            raise DecodeProblem("not a sitemap (neither XML nor a list of URLs)", raw)
        return "urllist", [Listed(url, ()) for url in urls]
    from lxml import etree

    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.parse(io.BytesIO(raw), parser).getroot()
    except etree.LxmlError as exc:
        raise DecodeProblem(f"broken sitemap XML ({exc})", raw) from None
    if root is None:
        raise DecodeProblem("broken sitemap XML (no root element)", raw)
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise DecodeProblem(f"not a sitemap (root element <{kind}>)", raw)
    item = "url" if kind == "urlset" else "sitemap"
    listed: list[Listed] = []
    for el in root:
        if _local(el.tag) != item:
            continue
        loc = _child_text(el, "loc")
        if not loc:
            continue
        hints = clean_hints(
            [
                ("lastmod", iso_or_raw(_child_text(el, "lastmod"))),
                ("title", _child_text(el, "news", "title")),
                ("published", iso_or_raw(_child_text(el, "news", "publication_date"))),
                ("outlet", _child_text(el, "news", "publication", "name")),
                ("lang", _child_text(el, "news", "publication", "language")),
            ]
        )
        listed.append(Listed(loc, hints))
    return kind, listed


def iter_sitemap(
    raw: bytes,
    *,
    source: str,
    base_url: str | None,
    fetch: bool,
    fetcher: Fetcher,
    budget: Budget | None = None,
    depth: int = 0,
) -> Iterator[Page | Rejection]:
    """The pages listed by the sitemap in ``raw`` (read from ``source``)."""
    options = fetcher.options
    budget = budget or Budget(options.max_sitemap_urls)
    if base_url:
        budget.seen.add(base_url)
    try:
        kind, listed = parse_sitemap(raw)
    except DecodeProblem as problem:
        yield Rejection(source, problem.reason, raw)
        return
    if not listed:
        yield Rejection(source, f"sitemap lists no URLs (<{kind}> is empty)", raw)
        return
    if not fetch:
        what = {
            "urlset": f"sitemap lists {len(listed)} URLs",
            "sitemapindex": f"sitemap index lists {len(listed)} sitemaps",
            "urllist": f"a list of {len(listed)} URLs",
        }[kind]
        yield Rejection(source, f"{what}, not fetched (local file; turn fetch_links on)", raw)
        return
    if kind == "sitemapindex" and depth >= options.max_sitemap_depth:
        yield Rejection(
            source,
            f"sitemap index nested deeper than {options.max_sitemap_depth}; "
            f"its {len(listed)} sitemaps were skipped",
        )
        return
    for item in listed:
        loc = urljoin(base_url, item.loc) if base_url else item.loc
        if loc in budget.seen:
            continue
        if budget.urls_left <= 0:
            if not budget.overflow_reported:
                budget.overflow_reported = True
                yield Rejection(
                    source,
                    f"sitemap lists more than max_sitemap_urls={options.max_sitemap_urls} "
                    "URLs; the rest were skipped",
                )
            return
        budget.seen.add(loc)
        if not loc.lower().startswith(("http://", "https://")):
            yield Rejection(loc, f"listed in {source} but not an http(s) URL")
            continue
        fetched = fetcher.get(loc)
        if isinstance(fetched, Rejection):
            if kind != "sitemapindex":
                budget.urls_left -= 1
            yield fetched
            continue
        if kind != "sitemapindex":
            budget.urls_left -= 1
            hints = (*item.hints, ("sitemap", source))
            yield page_from_fetched(fetched, origin="sitemap", cap=options.max_bytes, hints=hints)
            continue
        child = fetched.raw
        if child[:2] == b"\x1f\x8b":
            try:
                child = gunzip_capped(io.BytesIO(child), options.max_bytes)
            except DecodeProblem as problem:
                yield Rejection(loc, problem.reason, problem.raw)
                continue
        if xml_root(child) not in ("urlset", "sitemapindex"):
            yield Rejection(loc, "listed in a sitemap index but is not a sitemap", child)
            continue
        yield from iter_sitemap(
            child,
            source=loc,
            base_url=fetched.url,
            fetch=True,
            fetcher=fetcher,
            budget=budget,
            depth=depth + 1,
        )
