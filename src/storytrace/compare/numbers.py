"""Quantities, times and dates normalised across languages.

"1,200" (en) = "1 200" (fr) = "1.200" (de) = 1200; "4,7" (fr/de) = 4.7; "11 p.m." =
"23 heures" = "23 Uhr" = 23.0 hours; "48 million euros" = "48 millions d'euros" =
48e6 eur. The decimal mark is the language's: "." in English, "," elsewhere; a separator
followed by exactly three digits that is not the decimal mark groups thousands.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storytrace.compare.lexicon import fold
from storytrace.compare.records import Quantity

_NUM = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:(?:[,.]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d{3})+(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)(?![\w])"
)

#: Numbers written as words, from two to ninety-nine ("one" is too often no figure: "one
#: of the ...", "no one"): units and teens, tens, and tens joined with units as each
#: language writes them ("twenty-five", "vingt-cinq", "fünfundzwanzig", "veinticinco",
#: "treinta y uno", "vinte e um").
_UNITS_OF = {
    "en": "two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen",
    "fr": "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze"
    " seize dix-sept dix-huit dix-neuf",
    "de": "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn"
    " fünfzehn sechzehn siebzehn achtzehn neunzehn",
    "es": "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince"
    " dieciséis diecisiete dieciocho diecinueve",
    "pt": "dois tres quatro cinco seis sete oito nove dez onze doze treze catorze quinze"
    " dezesseis dezessete dezoito dezenove",
}
_ONE_OF = {"en": "one", "fr": "un", "de": "ein", "es": "uno", "pt": "um"}
_TENS_OF = {
    "en": "twenty thirty forty fifty sixty seventy eighty ninety",
    "fr": "vingt trente quarante cinquante soixante",
    "de": "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig",
    "es": "veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa",
    "pt": "vinte trinta quarenta cinquenta sessenta setenta oitenta noventa",
}


def _compounds(lang: str, ten: str, unit: str) -> list[str]:
    if lang == "en":
        return [f"{ten}-{unit}", f"{ten} {unit}"]
    if lang == "fr":
        return [f"{ten} et un", f"{ten}-et-un"] if unit == "un" else [f"{ten}-{unit}"]
    if lang == "de":
        return [f"{unit}und{ten}"]
    if lang == "es":
        return [] if ten == "veinte" else [f"{ten} y {unit}"]
    return [f"{ten} e {unit}"]


def _number_words() -> dict[str, dict[str, float]]:
    """Per language, each number word and its value."""
    out: dict[str, dict[str, float]] = {}
    for lang, words in _UNITS_OF.items():
        mine = out.setdefault(lang, {})
        units = ["", _ONE_OF[lang], *words.split()]  # units[n] is n
        for n, w in enumerate(units[2:], start=2):
            mine.setdefault(w, float(n))
        for k, ten in enumerate(_TENS_OF[lang].split()):
            mine.setdefault(ten, float(20 + 10 * k))
            for u in range(1, 10):
                for form in _compounds(lang, ten, units[u]):
                    mine.setdefault(form, float(20 + 10 * k + u))
    fr = ["", "un", *_UNITS_OF["fr"].split()]
    for n in range(70, 100):  # French counts on from sixty by twenties
        if n < 80:
            rest = fr[n - 60]
            forms = ["soixante et onze", "soixante-et-onze"] if n == 71 else [f"soixante-{rest}"]
        else:
            forms = ["quatre-vingts", "quatre-vingt"] if n == 80 else [f"quatre-vingt-{fr[n - 80]}"]
        for form in forms:
            out["fr"][form] = float(n)
    spanish = "veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete"
    for n, w in enumerate((spanish + " veintiocho veintinueve").split(), start=21):
        out["es"].setdefault(w, float(n))
    out["pt"].update({"duas": 2.0, "quatorze": 14.0})
    return out


#: Each language reads its own number words only: French "seize" (16) is an English verb,
#: Spanish "once" (11) an English adverb. Other languages read all of them.
_NUMBER_WORDS_OF = _number_words()
_ALL_NUMBER_WORDS = {w: v for words in _NUMBER_WORDS_OF.values() for w, v in words.items()}


@lru_cache(maxsize=16)
def _number_words_in(language: str) -> tuple[dict[str, float], re.Pattern[str]]:
    words = _NUMBER_WORDS_OF.get(language, _ALL_NUMBER_WORDS)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?!\w)",
        re.I,
    )
    return words, pattern


_MULTIPLIERS = [
    (re.compile(r"^\s*(thousand|mille|tausend|mil(?!\s+mill)|тысяч\w*)\b", re.I), 1e3),
    (
        re.compile(
            r"^\s*(million|millions|mio\.?|millionen|millon|millón|millones|milhão|milhões|"
            r"миллион\w*|млн)(?!\w)",
            re.I,
        ),
        1e6,
    ),
    (
        re.compile(
            r"^\s*(billion|billions|milliard|milliards|milliarde|milliarden|mrd\.?|"
            r"mil millones|bilhão|bilhões|миллиард\w*|млрд)(?!\w)",
            re.I,
        ),
        1e9,
    ),
]

#: Units after the number (first match wins), with the words that may sit between.
_UNITS: list[tuple[str, str, re.Pattern[str]]] = [
    (unit, kind, re.compile(r"^\s*(?:de |d['’]|of )?(?:" + pat + r")(?!\w)", re.I))
    for unit, kind, pat in (
        (
            "percent",
            "percent",
            r"%|percent|per cent|pour cent|pourcent|prozent|por ciento|por cento|процент\w*",
        ),
        ("eur", "money", r"€|euros?|eur"),
        ("usd", "money", r"dollars?|usd|доллар\w*"),
        ("gbp", "money", r"pounds?|£|livres? sterling|pfund"),
        ("km", "measure", r"km|kilom[eè]tres?|kilometers?|kilometern?|kil[oó]metros?|километр\w*"),
        ("m", "measure", r"m|m[eè]tres?|meters?|metern?|metros?|метр\w*"),
        ("point", "count", r"points?|punkte?n?|puntos?|pontos?"),
        ("year-long", "duration", r"years?|ans?|années?|jahren?|jahre|años?|anos?|лет|год\w*"),
        ("month-long", "duration", r"months?|mois|monaten?|meses|mes"),
        ("day-long", "duration", r"days?|jours?|tagen?|tage|d[ií]as?|дн\w*|день"),
        ("hour-long", "duration", r"hours?|stunden?|horas?|час\w*"),
    )
]
_CURRENCY_BEFORE = re.compile(r"(€|\$|£|US\$)\s*$")
_CURRENCY_OF = {"€": "eur", "$": "usd", "US$": "usd", "£": "gbp"}

#: Clock times: "11 p.m.", "6 a.m.", "23 heures", "23 h 30", "23 Uhr", "16:20".
_TIME = re.compile(
    r"(?<![\w.,])(\d{1,2})(?:[:.h](\d{2}))?\s*"
    r"(?:(a\.?\s?m\.?|p\.?\s?m\.?)(?!\w)|(heures?|h(?=\s|\d|$)|uhr|horas)(?:\s*(\d{2})(?!\d))?)",
    re.I,
)
_TIME_COLON = re.compile(r"(?<![\w.,:])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])")
_EVENING = re.compile(r"^\s*(du soir|de la soirée|abends|am abend|de la noche|da noite)", re.I)

_MONTHS: dict[str, int] = {}
for _lang_months in (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "jan feb mar apr jun jul aug sep sept oct nov dec",
):
    _names = _lang_months.split()
    for _i, _m in enumerate(_names):
        _MONTHS.setdefault(fold(_m), (_i % 12) + 1 if len(_names) == 12 else 0)
for _abbr, _n in zip(
    "jan feb mar apr jun jul aug sep sept oct nov dec".split(),
    (1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12),
    strict=True,
):
    _MONTHS[_abbr] = _n
_MONTH_ABBREVIATIONS = frozenset("jan feb apr jun jul aug sep sept oct nov dec".split())
#: What follows an abbreviated month: its dot, or a year.
_ABBREVIATION_END = re.compile(r"\.|\s+(?:1[89]|20)\d\d(?!\d)")
_WEEKDAYS: dict[str, str] = {}
for _lang_days in (
    "monday tuesday wednesday thursday friday saturday sunday",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "lunes martes miercoles jueves viernes sabado domingo",
    "segunda terca quarta quinta sexta sabado domingo",
):
    for _d, _k in zip(_lang_days.split(), "mon tue wed thu fri sat sun".split(), strict=True):
        _WEEKDAYS[_d] = _k
_DAY_WORD = re.compile(r"[A-Za-zÀ-ÿ]+", re.UNICODE)
_YEAR = re.compile(r"(?<![\w.,])(1[89]\d\d|20\d\d)(?![\w])")


def is_date_word(folded: str) -> bool:
    """A weekday or month name (folded), in any of the languages here."""
    return folded in _WEEKDAYS or (folded in _MONTHS and folded != "may")


def decimal_mark(language: str) -> str:
    return "." if language in ("en", "zh", "ja", "ko", "th") else ","


def parse_number(s: str, language: str) -> float | None:
    """The value of a written number ("1,200", "1 200", "4,7") in ``language``'s style."""
    s = s.replace("\u00a0", " ").replace("\u202f", " ").strip()
    dec = decimal_mark(language)
    grp = "," if dec == "." else "."
    m = re.fullmatch(r"(\d{1,3})((?:[ ,.]\d{3})+)([.,]\d+)?", s)
    if m and m.group(2)[0] in (grp, " ") and len({c for c in m.group(2) if not c.isdigit()}) == 1:
        whole = m.group(1) + re.sub(r"\D", "", m.group(2))
        frac = m.group(3)
        if frac and frac[0] == dec:
            return float(f"{whole}.{frac[1:]}")
        return float(whole) if not frac else None
    if re.fullmatch(r"\d+", s):
        return float(s)
    m = re.fullmatch(r"(\d+)[.,](\d+)", s)
    if m:
        sep = s[len(m.group(1))]
        if sep == dec:
            return float(f"{m.group(1)}.{m.group(2)}")
        if len(m.group(2)) == 3:
            return float(m.group(1) + m.group(2))
        # a decimal written the other language's way ("4.7" in a French text): keep the value
        return float(f"{m.group(1)}.{m.group(2)}")
    return None


def find_times(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _TIME.finditer(text):
        hour = int(m.group(1))
        minute = int(m.group(2) or m.group(5) or 0)
        ampm = (m.group(3) or "").lower().replace(".", "").replace(" ", "")
        if hour > 24 or minute > 59:
            continue
        if ampm == "pm" and hour < 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
        if not ampm and hour < 12 and _EVENING.match(text[m.end() :]):
            hour += 12
        out.append(Quantity(hour + minute / 60, "h", m.group(0), (m.start(), m.end()), "time"))
    for m in _TIME_COLON.finditer(text):
        if any(q.span[0] <= m.start() < q.span[1] for q in out):
            continue
        value = int(m.group(1)) + int(m.group(2)) / 60
        out.append(Quantity(value, "h", m.group(0), (m.start(), m.end()), "time"))
    return out


def find_quantities(text: str, language: str) -> list[Quantity]:
    """Numbers of ``text`` with their unit and kind; times are kind "time", years left to
    :func:`find_dates`, and day-of-month numbers next to a month name skipped."""
    times = find_times(text)
    taken = [q.span for q in times]
    dates = find_dates(text)
    taken += [(s, e) for _, s, e in dates]
    out = list(times)
    candidates: list[tuple[int, int, float]] = []
    for m in _NUM.finditer(text):
        value = parse_number(m.group(1), language)
        if value is not None:
            candidates.append((m.start(1), m.end(1), value))
    number_words, number_word_re = _number_words_in(language)
    for m in number_word_re.finditer(text):
        candidates.append((m.start(1), m.end(1), number_words[m.group(1).lower()]))
    for run in _runs(text, sorted(candidates)):
        start, end, value = run[0][0], run[-1][1], run[0][2]
        if any(s <= start < e or start <= s < end for s, e in taken):
            continue
        if start >= 2 and text[start - 1] in "-–" and text[start - 2].isdigit():
            continue  # the tail of a run whose head is a date ("2019-20")
        high = run[1][2] if len(run) == 2 and run[0][2] < run[1][2] else None
        rest = text[end:]
        shown_end = end
        for pat, mult in _MULTIPLIERS:
            mm = pat.match(rest)
            if mm:
                value *= mult
                high = high * mult if high is not None else None
                shown_end += mm.end()
                rest = text[shown_end:]
                break
        unit, kind = "", "count"
        if len(run) > 1 and high is None:
            # "3-1", "6-2-1": a result, not a range; only results of as many parts compare
            kind, value, unit = "score", _score(run), f"{len(run)}-part"
        else:
            for u, k, pat in _UNITS:
                mm = pat.match(rest)
                if mm:
                    unit, kind = u, k
                    shown_end += mm.end()
                    break
            if not unit:
                cm = _CURRENCY_BEFORE.search(text[max(0, start - 4) : start])
                if cm:
                    unit, kind = _CURRENCY_OF[cm.group(1)], "money"
        out.append(
            Quantity(
                value,
                unit,
                text[start:shown_end],
                (start, shown_end),
                kind,
                approximate=_hedged(text, start),
                high=high,
                bound="" if high is not None else _bound(text, start),
            )
        )
        taken.append((start, shown_end))
    return sorted(out, key=lambda q: q.span)


def _runs(
    text: str, candidates: list[tuple[int, int, float]]
) -> list[list[tuple[int, int, float]]]:
    """Figures written as one hyphenated run ("40-50", "0-60", "6-2-1") grouped together:
    a range or a result is one quantity, not two or three."""
    runs: list[list[tuple[int, int, float]]] = []
    for c in candidates:
        if (
            runs
            and text[runs[-1][-1][1] : c[0]] in ("-", "–")
            and text[c[0]].isdigit()
            and text[runs[-1][-1][1] - 1].isdigit()
        ):
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _score(run: list[tuple[int, int, float]]) -> float:
    """A result's parts as one comparable value (3-1 and 3-1 equal; 3-1 and 1-3 differ)."""
    value = 0.0
    for _, _, part in run:
        value = value * 1000 + part
    return value


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Dates as comparable keys: "y2022", "m09", "m09-d05", "wd-mon", with their spans."""
    return list(_find_dates(text))


@lru_cache(maxsize=16384)  # a story's claims come back in each of its version pairs
def _find_dates(text: str) -> tuple[tuple[str, int, int], ...]:
    out: list[tuple[str, int, int]] = []
    toks = [(m.group(0), m.start(), m.end()) for m in _DAY_WORD.finditer(text)]
    for w, s, e in toks:
        key = fold(w)
        if key in _WEEKDAYS or (key.endswith("s") and key[:-1] in _WEEKDAYS and key[:-1] != "mar"):
            out.append((f"wd-{_WEEKDAYS.get(key, _WEEKDAYS.get(key[:-1], ''))}", s, e))
            continue
        # "Montagabend", "Mittwochmorgen": a German weekday compound
        for d, k in _WEEKDAYS.items():
            if (
                len(key) > len(d) + 3
                and key.startswith(d)
                and d in ("montag dienstag mittwoch donnerstag freitag samstag sonntag".split())
            ):
                out.append((f"wd-{k}", s, e))
                break
        month = _MONTHS.get(key.rstrip("."))
        if (
            not month
            or (key == "may" and not _near_day(text, s, e))
            or (key == "mar" and w != "Mar")
        ):
            continue
        if key == "mai" and not _near_day(text, s, e) and not w[0].isupper():
            continue
        if key in _MONTH_ABBREVIATIONS and not (
            w[0].isupper() and (_near_day(text, s, e) or _ABBREVIATION_END.match(text, e))
        ):
            continue  # "sept morts" (seven dead), "Jun" a name: "Sept. 12", "Sept 2019" are dates
        day = _near_day(text, s, e)
        if day:
            out.append((f"m{month:02d}-d{day[0]:02d}", min(s, day[1]), max(e, day[2])))
        else:
            out.append((f"m{month:02d}", s, e))
    for m in _YEAR.finditer(text):
        out.append((f"y{m.group(1)}", m.start(1), m.end(1)))
    return tuple(sorted(out, key=lambda d: d[1]))


def _near_day(text: str, s: int, e: int) -> tuple[int, int, int] | None:
    """A day of month right before ("5 septembre", "5. September") or after ("June 4")."""
    before = re.search(
        r"(?<![\d.,])(\d{1,2})(?:er|\.|st|nd|rd|th)?\s+(?:de\s+)?$", text[max(0, s - 8) : s]
    )
    if before and 1 <= int(before.group(1)) <= 31:
        start = max(0, s - 8) + before.start(1)
        return int(before.group(1)), start, e
    after = re.match(
        # "June 4", and "Nov. 18" with an abbreviated month
        r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:.,]\d)(?!\s*(?:%|percent|a\.m|p\.m))",
        text[e : e + 9],
    )
    if after and 1 <= int(after.group(1)) <= 31:
        return int(after.group(1)), s, e + after.end(1)
    return None


#: Words that make a figure approximate when they come just before it.
_APPROXIMATORS = frozenset(
    """
    about around almost nearly roughly approximately some over under more less least up
    close environ près presque quelque plus moins etwa rund fast knapp mehr weniger über
    unter ungefähr circa ca unos unas cerca casi más menos aproximadamente quase mais
    около почти более менее свыше примерно
    """.split()
)
#: How far apart two figures may be when one of them is approximate.
APPROXIMATE_TOLERANCE = 0.1


#: Words ending just before a figure that make it a ceiling or a floor ("up to $8 billion"
#: fits $6.5 billion; "more than 50" fits 120, not 40).
_CEILING_WORDS = (
    "up to|as many as|as much as|no more than|not more than|at most|less than|fewer than"
    "|under|below|jusqu'à|jusqu'a|moins de|au plus|bis zu|weniger als|höchstens|maximal"
    "|hasta|menos de|até|менее|меньше|не более"
)
_FLOOR_WORDS = (
    "at least|more than|over|above|upwards of|in excess of|no fewer than|no less than"
    "|plus de|au moins|mehr als|mindestens|wenigstens|más de|al menos|por lo menos"
    "|mais de|pelo menos|более|свыше|больше|не менее"
)
# a whole word before the figure: "11-under 129" (a golf score) is no ceiling
_CEILING = re.compile(rf"(?<![\w-])(?:{_CEILING_WORDS})\s*$")
_FLOOR = re.compile(rf"(?<![\w-])(?:{_FLOOR_WORDS})\s*$")


def _bound(text: str, start: int) -> str:
    """ "max" or "min" where the words just before ``start`` make the figure a bound."""
    before = re.sub(r"[$€£¥]", "", text[max(0, start - 24) : start]).lower()
    if _CEILING.search(before):
        return "max"
    if _FLOOR.search(before):
        return "min"
    return ""


def _hedged(text: str, start: int) -> bool:
    """Whether one of the three words before ``start`` makes the figure approximate
    ("almost $6 million", "plus de 2 000", "rund 2.300")."""
    before = re.sub(r"[$€£¥,;:(]", " ", text[max(0, start - 24) : start]).lower().split()
    return any(w in _APPROXIMATORS for w in before[-3:])


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities state the same value (units compatible, 1% tolerance for
    rounding between languages, 10% where one of them is approximate)."""
    if a.kind in ("time", "score") or b.kind in ("time", "score"):
        return a.kind == b.kind and abs(a.value - b.value) < 1e-6
    if a.unit and b.unit and a.unit != b.unit:
        return False
    tolerance = APPROXIMATE_TOLERANCE if a.approximate or b.approximate else 0.01
    if a.high is not None or b.high is not None:
        lo_a, hi_a = a.value, a.high if a.high is not None else a.value
        lo_b, hi_b = b.value, b.high if b.high is not None else b.value
        if a.high is not None and b.high is not None:  # two ranges: the same bounds
            return _close(lo_a, lo_b, tolerance) and _close(hi_a, hi_b, tolerance)
        (low, high), figure = ((lo_a, hi_a), lo_b) if a.high is not None else ((lo_b, hi_b), lo_a)
        # a figure inside the other's range is what the range says
        return low * (1 - tolerance) <= figure <= high * (1 + tolerance)
    return _close(a.value, b.value, tolerance)


def consistent_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities can both be true: the same value (:func:`same_quantity`), or
    a bound and a value on its side ("up to $8 billion" and "$6.5 billion"). Used to decide
    a conflict; alignment still asks for the same value."""
    if same_quantity(a, b):
        return True
    if a.bound == b.bound or a.high is not None or b.high is not None:
        return False
    if a.kind in ("time", "score") or a.kind != b.kind or (a.unit and b.unit and a.unit != b.unit):
        return False
    tolerance = APPROXIMATE_TOLERANCE if a.approximate or b.approximate else 0.01
    return _within_bound(a, b, tolerance)


def _within_bound(a: Quantity, b: Quantity, tolerance: float) -> bool:
    """Whether two figures of different bound kinds (one may be a plain figure) can both
    hold: a ceiling fits what lies under it, a floor what lies above; a ceiling and a floor
    fit when the floor is not above the ceiling. (Two bounds of one kind never reach here:
    :func:`consistent_quantity` compares them as figures.)"""
    if a.bound == "min" or (a.bound == "" and b.bound == "max"):
        a, b = b, a  # now a is the ceiling, or a figure against a floor
    if a.bound == "max":
        # b a figure or a floor: either must not lie above the ceiling
        return b.value <= a.value * (1 + tolerance)
    # a figure against a floor
    return a.value >= b.value * (1 - tolerance)


def _close(x: float, y: float, tolerance: float) -> bool:
    return x == y or abs(x - y) <= tolerance * max(abs(x), abs(y))
