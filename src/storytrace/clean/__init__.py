"""clean stage: a raw :class:`Page` becomes an :class:`Article`.

HTML goes through :func:`storytrace.clean.html.clean_html` (trafilatura, then the same
text-level cleaner); text dumps go straight to :func:`clean_text`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from storytrace.clean._compiled import use_compiled

use_compiled(__path__)  # (before the first import of a compiled module)

from storytrace.clean.language import detect_language  # noqa: E402
from storytrace.clean.site import SiteProfile  # noqa: E402
from storytrace.clean.text import TextCleanResult, clean_text  # noqa: E402
from storytrace.errors import CleanError  # noqa: E402
from storytrace.records import Article, Page  # noqa: E402

__all__ = [
    "CleanError",
    "SiteProfile",
    "TextCleanResult",
    "clean",
    "clean_text",
    "decode",
    "detect_language",
    "page_hints",
    "site_key",
]


def site_key(url_or_source: str | None) -> str | None:
    """The site of a URL: its host, lower-cased, without a leading "www."; None if none.

    A bare host name ("example.org") is accepted; file paths and container locators
    ("dump.warc.gz#id", "pages.jsonl:17") are not URLs and give None.
    """
    if not url_or_source:
        return None
    value = url_or_source.strip()
    if value.startswith("//"):
        value = "http:" + value
    elif "://" not in value:
        if not _BARE_HOST.match(value):
            return None
        value = "http://" + value
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


_BARE_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?:/.*)?$", re.IGNORECASE
)


def decode(page: Page) -> str:
    """The page's text: its declared/detected encoding, else UTF-8 with replacement."""
    if page.encoding:
        try:
            return page.raw.decode(page.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return page.raw.decode("utf-8", errors="replace")


def page_hints(page: Page) -> dict[str, str]:
    """The container's hints the cleaner can use (title, published, outlet, ...)."""
    hints = {key: value for key, value in page.hints if value}
    if page.url:
        hints.setdefault("url", page.url)
    return hints


def clean(page: Page, *, profile: SiteProfile | None = None) -> Article:
    """Clean one page to its article; raises :class:`CleanError` when no text is left."""
    if page.kind == "html":
        from storytrace.clean.html import clean_html

        article: Article = clean_html(page, profile=profile)
        if not article.paragraphs:
            raise CleanError(f"{page.source}: no article text found in the HTML")
        if article.language is None:
            article.language, article.language_score = detect_language(article.text)
        if article.site is None:
            article.site = site_key(page.url) or _source_site(page.source)
        return _with_prose(page, article)
    text = decode(page)
    result = clean_text(text, profile=profile, hints=page_hints(page))
    if not result.paragraphs:
        raise CleanError(f"{page.source}: no article text left after cleaning")
    return _with_prose(page, to_article(page, result))


#: An article says something: at least one run of words this long. A page whose
#: "text" is a menu or a caption ("HomeNews", "Photo: AP") has no article.
MIN_PROSE_WORDS = 6
_WORD = re.compile(r"\w+")


def _with_prose(page: Page, article: Article) -> Article:
    if not any(len(_WORD.findall(p)) >= MIN_PROSE_WORDS for p in article.paragraphs):
        raise CleanError(
            f"{page.source}: no article text (no paragraph of {MIN_PROSE_WORDS}+ words)"
        )
    return article


def to_article(page: Page, result: TextCleanResult) -> Article:
    """The article of a page from the text-level cleaner's result."""
    language, score = detect_language(result.text)
    return Article(
        page_hash=page.content_hash,
        title=result.title,
        paragraphs=result.paragraphs,
        url=page.url,
        byline=result.byline,
        author=result.author,
        outlet=result.outlet,
        section=result.section,
        published=result.published,
        language=language,
        language_score=score,
        site=site_key(page.url) or _source_site(page.source),
        dropped=result.dropped,
    )


def _source_site(source: str) -> str | None:
    # a source is a URL only when it says so; paths and locators name no site
    return site_key(source) if "://" in source else None
