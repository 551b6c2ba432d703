"""Metadata carried by the lines of a text dump: dates, publisher, byline, breadcrumb.

Metadata is read into the article and its line is dropped ("metadata: ..."), never
left in the text. Only dates printed *as a line of their own* near the top count as
the publication date: a date inside a sentence ("On December 14, ...") is an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

# --- dates ---------------------------------------------------------------------------------


def _numbered(rows: list[str], start: int) -> dict[str, int]:
    """{name: number} from one row of space-separated names per number, counting from
    ``start`` (the first row to name a word keeps it)."""
    table: dict[str, int] = {}
    for n, names in enumerate(rows, start=start):
        for name in names.split():
            table.setdefault(name, n)
    return table


_MONTHS: Final[dict[str, int]] = _numbered(
    [
        "january jan janvier janv januar jän enero ene январь января янв janeiro",
        "february feb février févr fevrier februar febrero февраль февраля фев fevereiro fev",
        "march mar mars märz marz marzo март марта março",
        "april apr avril avr abril апрель апреля апр",
        "may mai mayo май мая maio",
        "june jun juin juni junio июнь июня junho",
        "july jul juillet juil juli julio июль июля julho",
        "august aug août aout agosto ago август августа авг",
        "september sep sept septembre septiembre set сентябрь сентября сен setembro",
        "october oct octobre oktober okt octubre октябрь октября outubro out",
        "november nov novembre noviembre ноябрь ноября novembro",
        "december dec décembre decembre dezember dez diciembre dic декабрь декабря дек dezembro",
    ],
    start=1,
)

_MONTH_ALT: Final = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TIME: Final = (
    r"(?:,?\s*(?:at\s+|à\s+|um\s+|a las\s+|в\s+)?"
    r"(?P<h>\d{1,2})[:h.](?P<mi>\d{2})(?::\d{2})?\s*(?P<ap>[ap]\.?m\.?)?)?"
)
_DATE_PATTERNS: Final = [
    # 2023-12-25, 2023/12/25
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)" + _TIME),
    # December 25, 2023 / Dec. 25 2023
    re.compile(
        rf"(?<!\w)(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})(?!\d)"
        + _TIME,
        re.IGNORECASE,
    ),
    # 25 December 2023 / 25. Dezember 2023 / 25 de diciembre de 2023
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(?P<mon>{_MONTH_ALT})\.?,?\s+(?:de\s+)?(?P<y>(?:19|20)\d{{2}})(?!\d)"
        + _TIME,
        re.IGNORECASE,
    ),
    # 25.12.2023 (day first, as printed in most of Europe); 12/25/2023 when unambiguous
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)" + _TIME),
    re.compile(r"(?<!\d)(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?!\d)" + _TIME),
]

#: Words that may surround a date on a date line ("Posted on ... at ... | Updated ...").
_DATE_FILLER: Final = frozenset(
    """posted published updated last modified on at by date dated am pm a.m. p.m. gmt utc est
    edt pst pdt cet cest bst ist aest aedt et pt ct mt z hrs h time and | / - – — , . : ( )
    monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
    today yesterday first created publié le mis à jour veröffentlicht am aktualisiert publicado
    actualizado el de опубликовано обновлено atualizado em""".split()
)

#: Every date pattern needs a year: a cheap test before the expensive ones.
_YEAR: Final = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_TOKEN: Final = re.compile(r"[\w.+]+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: datetime | date
    start: int
    end: int


#: A publication time outside these years is a placeholder ("0001-01-01" or
#: "9999-12-31" in some sites' structured data), not a date: the next source of the date
#: is tried instead. (Not "after today": archives and our fictional examples are dated
#: freely.)
EARLIEST_YEAR: Final = 1800
LATEST_YEAR: Final = 2200


def plausible(value: datetime | date) -> bool:
    """Whether ``value`` can be a publication time (see :data:`EARLIEST_YEAR`)."""
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def find_date(text: str, *, day_first: bool | None = None) -> FoundDate | None:
    """The first calendar date printed in the text (with its time when given).

    ``day_first`` reads an ambiguous "08/01/2008" as 8 January (True) or 1 August
    (False or None, the US order); a weekday named beside it decides before either.
    """
    best: FoundDate | None = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m is None or (best is not None and m.start() >= best.start):
            continue
        value = _to_date(m, text, day_first)
        if value is not None:
            best = FoundDate(value, m.start(), m.end())
    return best


#: Weekday names, Monday = 0 (as :meth:`date.weekday` counts).
_WEEKDAYS: Final[dict[str, int]] = _numbered(
    [
        "monday mon lundi montag lunes понедельник segunda",
        "tuesday tue tues mardi dienstag martes вторник terça terca",
        "wednesday wed mercredi mittwoch miércoles miercoles среда quarta",
        "thursday thu thur thurs jeudi donnerstag jueves четверг quinta",
        "friday fri vendredi freitag viernes пятница sexta",
        "saturday sat samedi samstag sábado sabado суббота",
        "sunday sun dimanche sonntag domingo воскресенье",
    ],
    start=0,
)
_WORDS: Final = re.compile(r"\w+", re.UNICODE)


def _weekday(text: str) -> int | None:
    """The weekday named in a short text (Monday = 0), if exactly one is."""
    named = {_WEEKDAYS[w] for w in _WORDS.findall(text.casefold()) if w in _WEEKDAYS}
    return named.pop() if len(named) == 1 else None


def _day_month(a: int, b: int, year: int, text: str, day_first: bool | None) -> tuple[int, int]:
    """(day, month) of a numeric "a/b/year" date."""
    if a > 12 >= b:
        return a, b
    if b > 12 >= a or a == b:
        return b, a
    weekday = _weekday(text) if len(text) <= 160 else None
    if weekday is not None:
        fits = [
            (d, mo)
            for d, mo in ((a, b), (b, a))
            if _valid(year, mo, d) and date(year, mo, d).weekday() == weekday
        ]
        if len(fits) == 1:
            return fits[0]
    return (a, b) if day_first else (b, a)  # US order unless the page says otherwise


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _to_date(
    m: re.Match[str], text: str = "", day_first: bool | None = None
) -> datetime | date | None:
    g = m.groupdict()
    try:
        year = int(g["y"])
        if g.get("mon"):
            month = _MONTHS[g["mon"].casefold().rstrip(".")]
            day = int(g["d"])
        elif g.get("a"):
            day, month = _day_month(int(g["a"]), int(g["b"]), year, text, day_first)
        else:
            month, day = int(g["m"]), int(g["d"])
        d = date(year, month, day)
    except (KeyError, ValueError, TypeError):
        return None
    if g.get("h") is not None and g.get("mi") is not None:
        hour, minute = int(g["h"]), int(g["mi"])
        ap = (g.get("ap") or "").replace(".", "").lower()
        if ap == "pm" and hour < 12:
            hour += 12
        elif ap == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return datetime(d.year, d.month, d.day, hour, minute)
    return d


def date_line(line: str, day_first: bool | None = None) -> datetime | date | None:
    """The date when the line is a date line ("Posted January 1, 2008 16:10"), else None.

    A date line holds little besides the date: a sentence that mentions a date is not one.
    """
    # (a year begins with "19" or "20": a substring test spares most lines the regex)
    if len(line) > 120 or ("19" not in line and "20" not in line) or _YEAR.search(line) is None:
        return None
    found = find_date(line, day_first=day_first)
    if found is None:
        return None
    rest = line[: found.start] + " " + line[found.end :]
    left = [t for t in _TOKEN.findall(rest.casefold()) if t not in _DATE_FILLER and not t.isdigit()]
    if len(left) > 3 or _NOT_PUBLISHED.intersection(left):
        return None
    return found.value


def only_a_date(line: str) -> bool:
    """Whether ``line`` holds figures and no word but month and weekday names, ordinal
    endings and time marks ("17:59 - 9th, Jan 2008", "Tuesday 8 January", "5:00 pm"),
    however they are arranged."""
    if not any(c.isdigit() for c in line):
        return False
    return all(
        w in _MONTHS or w.rstrip(".") in _MONTHS or w in _WEEKDAYS or w in _ORDINAL_ENDS
        for w in re.findall(r"[^\W\d_]+", line.casefold())
    )


#: Ordinal endings ("9th", "1er", "2e") and time marks ("pm", "17h30").
_ORDINAL_ENDS: Final = frozenset("st nd rd th er e am pm h".split())


#: Words that make a date on its own line something else than the day of publication
#: ("Since 1st March, 1999", "Print date: ...", "Founded 12 May 1998").
_NOT_PUBLISHED: Final = frozenset(
    """since until till from founded established est copyright © print printed born died
    expires expiry deadline due""".split()
)
#: First words of a line that dates the article with more than the date ("Posted in
#: News by Ann Lee on January 7th, 2008", "By Ann Lee | January 14, 2008; 4:38 PM").
_DATED_FIRST: Final = frozenset(
    "posted published updated filed written submitted dated by publié veröffentlicht".split()
)


def labelled_date(line: str, first: str) -> datetime | date | None:
    """The date of a line that opens with a posting label and holds a date, given the
    line's :func:`_first_word`."""
    if first not in _DATED_FIRST or len(line) > 160 or line.rstrip()[-1:] in ".!?":
        return None
    return line_date(line)


def line_date(line: str) -> datetime | date | None:
    """The first plausible date printed in a short line, wherever it sits in it."""
    if _YEAR.search(line) is None:
        return None
    found = find_date(line)
    return found.value if found is not None and plausible(found.value) else None


def dated_byline(line: str) -> tuple[datetime | date, Byline] | None:
    """A date line followed by a byline ("Jan 14 2008 by Ann Lee, The Courier"):
    (date, byline), else None."""
    if len(line) > 160 or not line[:1].isalnum() or _YEAR.search(line) is None:
        return None
    found = find_date(line)
    if found is None or found.start > 3 or not plausible(found.value):
        return None
    rest = line[found.end :].strip(" |-–—,")
    byline = _byline_line(rest, _first_word(rest)) if rest else None
    return (found.value, byline) if byline is not None else None


#: Numeric dates that only one order can read ("15/01/2008", "01/15/08").
_NUMERIC_DATE: Final = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(?:19|20)?\d\d(?![\d/])")
#: Country domains whose sites write the day first ("08/01/2008" is 8 January).
_MONTH_FIRST_DOMAINS: Final = frozenset({"us", "ca", "ph", "fm", "pw", "mh", "gov", "mil", "edu"})


_URL_DATE: Final = re.compile(
    r"/((?:19|20)\d\d)(?:[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])"
    r"|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))(?=[/_.-]|$)"
    # written together after another separator, a time of day may follow:
    # "news_20080113-", "?date=20080107&", "/story/20071229085406tsop"
    r"|[_=-]((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
    r"(?:(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?)?(?!\d)"
    r"|(?<=/)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
    r"(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?(?!\d)"
)


_NUMBER_SEP: Final = re.compile(r"\d[/.]\d")


def readings(line: str) -> tuple[date, date] | None:
    """When the line's date is a numeric one either order can read ("08/01/2008",
    "08.01.2008") and no weekday beside it decides: its (day-first, month-first) readings."""
    if _NUMBER_SEP.search(line) is None:
        return None  # (most date lines name the month)
    found = find_date(line)
    if found is None:
        return None
    m = _DATE_PATTERNS[4].match(line, found.start)  # 08/01/2008
    if m is not None:
        first, second = int(m.group("a")), int(m.group("b"))
    else:
        m = _DATE_PATTERNS[3].match(line, found.start)  # 08.01.2008
        if m is None:
            return None
        first, second = int(m.group("d")), int(m.group("m"))
    year = int(m.group("y"))
    if first > 12 or second > 12 or first == second:
        return None
    day_first, month_first = date(year, second, first), date(year, first, second)
    weekday = _weekday(line) if len(line) <= 160 else None
    if weekday is not None and weekday in (day_first.weekday(), month_first.weekday()):
        return None  # the weekday beside it already chose
    return day_first, month_first


def _named_dates(text: str) -> list[date]:
    """The dates a text writes with a month name."""
    out = []
    for line in text.split("\n"):
        if len(line) > 300 or _YEAR.search(line) is None:
            continue  # (most lines have no year: spare them the month-name patterns)
        for pattern in _DATE_PATTERNS[1:3]:
            for m in pattern.finditer(line):
                value = _to_date(m)
                if value is not None:
                    out.append(value.date() if isinstance(value, datetime) else value)
    return out


def url_date(url: str | None) -> date | None:
    """The date in a page's address ("/2008/01/10/", "/2008-01-10-", "news_20080110-",
    "/20080110085406..."), when it has one."""
    m = _URL_DATE.search(url) if url else None
    if m is None:
        return None
    g = m.groups()
    year, month, day = next((g[i], g[i + 1], g[i + 2]) for i in (0, 5, 8) if g[i] is not None)
    if g[1] is None and g[0] is not None:
        month, day = g[3], g[4]
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:  # 2008/02/30
        return None
    return value if plausible(value) else None


def date_order_vote(text: str) -> int:
    """1 when the numeric dates of a page that only one order can read are mostly day
    first ("29/12/2007"), -1 when mostly month first, 0 when none or as many: a site
    profile adds up these votes (:meth:`SiteProfile.day_first`)."""
    day, month, _ = _numeric_orders(text)
    return (day > month) - (month > day)


def _numeric_orders(text: str) -> tuple[int, int, list[tuple[int, int]]]:
    """Counts of the numeric dates only day-first / only month-first can read, and the
    ambiguous ones as (first, second) numbers."""
    day = month = 0
    ambiguous: list[tuple[int, int]] = []
    if "/" in text or "." in text:
        for m in _NUMERIC_DATE.finditer(text):
            a, b = int(m.group(1)), int(m.group(3))
            if a > 12 >= b >= 1:
                day += 1
            elif b > 12 >= a >= 1:
                month += 1
            elif 1 <= a != b >= 1:
                ambiguous.append((a, b))
    return day, month, ambiguous


def day_first_page(text: str, url: str | None = None, *, site: bool | None = None) -> bool | None:
    """Whether a page writes numeric dates day first: from the dates on it that only one
    order can read, or that only one order makes the date in its address (a majority),
    else from the other pages of its site (``site``: what :meth:`SiteProfile.day_first`
    says), else from its country domain; None when nothing says."""
    day, month, ambiguous = _numeric_orders(text)
    if day == month and ambiguous:
        # the same day written out elsewhere ("January 11, 2008" beside "11/1/2008") or
        # in the address tells the order
        known = {(d.month, d.day) for d in _named_dates(text)}
        in_url = url_date(url)
        if in_url is not None:
            known.add((in_url.month, in_url.day))
        for a, b in ambiguous:
            day += (b, a) in known
            month += (a, b) in known
    if day != month:
        return day > month
    if site is not None:
        return site
    if url:
        host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].rstrip(".")
        tld = host.rsplit(".", 1)[-1].casefold() if "." in host else ""
        if len(tld) == 2 or tld in _MONTH_FIRST_DOMAINS:
            return tld not in _MONTH_FIRST_DOMAINS
    return None


# --- markers of the dump ------------------------------------------------------------------

_DATE_MARKER: Final = re.compile(
    r"^\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)\b\s*(.*)$"
)
_PUBLISHER: Final = re.compile(
    r"^\s*(?:(?:publisher|published by|éditeur|herausgeber|издатель)\s*:?|editorial\s*:)"
    r"\s+(.{2,80}?)\s*$",
    re.IGNORECASE,
)


def date_marker(line: str) -> tuple[datetime | date, str] | None:
    """A leading ``date YYYY-MM-DD`` marker: (date, rest of the line)."""
    m = _DATE_MARKER.match(line)
    if m is None:
        return None
    raw = m.group(1).replace(" ", "T")
    try:
        value: datetime | date = (
            datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
        )
    except ValueError:
        return None
    return value, m.group(2)


def publisher_line(line: str) -> str | None:
    """The outlet named by a "publisher X" / "Source: X" line."""
    return _publisher_line(line, _first_word(line))


def _publisher_line(line: str, first: str) -> str | None:
    """:func:`publisher_line` given the line's :func:`_first_word`."""
    if first not in _PUBLISHER_FIRST:
        return None
    m = _PUBLISHER.match(line)
    if m is None:
        return None
    name = m.group(1).strip(" .:|-")
    if not name or len(name.split()) > 8 or name.endswith((".", "?", "!")):
        return None
    return name


# --- bylines -----------------------------------------------------------------------------

_PUBLISHER_FIRST: Final = frozenset(
    "publisher published éditeur herausgeber editorial издатель".split()
)
_BYLINE_FIRST: Final = frozenset(
    """posted written reported words story text photos photo compiled edited by par von por
    de автор author auteur autor reporter texte""".split()
)


def _first_word(line: str) -> str:
    """The first word, lower-cased, without a trailing colon (cheap gate before a regex)."""
    head = line[:24].split(maxsplit=1)
    return head[0].casefold().rstrip(":") if head else ""


#: A byline without "By": the desk or the agencies credited instead of a person.
_CREDIT: Final = re.compile(
    r"^\s*(?:staff(?: and agencies| and wire reports| reports?| reporters?| writers?)?|agencies"
    r"|wire (?:services|reports)|(?:news|web|city|foreign) ?desk|newsroom|editorial staff"
    r"|from wire reports|(?:the )?associated press|reuters|afp|ap"
    # a news agency's name alone on its line is the article's credit ("Press Trust of India")
    r"|press trust of india|pti|ians|agence france[- ]presse|united press international|upi"
    r"|dpa|deutsche presse-agentur|xinhua(?: news agency)?|kyodo(?: news)?|yonhap(?: news)?"
    r"|(?:the )?canadian press|australian associated press|aap|press association)\s*$",
    re.IGNORECASE,
)
#: The letters a credit can begin with (an ASCII one; ``""`` is in it, too).
_CREDIT_INITIALS: Final = "sawncfetrpiudxky"
_BYLINE: Final = re.compile(
    r"^\s*(?:(?:posted|written|reported|words|story|text|photos?|compiled|edited)\s+by|by|par|von|"
    r"por|de|автор|author|auteur|autor|reporter|texte|text)\s*:?\s+(?P<who>\S.{0,120})$",
    re.IGNORECASE,
)
_PLACEHOLDERS: Final = frozenset(
    """admin administrator administrador administrateur root staff editor editors webmaster
    newsroom guest desk team redaction rédaction redaktion redacción redação редакция user
    anonymous unknown author contributor contributors moderator publisher wire agency
    editorial web news online""".split()
)
_ROLE: Final = re.compile(
    r",?\s*\b(?:staff|senior|chief|special|political|foreign|business|sports?|science|health|"
    r"technology|tech|national|contributing|associated press|ap|reuters|afp|bloomberg|"
    r"correspondent|reporter|writer|editor|columnist|producer|analyst|contributor|journalist)\b.*$",
    re.IGNORECASE,
)
_NAME_TOKEN: Final = re.compile(
    r"^[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.\-]*$|^(?:de|da|van|von|der|del|la|le|di|bin|al)$"
)


@dataclass(frozen=True, slots=True)
class Byline:
    #: The line as printed ("By Jane Roe, Staff Writer").
    raw: str
    #: The part after "By" (name, roles, date), for :func:`person_name`.
    who: str


def byline_line(line: str) -> Byline | None:
    """A byline ("By Jane Roe, Staff Writer", or a credit such as "Staff and agencies");
    :func:`person_name` tells whether it names a person."""
    return _byline_line(line, _first_word(line))


_WEAK_LEADS: Final = frozenset(
    "de par von por text texte words story reporter author auteur autor автор".split()
)


def _byline_line(line: str, first: str) -> Byline | None:
    """:func:`byline_line` given the line's :func:`_first_word`."""
    if len(line) > 160:
        return None
    # (a credit begins with one of a few letters: most lines are spared its regex)
    head = line.lstrip()[:1]
    if (head.lower() in _CREDIT_INITIALS or not head.isascii()) and _CREDIT.match(line):
        return Byline(raw=line.strip(), who=line.strip())
    if first not in _BYLINE_FIRST:
        return None
    m = _BYLINE.match(line)
    if m is None:
        return None
    who = m.group("who").strip()
    lead = line[: m.start("who")].strip().casefold()
    # "de"/"par"/"von"/"por" start many sentences, and "text" or "author" without a colon
    # many labels ("text size: A | A"): demand a name-like rest for them
    if lead in _WEAK_LEADS and not _looks_like_name(_strip_role(who)):
        return None
    if len(who.split()) > 12 or (who.endswith((".", "?", "!")) and len(who.split()) > 5):
        return None
    return Byline(raw=line.strip(), who=who)


def _strip_role(who: str) -> str:
    found = find_date(who)
    if found is not None:
        who = who[: found.start]
        # "Ann Lee on Friday, January 18": the weekday belongs to the date
        words = who.rstrip(" ,;|").rsplit(maxsplit=1)
        if len(words) == 2 and words[1].casefold().rstrip(".,") in _WEEKDAYS:
            who = words[0]
    who = re.split(r"\s+[|•·–—]\s+|\s+-\s+|\s{2,}", who)[0]
    who = _ROLE.sub("", who)
    who = re.sub(r"\s+(?:on|am|le|el|em|at)\s*$", "", who, flags=re.IGNORECASE)
    return who.strip(" ,;:|-–—")


def _looks_like_name(who: str) -> bool:
    tokens = who.replace(",", " , ").split()
    tokens = [t for t in tokens if t not in {",", "and", "&", "und", "et", "y", "e", "и"}]
    if not 2 <= len(tokens) <= 8:
        return False
    return all(_NAME_TOKEN.match(t) for t in tokens)


def person_name(who: str, *, outlet: str | None = None) -> str | None:
    """The person named by the rest of a byline; None for placeholders, outlets, handles."""
    name = _strip_role(who)
    if not name or "@" in name or "http" in name.casefold() or "www." in name.casefold():
        return None
    folded = name.casefold()
    tokens = re.findall(r"\w+", folded)
    if not tokens or (any(t in _PLACEHOLDERS for t in tokens) and len(tokens) <= 2):
        return None
    if outlet and (folded in outlet.casefold() or outlet.casefold() in folded):
        return None
    if _CREDIT.match(name):  # "Press Trust of India": an agency's credit, not a person
        return None
    if not _looks_like_name(name):
        return None
    if name.isupper():  # "By JANE ROE": print style, not the spelling of the name
        name = " ".join(w if len(w) <= 1 else w.capitalize() for w in name.split())
    return name


# --- sections -----------------------------------------------------------------------------

_SECTION_WORD: Final = re.compile(r"^[\w&'’ .\-/]{2,40}$", re.UNICODE)


def section_line(line: str) -> str | None:
    """A section heading line ("World", "Business & Economy"): short, no sentence marks."""
    core = line.strip()
    if not _SECTION_WORD.match(core) or len(core.split()) > 4 or core.endswith("."):
        return None
    if not core[0].isupper():
        return None
    return core
