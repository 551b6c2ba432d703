"""What the clusterer compares: an article's vector (title and lead) and its weighted terms.

Terms are the lexical side of the representation. They carry what sentence vectors blur:
names, places and numbers. They are normalised so that they also match across languages
that share a script or a transliteration (accents stripped, Cyrillic and Greek written in
Latin letters, words cut to their first six letters so that inflections meet), and weighted
by an inverse document frequency learnt online from the articles seen so far.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)

# Cyrillic and Greek letters in Latin script, so that names match across scripts.
_TRANSLIT = str.maketrans(
    {
        **dict(
            zip(
                "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
                (
                    "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya "
                    "i i e g"
                ).split(),
                strict=True,
            )
        ),
        **dict(
            zip(
                "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",
                (
                    "a v g d e z i th i k l m n x o p r s t y f ch ps o a e i i o y o i y i y s"
                ).split(),
                strict=True,
            )
        ),
        "_": "",
    }
)

#: Words kept whole up to this many letters; longer ones are cut (a cheap stemmer that
#: works the same in every language written with spaces).
STEM_CHARS = 6
#: Prefixes of the name and score terms (see :class:`NameLexicon`); ``\w`` never matches
#: them, so they never collide with a word.
NAME_MARK = "@"
#: Marks a name of an article's body (see :func:`body_names`).
BODY_NAME_MARK = "^"
SCORE_MARK = "#"
#: Marks a result written in an article's lead (see :func:`lead_results`).
RESULT_MARK = "%"
#: Above this share of documents a term is background (and is not indexed).
BACKGROUND_SHARE = 0.08

# Separators between a headline and the kickers, site names or sections around it.
_TITLE_SEP = re.compile(r"\s+[-|–—•·:»«]+\s+|\s*\|\s*|(?<=\w):\s+|\s+::\s+")
_QUOTES = " \"'“”«»‘’"


def fold(text: str) -> str:
    """Lower case, accents stripped, Cyrillic/Greek in Latin letters."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_TRANSLIT)


def terms(text: str) -> list[str]:
    """The comparable terms of a text: folded words of 3+ characters cut to
    :data:`STEM_CHARS`, and numbers whole. Scripts without spaces (Chinese, Japanese) give
    one term per run of characters, cut the same way."""
    out = []
    for word in _WORD.findall(fold(text)):
        if word.isdigit():
            out.append(word)
        elif len(word) >= 3:
            out.append(word[:STEM_CHARS])
    return out


_SENTENCE_END = frozenset('.!?:;"“”«»\n')
#: Capitalised in every article, so no mark of one story: days, months, titles before a name.
_NOT_NAMES = """
monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag
january february march april june july august september october november december
januar februar juni juli oktober dezember janvier fevrier avril juillet septembre
octobre novembre decembre enero febrero marzo abril mayo junio julio agosto septiembre
octubre noviembre diciembre president minister senator governor secretary chancellor
"""
_NOT_NAME_STEMS = frozenset(w[:STEM_CHARS] for w in _NOT_NAMES.split())


_URL = re.compile(r"\S*(?:://|www\.)\S*")


def body_names(text: str, *, least: int = 2) -> set[str]:
    """Marked stems of the names a body keeps coming back to: words written capitalised
    inside a sentence at least ``least`` times and more often than in lower case in the
    same text (web addresses left out), so that a common word capitalised at a line start
    or in a heading does not count."""
    text = _URL.sub(" ", text)
    caps: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for m in _WORD.finditer(text):
        word = m.group(0)
        if len(word) < 3 or word.isdigit():
            continue
        stem = fold(word)[:STEM_CHARS]
        if not word[0].isupper():
            lower[stem] += 1
            continue
        before = text[max(0, m.start() - 3) : m.start()].rstrip(" \t\u00a0'‘’(")
        if before and before[-1] not in _SENTENCE_END:
            caps[stem] += 1
    return {
        BODY_NAME_MARK + w
        for w, n in caps.items()
        if n >= least and n > 2 * lower[w] and w not in _NOT_NAME_STEMS
    }


#: A result or tally: two numbers of one to three digits joined by a hyphen or dash
#: ("101-92", "6-2", "51-49"); not part of a longer run ("4-2-1"), a date ("2021-22" has
#: four digits), an amount or a share.
_RESULT = re.compile(r"(?<![\w.,$€£%/-])(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\w%/-]|[.,]\d)")


def lead_results(text: str, chars: int = 400) -> set[str]:
    """Marked results written in the first ``chars`` characters of a body ("Mika Lind
    scored 36 points as the Corrow Hawks beat the Kessling Owls 101-92"), each pair in a fixed order
    so that "92-101" meets "101-92". Two reports of one game or one vote give the same
    result; two games of one evening give two."""
    out = set()
    for m in _RESULT.finditer(text[:chars]):
        a, b = sorted((int(m.group(1)), int(m.group(2))), reverse=True)
        out.add(f"{RESULT_MARK}{a}-{b}")
    return out


def lowercase_stems(text: str) -> set[str]:
    """The stems a body writes in lower case somewhere ("the open water"): a body name
    that many bodies write in lower case is a common word capitalised ("the Open"), weak
    evidence that two articles tell one story."""
    # each distinct word folded once: a body repeats most of its words
    return {fold(w)[:STEM_CHARS] for w in set(_WORD.findall(text)) if len(w) >= 3 and w.islower()}


class TitleCleaner:
    """Drops the parts of a headline that are not about the story.

    Headlines carry the site name, a section or a recurring kicker ("Live:", "| Sports").
    Such a segment recurs across headlines, so a segment already seen in
    ``repeats`` earlier headlines is dropped; the longest segment always stays. The counts
    are learnt as articles arrive, like a site profile.
    """

    def __init__(self, repeats: int = 2, *, max_segments: int = 200_000) -> None:
        self.repeats = repeats
        self.max_segments = max_segments
        self.seen: Counter[str] = Counter()

    @staticmethod
    def segments(title: str) -> list[str]:
        return [s.strip(_QUOTES) for s in _TITLE_SEP.split(title) if s.strip(_QUOTES)]

    def clean(self, title: str, *, outlet: str | None = None, learn: bool = True) -> str:
        parts = self.segments(title)
        if len(parts) <= 1:
            return title.strip(_QUOTES) if parts else ""
        main = max(parts, key=len)
        outlet_key = fold(outlet) if outlet else None
        kept = [
            p
            for p in parts
            if p is main or (self.seen[fold(p)] < self.repeats and fold(p) != outlet_key)
        ]
        if learn:
            for key in {fold(p) for p in parts}:
                self.seen[key] += 1
            if len(self.seen) > self.max_segments:
                # Keep the memory bounded: forget the segments seen once.
                self.seen = Counter({k: v for k, v in self.seen.items() if v > 1})
        return " - ".join(kept)


_SCORE = re.compile(r"\b(\d{1,3})\s*[-:–]\s*(\d{1,3})\b")


def lowercase_words(title: str) -> set[str]:
    """Stems of the words a headline writes in lower case (evidence that they are common
    words, not names)."""
    return {fold(w)[:STEM_CHARS] for w in _WORD.findall(title) if len(w) >= 3 and w[0].islower()}


class NameLexicon:
    """Tells names from common words in headlines, learnt online, in any cased script.

    A name (a person, a team, a place) is what sets one event's headlines apart from the
    next one's in the same beat ("X wins gold" vs "Y wins gold"), so name terms are added to
    an article's terms a second time, marked, and weigh more in the term cosine. A word is a
    name when it is written capitalised after the first word of a headline and its stem has
    never been seen written in lower case in a headline; so title-case headlines ("Team
    Held At Airport") do not turn common words into names once those words have been seen
    in ordinary headlines. Scores and results ("3-1", "2:0") are kept the same way.
    """

    def __init__(self, *, max_words: int = 500_000) -> None:
        self.max_words = max_words
        #: Headlines seen with each stem written in lower case.
        self.lower: Counter[str] = Counter()

    def terms(self, title: str) -> list[str]:
        """Marked name and score terms of ``title`` (learns nothing)."""
        out = []
        for i, word in enumerate(_WORD.findall(title)):
            if i == 0 or len(word) < 3 or not word[0].isupper():
                continue
            stem = fold(word)[:STEM_CHARS]
            if self.lower[stem] == 0:
                out.append(NAME_MARK + stem)
        out.extend(f"{SCORE_MARK}{a}-{b}" for a, b in _SCORE.findall(title))
        return out

    def learn(self, title: str) -> set[str]:
        """Count the lower-case words of ``title``; returns them (for persisting)."""
        words = lowercase_words(title)
        self.lower.update(words)
        if len(self.lower) > self.max_words:
            # Bounded memory: forget the words seen once.
            self.lower = Counter({k: v for k, v in self.lower.items() if v > 1})
        return words


class TermStats:
    """Document frequencies learnt online, for inverse document frequency weights."""

    def __init__(self) -> None:
        self.docs = 0
        self.df: Counter[str] = Counter()

    def observe(self, words: Iterable[str]) -> None:
        self.docs += 1
        self.df.update(set(words))

    def idf(self, word: str) -> float:
        return math.log((self.docs + 1) / (self.df[word] + 0.5))

    def background(self, word: str) -> bool:
        """Too common to tell stories apart (only judged once enough has been seen)."""
        return self.docs >= 200 and self.df[word] > BACKGROUND_SHARE * self.docs

    def weigh(self, words: list[str]) -> dict[str, float]:
        """Unit-norm tf-idf weights of ``words`` (log term frequency)."""
        counts = Counter(words)
        vec = {w: (1.0 + math.log(n)) * self.idf(w) for w, n in counts.items()}
        norm = math.sqrt(sum(x * x for x in vec.values()))
        if norm == 0:
            return {}
        return {w: x / norm for w, x in vec.items() if x > 0}


def lead(text: str, chars: int) -> str:
    """The first paragraphs of a body, cut at a paragraph or sentence end near ``chars``."""
    text = text.strip()
    if len(text) <= chars:
        return text
    cut = text.rfind("\n\n", 0, chars)
    if cut < chars // 2:
        cut = max(text.rfind(". ", 0, chars), text.rfind("\n", 0, chars))
    if cut < chars // 2:
        cut = text.rfind(" ", 0, chars)
    return text[: cut + 1 if cut > 0 else chars].strip()


@dataclass(frozen=True, slots=True)
class Representation:
    """An article as the clusterer sees it."""

    #: Unit vector of the title (and lead when there is a body), from the story encoder.
    vector: object  # numpy.ndarray; typed loosely so that numpy stays out of the import
    #: Unit-norm tf-idf weights of the article's terms.
    terms: dict[str, float]
