"""The text-level cleaner: a page's lines in, the article's title and paragraphs out.

Text dumps (one block element per line) go through it, and so does the HTML path after
its own extraction. The signals:

1. line rules (:mod:`storytrace.clean.rules`): banners, buttons, list headings ...
2. lines repeated across the site's pages (:class:`SiteProfile`);
3. block selection: every line gets a prose score (long, punctuated, full of function
   words > 0; labels and links < 0) and the article is the best-scoring run of lines
   (maximum subarray), continued past an interruption (a chart, a fact box) when strong
   prose follows soon;
4. reader comments: everything after a comment-section marker that follows the prose;
5. metadata lines (:mod:`storytrace.clean.meta`): read into the result, then dropped;
6. the headline: the best heading-like line just above the block.

Two passes keep it fast: pass 1 gives every line the cheap rules and its score, enough to
find the block; pass 2 applies every rule and reads the metadata on the lines around it.
Every dropped line is kept with its reason so that a reader can see what was removed.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import compress, repeat
from operator import and_, is_, itemgetter, not_
from typing import Final, NamedTuple, TypeVar, cast
from urllib.parse import urlsplit

from storytrace.clean import meta, rules
from storytrace.clean.site import SiteProfile
from storytrace.records import Dated, DroppedLine

#: A site profile is trusted once it has seen this many pages ...
SITE_MIN_PAGES: Final = 3
#: ... and a line is template when at least this share of them, and this many, carried it.
SITE_MIN_SHARE: Final = 0.3
SITE_MIN_COUNT: Final = 2
#: A line of prose is template only when this many pages carry it, or most of them do
#: (a paragraph on a few of many pages is an article's: its versions, its copies).
SITE_PROSE_MIN_PAGES: Final = 5
SITE_PROSE_MOST: Final = 0.75
#: A comment-section marker counts once this much prose (line scores) is above it, or
#: this share of the page's prose: a "Comments (3)" link under the headline does not.
COMMENT_MIN_PROSE: Final = 6.0
COMMENT_MIN_SHARE: Final = 0.5
#: Pass 1 looks at lines shorter than this only through the literal markers.
QUICK_SHORT: Final = 40
#: Pass 2 applies every rule to the lines this far above and below the main block (the
#: headline, byline, date and breadcrumb sit above it; a publisher line may follow it).
FULL_ABOVE: Final = 25
FULL_BELOW: Final = 25
#: A line whose words are mostly capitalised is not prose, however long.
TITLE_CASE_SHARE: Final = 0.7
#: Metadata lines (bylines, dates, publisher) are short.
META_LINE_MAX: Final = 160
#: A page with no prose line and at most this many candidate lines is kept whole.
TINY_TEXT_LINES: Final = 3
#: A headline candidate scoring below this is not taken (a label far above the text).
TITLE_MIN_SCORE: Final = -1.0
#: Weight of the share of a candidate headline's words found in the first paragraphs.
TITLE_LEAD_WEIGHT: Final = 2.0
TITLE_LEAD_LINES: Final = 4
#: Added to a candidate headline that stands right over a byline: an article's header is
#: headline, then byline, while the links between it and the text ("Talk about the team
#: in the forum", "Tell us what you think") stand closer to the text.
TITLE_BYLINE_BONUS: Final = 1.0
#: Metadata lines at most this far below the main block still belong to it.
META_BELOW: Final = 3
#: Lines at most this far above the main block may hold the title.
TITLE_WINDOW: Final = 12
#: Further up, as far as this, only a line the URL's path spells out (at least
#: :data:`SLUG_TITLE_WORDS` words, nearly all of them in the path) is taken: a list of
#: other headlines ("Most viewed") may sit between the headline and the text.
SLUG_TITLE_WINDOW: Final = 40
SLUG_TITLE_WORDS: Final = 4


@dataclass(slots=True)
class TextCleanResult:
    """What the text-level cleaner found in a page's lines."""

    title: str | None
    paragraphs: list[str]
    dropped: list[DroppedLine] = field(default_factory=list)
    published: Dated | None = None
    outlet: str | None = None
    section: str | None = None
    byline: str | None = None
    author: str | None = None
    #: Index (in the input lines) of the title line, when the title was read from one.
    title_index: int | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _stopwords() -> frozenset[str]:
    from justext import get_stoplist

    words: set[str] = set()
    for lang in ("English", "French", "German", "Spanish", "Portuguese"):
        words |= get_stoplist(lang)
    # jusText's Russian list, drawn from web text, also holds Latin words such as
    # "microsoft", "windows" and "world": only its Cyrillic ones are Russian stop words
    words |= {w for w in get_stoplist("Russian") if not re.search("[A-Za-z]", w)}
    return frozenset(w.casefold() for w in words)


_STOP: frozenset[str] | None = None
#: (the per-line functions here cache their results: they call the rules uncached)
_line_reason: Final = rules._line_reason
_WORD: Final = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END: Final = frozenset(".!?\"”’')…:;»")
_first_char: Final = itemgetter(0)
_ASCII_CAPITALS: Final = bytes(range(ord("A"), ord("Z") + 1))


def _capitals_bound(text: str) -> int:
    """At least the number of words that begin with a capital: the capitals of an ASCII
    line, counted in C (prose has few, so the word-by-word count is mostly skipped)."""
    if not text.isascii():
        return len(text)
    raw = text.encode("ascii")
    return len(raw) - len(raw.translate(None, _ASCII_CAPITALS))


def _line_score(text: str) -> float:
    """How much a line looks like article prose (> 0) or like a link, label, menu (< 0)."""
    global _STOP
    if _STOP is None:
        _STOP = _stopwords()
    chars = len(text)
    if not text.isascii() and text.count(" ") * 12 < chars:
        # a script written without spaces (Chinese, Japanese, Thai): no function words to
        # count, but a character says about three Latin ones, and sentences have their marks
        eff = 3 * chars
        if eff < 40:
            return -1.0
        return min(eff / 100.0, 6.0) if any(p in text for p in "。，、！？；") else -0.5
    if chars < 40:
        return -1.0  # a label, a link, a name: never prose by itself
    ends = text[-1] in _SENTENCE_END
    if chars < 150 and not ends:
        return -0.3 if chars >= 80 else -0.8
    toks = text.casefold().split()  # whitespace split: much cheaper than a regex here
    n = len(toks)
    if n == 0:
        return -1.0
    stop = sum(map(_STOP.__contains__, toks)) / n
    # (the count is skipped for prose full of function words: headlines have few)
    if (
        stop < 0.45
        and n >= 8
        and _capitals_bound(text) > TITLE_CASE_SHARE * n
        and sum(map(str.isupper, map(_first_char, text.split()))) > TITLE_CASE_SHARE * n
    ):
        return -0.5  # mostly capitalised words: headlines run together, names, a menu
    if chars >= 150:
        if stop >= 0.2:
            return min(chars / 100.0, 6.0)
        return 0.5 if stop >= 0.1 else -0.5
    if chars >= 80:
        return 1.0 if ends and stop >= 0.2 else -0.3
    if chars >= 40:
        return 0.3 if ends and stop >= 0.2 else -0.8
    return -1.0


@lru_cache(maxsize=65536)
def line_score(text: str) -> float:
    """How much a line looks like article prose (> 0) or like a link, label, menu (< 0).

    Cached; the cleaner's own per-line functions cache their results and call
    :func:`_line_score`, so that a line takes one cache entry, not two."""
    return _line_score(text)


def _as_lines(text_or_lines: str | Sequence[str]) -> list[str]:
    if isinstance(text_or_lines, str):
        return text_or_lines.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return list(text_or_lines)


#: Whitespace other than " " and "\n" (every ``str.isspace`` character): a text without
#: it, double spaces or spaces at line ends has its lines normalised already.
_ODD_SPACE: Final = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n")
_ODD_SPACE_ASCII: Final = [c for c in _ODD_SPACE if c.isascii()]
_ODD_SPACE_RE: Final = re.compile(f"[{re.escape(_ODD_SPACE)}]")
assert not any(c.isprintable() for c in _ODD_SPACE)  # (what _normalised relies on)


def _normalised(text: str) -> bool:
    """Whether every line of ``text`` is already what normalize_line makes of it (most
    dumps are: one split then does the work of a split and join per line)."""
    flat = text.replace("\n", " ")
    if text.isascii():
        if any(c in text for c in _ODD_SPACE_ASCII):  # (one-character tests are memchr)
            return False
    elif not flat.isprintable() and _ODD_SPACE_RE.search(text) is not None:
        # (every odd space is unprintable: a printable text has none, and a test of
        # printability costs half the search)
        return False
    if "  " not in flat:  # one scan for "  ", " \n", "\n " (and blank lines)
        return text[-1:] != " "
    return "  " not in text and " \n" not in text and "\n " not in text and text[-1:] != " "


def _split(text_or_lines: str | Sequence[str]) -> tuple[list[int], list[str]]:
    """The page's non-empty lines, whitespace collapsed, and their input indexes."""
    if isinstance(text_or_lines, str) and text_or_lines[:1] != " " and _normalised(text_or_lines):
        raw = text_or_lines.split("\n")
        if "" not in raw:
            return list(range(len(raw))), raw
        return [i for i, t in enumerate(raw) if t], [t for t in raw if t]
    pairs = [
        (i, t)
        for i, raw_line in enumerate(_as_lines(text_or_lines))
        if (t := " ".join(raw_line.split()))  # rules.normalize_line, inlined: it runs per line
    ]
    return [i for i, _ in pairs], [t for _, t in pairs]


def _same_text(a: str, b: str) -> bool:
    na = " ".join(_WORD.findall(a.casefold()))
    nb = " ".join(_WORD.findall(b.casefold()))
    return bool(na) and (
        na == nb or (len(nb) > 15 and na.startswith(nb)) or (len(na) > 15 and nb.startswith(na))
    )


def _names_title(crumb: str, title: str) -> bool:
    if _same_text(crumb, title):
        return True
    words = set(_WORD.findall(crumb.casefold()))
    return bool(words) and len(words & set(_WORD.findall(title.casefold()))) >= 0.6 * len(words)


def clean_text(
    text_or_lines: str | Sequence[str],
    *,
    profile: SiteProfile | None = None,
    hints: Mapping[str, str] | None = None,
) -> TextCleanResult:
    """Clean one page's lines (a text dump, or the blocks the HTML path extracted)."""
    hints = hints or {}
    # The page's lines as parallel lists (input index, text, reason, score), not one
    # object per line: a page has ~120 lines, and the cleaner runs on millions of pages.
    idx, texts = _split(text_or_lines)
    # the order the site writes numeric dates in, from its other pages
    site_order = profile.day_first() if profile is not None else None
    dropped: list[DroppedLine] = []
    published: Dated | None = None
    outlet: str | None = None  # the page's own "publisher" line wins over the container's
    section: str | None = None
    byline: str | None = None
    author: str | None = None
    crumbs: list[str] | None = None
    crumb_pos = -1

    # a leading "date YYYY-MM-DD" marker shares its line with whatever follows it
    if texts:
        marker = meta.date_marker(texts[0])
        if marker is not None:
            value, rest = marker
            published = Dated(value, "dump-marker") if meta.plausible(value) else None
            marker_text = texts[0][: len(texts[0]) - len(rest)].strip() if rest else texts[0]
            dropped.append(DroppedLine(idx[0], marker_text, "metadata: date"))
            if rest.strip():
                texts[0] = rest.strip()
            else:
                del idx[0], texts[0]

    # pass 1, every line: the cheap rules and the prose score, enough to find the block
    reasons: list[str | None] = []
    scores: list[float] = []
    if texts:
        quick_reasons, quick_scores = zip(*map(_quick, texts), strict=True)
        reasons, scores = list(quick_reasons), list(quick_scores)
    #: pages of the site that carry a line, for the site-repeated ones
    repeats: dict[int, int] = {}
    if profile is not None and profile.pages >= SITE_MIN_PAGES:
        least = max(SITE_MIN_COUNT, SITE_MIN_SHARE * profile.pages)
        # prose shared by a few pages is an article's (its versions, its copies); prose
        # on most of the site's pages is a template's (a disclaimer, a standing notice)
        least_prose = max(least, min(SITE_PROSE_MIN_PAGES, SITE_PROSE_MOST * profile.pages))
        for pos, text in enumerate(texts):
            if reasons[pos] is None:
                count = profile.count(text)
                if count >= (least_prose if scores[pos] > 0 else least):
                    reasons[pos], scores[pos], repeats[pos] = "site-repeated", DROPPED_SCORE, count
    # (reader comments are cut in pass 2: the block found here may run on into them, which
    # only widens the window of pass 2)
    start, end = _best_region(scores)

    # pass 2, the lines around the block: every rule, and the metadata they carry
    dates: list[tuple[int, datetime | date]] = []
    bylines: list[tuple[int, meta.Byline]] = []
    lo, hi = max(0, start - FULL_ABOVE), min(len(texts), end + FULL_BELOW)
    for _ in range(2):
        dates.clear()
        bylines.clear()
        crumbs, crumb_pos = None, -1
        for pos in range(lo, hi):
            if scores[pos] > 0:
                continue  # prose: pass 1 gave it every line rule, and it is no metadata
            reason = reasons[pos]
            if reason is not None and reason not in _REFINED and reason[:9] != "metadata:":
                continue  # already dropped for a reason of its own
            info = _classify(texts[pos])
            if info.reason is None:
                continue
            if reason == "user comments":
                if not info.reason.startswith("metadata"):
                    reasons[pos] = info.reason  # the more telling reason ("captcha")
                continue
            reasons[pos], scores[pos] = info.reason, info.score
            if info.crumbs is not None:
                if crumbs is None:
                    crumbs, crumb_pos = list(info.crumbs), pos
            elif info.publisher is not None:
                outlet = outlet or info.publisher
            elif info.byline is not None:
                bylines.append((pos, info.byline))
                if info.date is not None:
                    dates.append((pos, info.date))
            elif info.date is not None:
                dates.append((pos, info.date))
        _mark_comments(texts, reasons, scores)
        start, end = _best_region(scores)
        if (lo <= start and end <= hi) or (lo == 0 and hi == len(texts)):
            break
        lo, hi = 0, len(texts)  # the block moved: look at every line

    if start == end and "site-repeated" in reasons:
        # every prose line is shared with the site's other pages: this page repeats
        # another one (a copy, a print view), so its text is the article after all
        for pos, text in enumerate(texts):
            if reasons[pos] == "site-repeated" and line_score(text) > 0:
                reasons[pos], scores[pos] = None, line_score(text)
        start, end = _best_region(scores)
    if start == end:
        # no line reads like prose: a tiny text (a note, a one-line post) is kept whole,
        # a page of menus and buttons has no article
        free = [pos for pos, reason in enumerate(reasons) if reason is None]
        if 0 < len(free) <= TINY_TEXT_LINES:
            start, end = free[0], free[-1] + 1

    keep = [False] * start + [True] * (end - start) + [False] * (len(texts) - end)
    for s2, e2 in _continuations(reasons, scores, end, min(len(texts), end + FULL_BELOW)):
        keep[s2:e2] = [True] * (e2 - s2)

    outlet = outlet or hints.get("outlet") or None
    chosen = _nearest(bylines, start, end)
    if chosen is not None:
        byline = chosen.raw
        author = meta.person_name(chosen.who, outlet=outlet)
    when = _nearest(dates, start, end) if published is None else None
    if when is not None:
        pos = next(p for p, v in dates if v is when)
        when = _in_page_order(when, pos, texts, scores, start, hints.get("url"), site_order)
    if when is not None and meta.plausible(when):
        published = Dated(when, "dump-text")

    title: str | None = None
    title_pos = _find_title(
        texts, reasons, scores, repeats, start, hints.get("title"), crumbs, hints.get("url")
    )
    if title_pos is not None:
        title = texts[title_pos]
        reasons[title_pos] = "title"
    elif hints.get("title"):
        title = rules.normalize_line(hints["title"])

    # section: the crumb before the title, else a short line right after the breadcrumb
    if crumbs is not None:
        # the last crumb names the page itself when it is (a short form of) the headline
        cands = crumbs[:-1] if title is not None and _names_title(crumbs[-1], title) else crumbs
        if title is None and len(crumbs[-1].split()) >= 4:
            cands = crumbs[:-1]
        cands = [c for c in cands if not rules._HOME.match(c)]
        if cands:
            section = cands[-1]
        elif crumb_pos + 1 < len(texts):
            nxt = crumb_pos + 1
            sec = meta.section_line(texts[nxt])
            if (
                sec is not None
                and (title is None or not _same_text(sec, title))
                and reasons[nxt] != "title"
            ):
                section = sec
                reasons[nxt] = "metadata: section"
    if section is None and title_pos is not None:
        section = _section_above(texts, reasons, title_pos, hints.get("url"))
    if section is None and hints.get("section"):
        section = hints["section"]

    # the article's lines, and every other line but the title dropped with its reason, by
    # masks over the parallel lists (C loops: a Python loop here cost ~100 us a page)
    para = list(map(and_, map(is_, reasons, repeat(None)), keep))
    paragraphs = list(compress(texts, para))
    drop = list(map(not_, para))
    if title_pos is not None:
        drop[title_pos] = False
    kept = list(compress(reasons, drop))
    why = cast(list[str], list(map(_OUTSIDE.get, kept, kept)))  # (None: "outside main block")
    dropped.extend(_dropped_lines(compress(idx, drop), compress(texts, drop), why))

    if published is None and hints.get("published"):
        hinted = _parse_hint_date(hints["published"])
        if hinted is not None and meta.plausible(hinted):
            published = Dated(hinted, "hint")
    if published is None and start < end:
        # less sure than a date line by the headline or the container's own date: a wire
        # dateline, the address, then the page's header date
        in_url = meta.url_date(hints.get("url"))
        published = (
            _dateline(texts[start])
            or (Dated(in_url, "url") if in_url is not None else None)
            or _header_date(texts, scores, start, hints.get("url"), site_order)
        )
    if byline is None and hints.get("author"):
        byline = hints["author"]
        author = meta.person_name(byline, outlet=outlet)

    return TextCleanResult(
        title=title,
        paragraphs=paragraphs,
        dropped=dropped,
        published=published,
        outlet=outlet,
        section=section,
        byline=byline,
        author=author,
        title_index=idx[title_pos] if title_pos is not None else None,
    )


_new_dropped: Final = DroppedLine.__new__
_set_index: Final = vars(DroppedLine)["index"].__set__  # (the slot descriptors)
_set_text: Final = vars(DroppedLine)["text"].__set__
_set_reason: Final = vars(DroppedLine)["reason"].__set__


def _dropped(index: int, text: str, reason: str) -> DroppedLine:
    """``DroppedLine(index, text, reason)`` at half the cost: a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__`` (~2 us a line, and a page
    drops ~100 lines); this sets the same slots directly, which is all that call does."""
    line = _new_dropped(DroppedLine)
    _set_index(line, index)
    _set_text(line, text)
    _set_reason(line, reason)
    return line


#: The reason of a line that no rule dropped but that lies outside the article.
_OUTSIDE: Final[dict[str | None, str | None]] = {None: "outside main block"}


def _dropped_lines(
    indexes: Iterable[int], texts: Iterable[str], reasons: Sequence[str]
) -> list[DroppedLine]:
    """``[_dropped(i, t, r) for ...]`` for a whole page at once: the objects are made and
    their three slots set by ``map`` (no Python frame per line)."""
    lines = list(map(_new_dropped, repeat(DroppedLine, len(reasons))))
    deque(map(_set_index, lines, indexes), 0)
    deque(map(_set_text, lines, texts), 0)
    deque(map(_set_reason, lines, reasons), 0)
    return lines


_T = TypeVar("_T")


def _nearest(found: Sequence[tuple[int, _T]], start: int, end: int) -> _T | None:
    """The metadata line that belongs to the article: the nearest one above the main
    block (within the title window), else the first inside it, else one just below it
    (a blog's "Posted by ... at ..." footer). Others (a sidebar's dates, the dates of
    reader comments) are not the article's."""
    above = [v for pos, v in found if start - TITLE_WINDOW <= pos < start]
    if above:
        return above[-1]
    later = [v for pos, v in found if start <= pos < end + META_BELOW]
    return later[0] if later else None


#: A dateline opens the first paragraph: at most this many characters before its date.
DATELINE_LEAD: Final = 40
_DATELINE_AFTER: Final = re.compile(r"\s*(?:\((?:AP|AFP|Reuters|UPI|dpa|PA)\)\s*)?[-–—?:|]")


def _dateline(first: str) -> Dated | None:
    """The date of a wire dateline opening the article ("16 January 2008 - The Council
    ...", "SEATTLE, Jan. 14, 2008 (AP) -- ..."): a date within the first characters, with
    at most a place name before it and a dash after it."""
    head = first[: DATELINE_LEAD + 40]
    found = meta.find_date(head)
    if found is None or found.start > DATELINE_LEAD or not meta.plausible(found.value):
        return None
    before = head[: found.start].strip(" ,")
    if len(before.split()) > 3 or (before and not before.replace(" ", "").isupper()):
        return None
    if _DATELINE_AFTER.match(first, found.end) is None:
        return None
    return Dated(found.value, "dump-dateline")


def _in_page_order(
    when: datetime | date,
    pos: int,
    texts: Sequence[str],
    scores: Sequence[float],
    start: int,
    url: str | None,
    site_order: bool | None = None,
) -> datetime | date:
    """The date of line ``pos`` read as the page writes its dates. An ambiguous
    "08/01/2008" with no weekday beside it (read in US order, "08.01.2008" day first) is
    read as the page's other dates or its address say (:func:`meta.day_first_page`); when
    nothing says, it is turned round when only the other reading comes before the page's
    latest date line above the article (a header's "Tuesday, January 15, 2008", the day it
    was served), since nothing is published after the page that shows it. Only the chosen
    line pays for this."""
    both = meta.readings(texts[pos])
    if both is None:
        return when
    taken = when.date() if isinstance(when, datetime) else when
    other = both[1] if taken == both[0] else both[0]
    day_first = meta.day_first_page("\n".join(texts), url, site=site_order)
    if day_first is not None:
        other = both[0] if day_first else both[1]
    else:
        served = [
            d.date() if isinstance(d, datetime) else d
            for d in (
                meta.date_line(texts[i])
                for i in range(start)
                if i != pos and scores[i] <= 0 and meta._YEAR.search(texts[i])
            )
            if d is not None
        ]
        slack = timedelta(days=1)
        if not (served and taken > max(served) + slack >= other):
            return when
    if other == taken:
        return when
    return datetime.combine(other, when.time()) if isinstance(when, datetime) else other


def _header_date(
    texts: Sequence[str],
    scores: Sequence[float],
    above: int,
    url: str | None,
    site_order: bool | None = None,
) -> Dated | None:
    """The page's own date line far above the article (a site header's "Monday, January
    21, 2008"): the day the page was served, near its publication when nothing nearer
    says; the nearest such line wins."""
    for pos in range(above - 1, -1, -1):
        text = texts[pos]
        if scores[pos] > 0 or len(text) > META_LINE_MAX or meta._YEAR.search(text) is None:
            continue
        when = _classify(text).date
        if when is not None:
            when = _in_page_order(when, pos, texts, scores, pos, url, site_order)
            if meta.plausible(when):
                return Dated(when, "dump-header")
    return None


class _Info(NamedTuple):
    """What one line is, as far as the line alone tells (cached per distinct line)."""

    reason: str | None
    score: float
    crumbs: tuple[str, ...] | None = None
    publisher: str | None = None
    byline: meta.Byline | None = None
    date: datetime | date | None = None


#: Score of a line dropped by a rule: it weighs against joining blocks across it.
DROPPED_SCORE: Final = -1.5


@lru_cache(maxsize=1 << 16)
def _quick(text: str) -> tuple[str | None, float]:
    """Pass 1 of a line: a short line is looked up among the literal markers only (its
    score is negative anyway); a longer one gets every line rule, since a banner or a
    disclaimer could otherwise pass for prose."""
    if len(text) < QUICK_SHORT:
        reason = rules.literal_reason(text)
        if reason is not None:
            return reason, DROPPED_SCORE
        return None, -1.0 if text.isascii() else _line_score(text)  # (see line_score)
    reason = _line_reason(text)
    return (reason, DROPPED_SCORE) if reason is not None else (None, _line_score(text))


@lru_cache(maxsize=1 << 16)
def _classify(text: str) -> _Info:
    """Pass 2 of a line: every rule, and the metadata the line carries (an ambiguous
    numeric date in US order: :func:`_in_page_order` settles the one that is used)."""
    long = len(text) >= QUICK_SHORT
    if long:
        # pass 1 gave a long line every rule, and its score when none matched
        reason, score = _quick(text)
    else:
        reason = _line_reason(text)
    if reason is None or reason in ("navigation", "related links"):
        parts = rules.breadcrumb_parts(text)
        if parts is not None:
            return _Info("metadata: breadcrumb", DROPPED_SCORE, crumbs=tuple(parts))
    if reason is not None:
        return _Info(reason, DROPPED_SCORE)
    if len(text) <= META_LINE_MAX:
        first = meta._first_word(text)  # (both tests start from it)
        name = meta._publisher_line(text, first)
        if name is not None:
            return _Info("metadata: publisher", DROPPED_SCORE, publisher=name)
        bl = meta._byline_line(text, first)
        if bl is not None:
            # "By Ann Lee on Friday, January 18, 2008": the byline carries the date too
            return _Info("metadata: byline", DROPPED_SCORE, byline=bl, date=meta.line_date(text))
        when = meta.date_line(text)
        if when is not None:
            return _Info("metadata: date", DROPPED_SCORE, date=when)
        dated = meta.dated_byline(text)
        if dated is not None:  # "Jan 14 2008 by Ann Lee, The Courier"
            return _Info("metadata: byline", DROPPED_SCORE, byline=dated[1], date=dated[0])
        when = meta.labelled_date(text, first)
        if when is not None:  # "Posted in News by Ann Lee on January 7th, 2008"
            return _Info("metadata: date", DROPPED_SCORE, date=when)
    return _Info(None, score if long else _line_score(text))


#: Pass-1 reasons that pass 2 may refine (a menu item may be a breadcrumb, and so on).
_REFINED: Final = frozenset({"navigation", "related links", "site-repeated", "user comments"})


def _mark_comments(texts: Sequence[str], reasons: list[str | None], scores: list[float]) -> None:
    """Drop the reader comments: everything from the first comment-section marker that
    comes after the article has begun (enough prose above it). Comments read like prose,
    so block selection alone would run on into them."""
    total = sum([sc for sc in scores if sc > 0])
    if total <= 0:
        return
    need = min(COMMENT_MIN_PROSE, COMMENT_MIN_SHARE * total)
    # a marker counts from the first line with enough prose above it
    seen, first = 0.0, len(scores)
    for pos, sc in enumerate(scores):
        if seen >= need:
            first = pos
            break
        if sc > 0:
            seen += sc
    marker = rules.comment_marker
    for pos in range(first, len(texts)):
        text = texts[pos]
        if len(text) <= 200 and marker(text):
            for later in range(pos, len(texts)):
                reason = reasons[later]
                if reason is None or reason.startswith("metadata"):
                    reasons[later] = "user comments"
                scores[later] = min(scores[later], -1.0)
            return


def _best_region(scores: Sequence[float]) -> tuple[int, int]:
    """The contiguous run of lines with the highest total score (maximum subarray)."""
    best, best_start, best_end = 0.0, 0, 0
    cur, cur_start = 0.0, 0
    for pos, score in enumerate(scores):
        if cur <= 0:
            cur, cur_start = 0.0, pos
        cur += score
        if cur > best:
            best, best_start, best_end = cur, cur_start, pos + 1
    return best_start, best_end


def _section_above(
    texts: Sequence[str], reasons: list[str | None], title_pos: int, url: str | None
) -> str | None:
    """A section label printed just above the headline ("Business"), taken when the page
    confirms it is one: the URL's path names it, or the site menu above lists it."""
    pos = title_pos - 1
    while pos >= 0 and (reasons[pos] or "").startswith("metadata: date"):
        pos -= 1
    if pos < 0 or (reasons[pos] or "outside")[:7] not in ("outside", "navigat", "site-re"):
        return None
    label = meta.section_line(texts[pos])
    if label is None:
        return None
    key = label.casefold()
    path = url.split("://", 1)[-1].split("?", 1)[0].split("/")[1:] if url else []
    in_url = any(seg.casefold().replace("-", " ").replace("_", " ") == key for seg in path)
    in_menu = any(text.casefold() == key for text in texts[:pos])
    if not (in_url or in_menu):
        return None
    reasons[pos] = "metadata: section"
    return label


def _continuations(
    reasons: Sequence[str | None], scores: Sequence[float], end: int, limit: int
) -> list[tuple[int, int]]:
    """Blocks of prose that continue the article after an interruption (a chart, a fact
    box, a "continue reading" button) the main block could not bridge. A block counts if
    it is strong enough, begins soon after, and no line in between says the article is
    over (related links, comments, tags, a copyright line ...)."""
    found: list[tuple[int, int]] = []
    while end < limit:
        best, best_start, best_end = 0.0, end, end
        cur, cur_start = 0.0, end
        for pos in range(end, limit):
            if reasons[pos] in _ARTICLE_OVER:
                limit = pos  # nothing after this line continues the article
                break
            if cur <= 0:
                cur, cur_start = 0.0, pos
            cur += scores[pos]
            if cur > best:
                best, best_start, best_end = cur, cur_start, pos + 1
        if best < CONTINUATION_MIN or best_start - end > CONTINUATION_GAP:
            break
        if sum(1 for sc in scores[best_start:best_end] if sc >= 1.0) < 2:
            break
        found.append((best_start, best_end))
        end = best_end
    return found


#: Reasons of lines after which nothing continues the article.
_ARTICLE_OVER: Final = frozenset(
    {
        "related links", "user comments", "comment form", "copyright", "tags", "newsletter",
        "social", "cookie banner", "share buttons", "metadata: byline", "metadata: publisher",
        "site-repeated", "captcha", "back to top",
    }
)  # fmt: skip
#: A continuation holds at least this much prose, and starts at most this many lines on.
CONTINUATION_MIN: Final = 3.0
CONTINUATION_GAP: Final = 15


class _UrlParts(NamedTuple):
    host: str
    #: the path's segments, then the query's names and values ("?t=NHL_tweaks_rules")
    path: list[str]
    query: list[str]


def _url_parts(url: str) -> _UrlParts:
    """A URL's host (lower-cased) and the pieces of its path and query."""
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
        host = parts.hostname or ""
    except ValueError:
        return _UrlParts("", [], [])
    return _UrlParts(host, parts.path.split("/")[1:], re.split(r"[&=]", parts.query))


def _slug_words(url: str | None) -> tuple[frozenset[str], ...]:
    """Words of each segment of a URL's path: many sites put the headline in one
    ("/pier-vote-passes"); a breadcrumb's words are spread over several ("/news/world/")."""
    if not url:
        return ()
    parts = _url_parts(url)
    found = (frozenset(_long_words(part)) for part in [*parts.path, *parts.query])
    return tuple(f for f in found if f)


#: ASCII bytes of a word character (``\w``: letters, digits, "_") kept, others made spaces.
_ASCII_WORDS: Final = bytes(c if chr(c).isalnum() or c == 95 else 32 for c in range(128)) + bytes(
    [32] * 128
)
#: A word of three characters or more: exactly the ``\w+`` runs longer than two.
_WORD3: Final = re.compile(r"\w{3,}")


def _content_words(text: str) -> set[str]:
    """Words that carry meaning (no function words, no short tokens), lower-cased."""
    stop = _STOP or frozenset()
    if text.isascii():  # (the lead paragraphs are long: a byte table beats the regex)
        words = text.lower().encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
        return {w for w in set(words) - stop if len(w) > 2}
    return set(_WORD3.findall(text.casefold())) - stop


def _title_score(
    text: str,
    reason: str | None,
    repeats: int,
    distance: int,
    slug: tuple[frozenset[str], ...],
    lead: Callable[[], str],
    site: frozenset[str] = frozenset(),
) -> float | None:
    """How much a line above the main block looks like its headline (None: not at all).
    ``lead``: the first paragraphs, casefolded (computed on first use); ``site``: the words
    of the site's host name, which the lead shares with the site's own links ("About
    Reuters" and "BRUSSELS (Reuters) -") and so do not count."""
    # a headline shared by a few pages of the site is one article fetched again (its
    # versions), not the site's template
    if reason is not None and not (reason == "site-repeated" and repeats < SITE_PROSE_MIN_PAGES):
        return None
    n = len(text.split())
    if not 2 <= n <= 30 or len(text) > 250:
        return None
    if text.endswith((",", ";", ":")) or ("|" in text and n <= 6):
        return None
    if text.endswith(".") and n > 12:
        return None  # a sentence, not a headline
    if n <= 8 and meta.only_a_date(text):
        return None  # "17:59 - 9th, Jan 2008": the date line under the headline
    if _MEDIA_LINK.match(text):
        return None  # "Watch video of the speedboat incident": a link to the footage
    if (
        text.count("|") >= 2
        or _PAGE_TOOLS.search(text)
        or _CLOCK_FIRST.match(text)
        or _PHOTO_CREDIT.match(text)
    ):
        # "Div. I | Div. II | Div. III": a menu; "Email to a friend Printer friendly",
        # "View Rate : 106 # News Code", "Vote on this comment": the page's tools and
        # counters; "11:56 PM MST on Sun., Jan. 6 re: ...": a comment's header; "Mara
        # Velt/Associated Press": a photo's credit
        return None
    score = 1.0 - 0.15 * distance
    if n < 4:
        score -= 1.0
    elif n <= 20:
        score += 0.5
    if text.endswith(".") and not text.endswith("..."):
        score -= 1.0
    if not text[0].isupper() and not text[0].isdigit() and text[0] not in "\"'“‘¿¡":
        score -= 1.0
    if "|" in text:
        score -= 1.0
    if slug:
        words = _long_words(text)
        if _path_of_sections(words, slug):
            return None
        spelt = max(len(words & part) for part in slug) if words else 0
        if spelt >= max(2, len(words) // 2):
            # in proportion: "All Anne Perkins articles" is half spelt by "/anne_perkins/"
            score += 3.0 * spelt / len(words)
    lead_text = lead()
    if lead_text:
        # a headline speaks of what the first paragraphs speak of; a menu item does not
        content = _content_words(text)
        if content:
            shared = sum([_has_word(lead_text, word) for word in content - site])
            score += TITLE_LEAD_WEIGHT * shared / len(content)
    return score


def _has_word(text: str, word: str) -> bool:
    """Whether ``word`` (a run of word characters) is one of the words (runs of ``\\w``
    characters) of the casefolded ``text``: the lead paragraphs are long and a headline has
    few words, so its words are looked up in them rather than theirs collected."""
    at, size, end = text.find(word), len(word), len(text)
    while at >= 0:
        after = at + size
        if (at == 0 or not _is_word_char(text[at - 1])) and (
            after == end or not _is_word_char(text[after])
        ):
            return True
        at = text.find(word, at + 1)
    return False


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # (what ``\w`` matches)


def _find_title(
    texts: Sequence[str],
    reasons: Sequence[str | None],
    scores: Sequence[float],
    repeats: Mapping[int, int],
    start: int,
    hint: str | None,
    crumbs: list[str] | None,
    url: str | None = None,
) -> int | None:
    """The headline: a line matching the container's title or the breadcrumb's last crumb,
    else the best heading-like line just above the main block (the URL's words help)."""
    if hint:
        for pos, text in enumerate(texts):
            if reasons[pos] is None and _same_text(text, hint):
                return pos
    lo = max(0, start - TITLE_WINDOW)
    slug = _slug_words(url)
    site = _host_words(url)
    if crumbs:
        last = _long_words(crumbs[-1])
        for pos in range(lo, min(len(texts), start + 3)):
            if (
                _same_text(texts[pos], crumbs[-1])
                and reasons[pos] is None
                and not _path_of_sections(last, slug)
            ):
                return pos
    found: list[str] = []

    def lead() -> str:
        # (only a line that passes the cheap tests above needs it; most pages have one)
        if not found:
            end = min(len(texts), start + TITLE_LEAD_LINES)
            paragraphs = [texts[pos] for pos in range(start, end) if scores[pos] > 0]
            found.append(" ".join(paragraphs).casefold())
        return found[0]

    best, best_pos = 0.0, None
    distance = 0
    for pos in range(start - 1, lo - 1, -1):
        reason = reasons[pos]
        sc = _title_score(texts[pos], reason, repeats.get(pos, 0), distance, slug, lead, site)
        below = reasons[pos + 1] if pos + 1 < len(reasons) else None
        if sc is not None and (below or "").startswith("metadata: byline"):
            sc += TITLE_BYLINE_BONUS
        if not (reason or "").startswith("metadata"):
            distance += 1  # bylines and dates sit between headline and text: they are free
        if sc is not None and sc > TITLE_MIN_SCORE and (best_pos is None or sc > best):
            best, best_pos = sc, pos
    if start < len(texts) and scores[start] < 1.5 and texts[start][-1] not in _SENTENCE_END:
        sc = _title_score(texts[start], reasons[start], repeats.get(start, 0), 0, slug, lead, site)
        if sc is not None and sc > TITLE_MIN_SCORE and (best_pos is None or sc > best):
            best, best_pos = sc, start
    named = _article_slug(url)
    if named and (best_pos is None or not _spelt_by(texts[best_pos], named)):
        for pos in range(lo - 1, max(0, start - SLUG_TITLE_WINDOW) - 1, -1):
            if reasons[pos] is None and _spelt_by(texts[pos], named):
                return pos
    return best_pos


#: File name endings of a URL path, not words of its slug.
_PAGE_SUFFIXES: Final = frozenset("html htm shtml php aspx asp jsp cms".split())


#: The page's tools and counters, which no headline names.
_PAGE_TOOLS: Final = re.compile(
    r"\b(?:e-?mail (?:this|to a friend)|printer[- ]friendly|print this|print date|view rate"
    r"|news code|share this|vote on this comment)\b",
    re.I,
)
#: A photo's credit: a name, a slash, an agency ("Mara Velt/Associated Press").
_PHOTO_CREDIT: Final = re.compile(
    r"[A-Z][\w.'’ -]{2,40}\s?/\s?(?:The\s)?(?:Associated Press|AP|Reuters|AFP|Getty Images"
    r"|EPA|Bloomberg|AAP|PA|Xinhua|Corbis|Shutterstock|Photo|File)\.?\s*$"
)
#: A time of day opening a line: a comment's or a ticker's header.
_CLOCK_FIRST: Final = re.compile(r"\d{1,2}:\d\d\s*(?:[AaPp]\.?[Mm]\b\.?)")
#: A line that sends the reader to pictures or footage, not a headline.
_MEDIA_LINK: Final = re.compile(
    r"(?:watch|view|see|listen to|play)\s+(?:the\s+|our\s+|a\s+)?(?:video|photos?|pictures|"
    r"gallery|slideshow|slide show|audio|podcast)\b",
    re.I,
)
#: Labels of a host name that name no site ("uk.reuters.com": "reuters" only).
_HOST_LABELS: Final = frozenset("www com org net co uk gov edu info biz".split())


def _host_words(url: str | None) -> frozenset[str]:
    """The words of a URL's host that name the site ("ap.google.com": "google")."""
    if not url:
        return frozenset()
    host = _url_parts(url).host
    return frozenset(w for w in re.split(r"[.\-]", host) if len(w) > 2 and w not in _HOST_LABELS)


def _long_words(text: str) -> set[str]:
    """The casefolded words of three characters or more of a line or URL segment."""
    return {w for w in _WORD.findall(text.casefold().replace("_", " ")) if len(w) > 2}


def _path_of_sections(words: set[str], slug: tuple[frozenset[str], ...]) -> bool:
    """Whether a line's words are the URL's sections: all in its path, but no one segment
    holds them all ("News World News Middle East News" and "/news/world/middle_east/",
    "Football News" and "/football/news/"). A headline is spelt in one segment."""
    if not words or not slug or not words <= frozenset().union(*slug):
        return False
    return not any(words <= part for part in slug)


def _article_slug(url: str | None) -> frozenset[str]:
    """Words of the URL path's segment that names the article: the one of most words, the
    deepest of equals ("/blogs/ask-the-post/post/reprints-and-permissions/"), so that a
    blog's or section's name is not taken for a headline."""
    if not url:
        return frozenset()
    best: set[str] = set()
    for segment in _url_parts(url).path:
        found = {
            w
            for w in _long_words(segment)
            if w not in _PAGE_SUFFIXES and not any(c.isdigit() for c in w)
        }
        if len(found) >= len(best):
            best = found
    return frozenset(best)


def _spelt_by(text: str, slug: frozenset[str]) -> bool:
    """Whether the URL's article segment spells out ``text``: at least
    :data:`SLUG_TITLE_WORDS` words of three letters or more, all but one of them in it."""
    words = _long_words(text)
    return len(words) >= SLUG_TITLE_WORDS and len(words - slug) <= 1


def _parse_hint_date(value: str) -> datetime | date | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        found = meta.find_date(value)
        return found.value if found is not None else None
    if len(value.strip()) <= 10:
        return parsed.date()
    return parsed
