"""RSS, Atom (feedparser) and JSON Feed: each entry's article.

With ``fetch`` on, each entry's link is fetched and the real page is kept, with the
entry's metadata as hints. With it off (a local feed, offline), the entry's inline full
content (``content:encoded``, Atom ``content``, JSON Feed ``content_html``/``content_text``)
becomes the page and its ``url`` is the entry's link. A summary alone is not taken as the
article: it is usually a teaser.

Hints set: ``title``, ``published``, ``updated``, ``author``, ``id`` (the entry's),
``outlet`` (the feed's title), ``lang`` (the feed's language), ``feed`` (where the feed
was read).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from storytrace.ingest.decode import DecodeProblem, decode_text, detect_encoding, sniff
from storytrace.ingest.http import Fetcher, page_from_fetched
from storytrace.ingest.pages import clean_hints, iso_or_raw, make_page
from storytrace.records import MediaKind, Page, Rejection


@dataclass(slots=True)
class Entry:
    link: str | None
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    author: str | None = None
    id: str | None = None
    content: str | None = None
    content_kind: MediaKind = "html"
    summary: str | None = None
    #: The entry's categories (RSS <category>, Atom category terms, JSON Feed tags).
    categories: tuple[str, ...] = ()


@dataclass(slots=True)
class Feed:
    title: str | None
    lang: str | None
    entries: list[Entry]
    #: The site the feed belongs to (RSS channel link, JSON Feed home_page_url).
    link: str | None = None


def _struct_iso(value: Any) -> str | None:
    """feedparser's UTC ``time.struct_time`` as ISO 8601."""
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = value[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return None


def _xml_feed(raw: bytes) -> Feed | str:
    """The feed in RSS/Atom bytes, or why there is none."""
    import feedparser

    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=False, resolve_relative_uris=False)
    entries: list[Entry] = []
    for item in parsed.entries:
        content: str | None = None
        kind: MediaKind = "html"
        for part in item.get("content") or ():
            value = part.get("value") or ""
            if value.strip() and (content is None or len(value) > len(content)):
                content = value
                kind = "text" if part.get("type") == "text/plain" else "html"
        entry = Entry(
            link=item.get("link") or None,
            title=item.get("title"),
            published=_struct_iso(item.get("published_parsed")) or item.get("published"),
            # dict.get: feedparser's own get() falls back from updated to published.
            updated=_struct_iso(dict.get(item, "updated_parsed")) or dict.get(item, "updated"),
            author=item.get("author"),
            id=item.get("id"),
            content=content,
            content_kind=kind,
            summary=item.get("summary"),
            categories=tuple(
                str(t.get("term")).strip() for t in item.get("tags") or () if t.get("term")
            ),
        )
        if entry.link or entry.content or entry.title or entry.summary:
            entries.append(entry)
    if not entries:
        if parsed.get("bozo"):
            return f"broken feed XML ({parsed.get('bozo_exception')})"
        return "feed has no entries"
    return Feed(
        title=parsed.feed.get("title"),
        lang=parsed.feed.get("language"),
        entries=entries,
        link=parsed.feed.get("link"),
    )


def _json_feed(raw: bytes) -> Feed | str:
    """The feed in JSON Feed 1.0/1.1 bytes (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(decode_text(raw, detect_encoding(raw)))
    except (ValueError, DecodeProblem) as exc:
        return f"broken JSON Feed ({exc})"
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return "broken JSON Feed (no items list)"
    entries: list[Entry] = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        names = [a.get("name") for a in authors if isinstance(a, dict) and a.get("name")]
        html, text = item.get("content_html"), item.get("content_text")
        content = html if isinstance(html, str) and html.strip() else None
        if content is None and isinstance(text, str) and text.strip():
            content = text
        entries.append(
            Entry(
                link=_str(item.get("url")) or _str(item.get("external_url")),
                title=_str(item.get("title")),
                published=iso_or_raw(_str(item.get("date_published"))),
                updated=iso_or_raw(_str(item.get("date_modified"))),
                author=", ".join(str(n) for n in names) or None,
                id=_str(item.get("id")),
                content=content,
                content_kind="html" if content is html else "text",
                summary=_str(item.get("summary")),
                categories=tuple(str(t) for t in item.get("tags") or () if str(t).strip()),
            )
        )
    if not entries:
        return "feed has no entries"
    return Feed(
        title=_str(data.get("title")),
        lang=_str(data.get("language")),
        entries=entries,
        link=_str(data.get("home_page_url")) or _str(data.get("feed_url")),
    )


def _str(value: object) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return None


def iter_feed(
    raw: bytes,
    *,
    source: str,
    base_url: str | None,
    fetch: bool,
    fetcher: Fetcher,
) -> Iterator[Page | Rejection]:
    """Each entry of the feed in ``raw`` (read from ``source``) as a page or a rejection.

    ``base_url`` resolves relative entry links (the feed's own URL when remote).
    """
    cap = fetcher.options.max_bytes
    feed = _json_feed(raw) if sniff(raw) == "jsonfeed" else _xml_feed(raw)
    if isinstance(feed, str):
        yield Rejection(source, feed, raw)
        return
    for number, entry in enumerate(feed.entries, start=1):
        # Relative links: against the feed's URL, else (a local file) the feed's site.
        base = base_url or feed.link
        link = urljoin(base, entry.link) if base and entry.link else entry.link
        outlet, section = outlet_and_section(feed.title, entry.categories, feed.link)
        hints = clean_hints(
            [
                ("title", entry.title),
                ("published", entry.published),
                ("updated", entry.updated),
                ("author", entry.author),
                ("id", entry.id),
                ("outlet", outlet),
                ("section", section),
                ("lang", feed.lang),
                ("feed", source),
            ]
        )
        where = f"{source}#{number}"
        if fetch and link and link.lower().startswith(("http://", "https://")):
            fetched = fetcher.get(link)
            if isinstance(fetched, Rejection):
                yield fetched
            else:
                yield page_from_fetched(fetched, origin="feed", cap=cap, hints=hints)
        elif entry.content:
            yield _inline_page(entry, where=where, link=link, hints=hints, cap=cap)
        else:
            yield Rejection(
                where,
                _why_no_content(entry, link, fetch),
                (entry.summary or "").encode("utf-8", "replace"),
            )


_TITLE_PARTS = re.compile(r"\s+[–—|:-]\s+|:\s+")


def outlet_and_section(
    feed_title: str | None, categories: Sequence[str], feed_link: str | None
) -> tuple[str | None, str | None]:
    """A feed's outlet and the entry's section.

    Feed titles often join the two ("Daily Ledger – Politics", "Politics | Daily Ledger"):
    the part that names one of the entry's categories, or the last folder of the feed's
    link, is the section and the other part the outlet. Otherwise the whole title is the
    outlet and the first category the section.
    """
    section = categories[0] if categories else None
    if not feed_title:
        return None, section
    parts = [p.strip() for p in _TITLE_PARTS.split(feed_title.strip()) if p.strip()]
    if len(parts) == 2:
        folder = (feed_link or "").rstrip("/").rsplit("/", 1)[-1].casefold()
        known = {c.casefold() for c in categories} | ({folder} if folder else set())
        for i, part in enumerate(parts):
            if part.casefold() in known:
                return parts[1 - i], part
    return feed_title.strip(), section


def _inline_page(
    entry: Entry, *, where: str, link: str | None, hints: tuple[tuple[str, str], ...], cap: int
) -> Page | Rejection:
    raw = (entry.content or "").encode("utf-8", "replace")
    return make_page(
        raw,
        source=where,
        origin="feed",
        cap=cap,
        kind=entry.content_kind,
        declared=["utf-8"],
        url=link,
        hints=hints,
    )


def _why_no_content(entry: Entry, link: str | None, fetch: bool) -> str:
    what = f"entry {link or entry.title or entry.id or ''}".rstrip()
    has = "only a summary" if entry.summary else "no content"
    if not link:
        return f"{what} has {has} and no link to fetch"
    if not fetch:
        return f"{what} has {has} and links are not fetched (local feed; turn fetch_links on)"
    return f"{what} has {has} and its link is not an http(s) URL"
