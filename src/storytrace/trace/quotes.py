"""Quotation marks: where the quoted stretches of a text are.

News text mixes curly quotes, straight quotes, doubled apostrophes (''...'') and
guillemets; a quotation that runs over several paragraphs opens each paragraph again and
closes only at its end. Apostrophes (``’`` in "don’t") must not be taken for quotes.
"""

from __future__ import annotations

import bisect
import re

from storytrace.trace.records import Attribution, Span

#: Opening mark -> closing marks accepted for it.
_PAIRS = {
    "“": '”"',
    "„": '“”"',
    "«": "»",
    "»": "«",
    "‘": "’'",
    "‚": "‘’",
    "「": "」",
    "『": "』",
}
_DOUBLE = re.compile(r"''|\"|“|”|„|«|»|「|」|『|』")


def _paragraphs(text: str) -> list[Span]:
    out = []
    start = 0
    for m in re.finditer(r"\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if e > s]


def _single_quotes(text: str, start: int, end: int) -> list[Span]:
    """‘...’ pairs where ‘ opens a word and ’ closes one that is not an apostrophe."""
    out: list[Span] = []
    i = start
    while True:
        o = text.find("‘", i, end)
        if o < 0:
            return out
        if o > start and text[o - 1].isalnum():
            i = o + 1
            continue
        j = o + 1
        close = -1
        while True:
            c = text.find("’", j, end)
            if c < 0:
                break
            after = text[c + 1] if c + 1 < len(text) else " "
            if not after.isalnum():
                close = c
                break
            j = c + 1
        if close < 0 or close - o < 2:
            i = o + 1
            continue
        out.append((o, close + 1))
        i = close + 1


#: Characters before a straight single quote that opens a quotation, and after one that
#: closes it.
_OPENS_AFTER = frozenset(' \t([“"—–-')
_CLOSES_BEFORE = frozenset(' \t.,;:!?)]”"—–-')
#: A straight single quotation longer than this is no quotation (an apostrophe met later).
_STRAIGHT_SPAN = 300


def _closes(text: str, c: int, end: int) -> bool:
    """Whether the straight single quote at ``c`` can close a quotation: it ends a word
    before a space or punctuation, and is not a plural possessive ("the players' union")."""
    before, after = text[c - 1], text[c + 1] if c + 1 < end else " "
    possessive = before == "s" and after == " " and text[c + 2 : c + 3].islower()
    return (before.isalnum() or before in ".,!?") and after in _CLOSES_BEFORE and not possessive


def _straight_single_quotes(text: str, start: int, end: int) -> list[Span]:
    """'...' pairs in straight quotes (British pages: "'We will appeal,' she said"): the
    opening mark starts a word after a space or bracket, the closing one ends a word before
    a space or punctuation, within a few sentences; not "don't", "rock 'n' roll", or the
    plural possessive ("the players' union"). A quotation of several paragraphs runs to
    the end of the paragraph (:func:`_runs_on`)."""
    out: list[Span] = []
    i = start
    while True:
        o = text.find("'", i, end)
        if o < 0 or o + 1 >= end:
            return out
        i = o + 1
        if not ((o == start or text[o - 1] in _OPENS_AFTER) and text[o + 1].isalpha()):
            continue
        limit = min(end, o + _STRAIGHT_SPAN)
        c = text.find("'", o + 1, limit)
        while c >= 0 and not _closes(text, c, end):
            c = text.find("'", c + 1, limit)
        if c >= 0 and c - o > 3:
            out.append((o, c + 1))
            i = c + 1
        elif c < 0 and _runs_on(text, o, end):
            out.append((o, len(text[:end].rstrip())))
            return out


#: A paragraph that ends a sentence, then one that opens with a straight single quote.
_RUNS_ON = re.compile(r"[.!?]\s*\n\s*'[^\W\d_]")


def _runs_on(text: str, o: int, end: int) -> bool:
    """Whether the straight single quote at ``o`` opens a quotation of several paragraphs
    (British pages: each paragraph of it opens with a mark and only the last one closes):
    no mark closes it in its paragraph, which ends a sentence, and the next paragraph
    opens with a mark again."""
    if end - o > 2 * _STRAIGHT_SPAN:
        return False
    if any(text[k] == "'" and _closes(text, k, end) for k in range(o + 1, end)):
        return False
    tail = len(text[:end].rstrip())
    return bool(_RUNS_ON.match(text, tail - 1))


def quote_regions(text: str) -> list[Span]:
    """Quoted stretches, each from its opening mark to its closing mark inclusive.

    A quotation left open at the end of a paragraph is closed there (multi-paragraph
    quotations reopen in the next paragraph). Regions never nest in the result: inner
    quotes are part of the outer region.
    """
    regions: list[Span] = []
    for ps, pe in _paragraphs(text):
        open_at = -1
        opener = ""
        for m in _DOUBLE.finditer(text, ps, pe):
            mark = m.group()
            if open_at < 0:
                if mark in ("”", "»") and mark not in _PAIRS:
                    continue
                if mark == "”":
                    continue
                open_at, opener = m.start(), mark
                continue
            closes = (
                mark == opener
                if opener in ('"', "''")
                else mark in _PAIRS.get(opener, "") or (mark == "''" and opener == "“")
            )
            if closes:
                regions.append((open_at, m.end()))
                open_at = -1
        if open_at >= 0:
            end = pe
            while end > open_at and text[end - 1].isspace():
                end -= 1
            if end - open_at > 1:
                regions.append((open_at, end))
        for s, e in _single_quotes(text, ps, pe) + _straight_single_quotes(text, ps, pe):
            if not any(rs <= s < re_ for rs, re_ in regions):
                regions.append((s, e))
    regions.sort()
    merged: list[Span] = []
    for s, e in regions:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


class QuoteIndex:
    """Fast questions about quote regions."""

    def __init__(self, text: str, extra: list[Span] | None = None) -> None:
        regions = quote_regions(text)
        if extra:
            # Spoken stretches found otherwise (transcript turns) count as quoted too.
            regions = sorted(
                [r for r in regions if not any(s <= r[0] and r[1] <= e for s, e in extra)]
                + [e for e in extra if not any(r[0] <= e[0] and e[1] <= r[1] for r in regions)]
            )
        self.regions = regions
        self._starts = [s for s, _ in self.regions]

    def containing(self, pos: int) -> Span | None:
        """The region that holds character ``pos``, if any."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.regions[i][0] <= pos < self.regions[i][1]:
            return self.regions[i]
        return None

    def overlapping(self, start: int, end: int) -> list[Span]:
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        out = []
        while i < len(self.regions) and self.regions[i][0] < end:
            s, e = self.regions[i]
            if e > start:
                out.append((s, e))
            i += 1
        return out

    def quoted_share(self, start: int, end: int) -> float:
        """Share of ``[start, end)`` that lies inside quotes."""
        if end <= start:
            return 0.0
        inside = sum(min(e, end) - max(s, start) for s, e in self.overlapping(start, end))
        return inside / (end - start)


def _crosses(spans: tuple[Span, ...] | list[Span], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in spans)


def whole_quotations(
    content: tuple[Span, ...], cue: tuple[Span, ...], index: QuoteIndex
) -> tuple[Span, ...]:
    """``content`` widened to the whole quotation where it starts or ends inside one.

    A quotation of several sentences is one statement, but a sentence-by-sentence tagger
    may take only its last sentence (“A. B,” she said) or stop short of its closing mark.
    The content never grows over its own cue."""
    if not content:
        return content
    s0, e0 = content[0][0], content[-1][1]
    first, last = index.containing(s0), index.containing(e0 - 1)
    s1 = first[0] if first and first[0] < s0 else s0
    e1 = last[1] if last and last[1] > e0 else e0
    if (s1, e1) == (s0, e0) or _crosses(cue, s1, s0) or _crosses(cue, e0, e1):
        return content
    pieces = list(content)
    pieces[0] = (s1, pieces[0][1])
    pieces[-1] = (pieces[-1][0], e1)
    return tuple(pieces)


_SENTENCE_END = re.compile(r"[.!?][”\"»]?(?=\s)|\n")
_GAP = re.compile(r"[ \t]*(?:\n\n?[ \t]*)?")


def quotations_after(
    content: tuple[Span, ...],
    frame_end: int,
    text: str,
    index: QuoteIndex,
    cues: list[Span],
) -> tuple[Span, ...]:
    """Quotations that carry on a quoted ``content`` after its attribution's sentence
    (``frame_end``: where the content, cue and source end): “A,” she said. “B.”

    Each must open right after the previous sentence (or at the start of the next
    paragraph), close its paragraph, and hold no cue of its own; they are returned as
    more pieces of the content. News quotes a speaker this way, with one attribution for
    a run of quoted sentences."""
    if not content:
        return content
    region = index.containing(content[0][0])
    if region is None or region[0] != content[0][0]:
        return content
    stop = _SENTENCE_END.search(text, frame_end)
    if stop is None:
        return content
    pos = stop.end()
    pieces = list(content)
    while True:
        gap = _GAP.match(text, pos)
        at = gap.end() if gap else pos
        nxt = index.containing(at)
        if nxt is None or nxt[0] != at:
            break
        line_end = text.find("\n", nxt[1])
        if text[nxt[1] : len(text) if line_end < 0 else line_end].strip():
            break  # more follows in its paragraph (“B,” he added ...)
        if _crosses(cues, nxt[0], nxt[1]):
            break
        pieces.append(nxt)
        pos = nxt[1]
    return tuple(pieces)


def complete_quotations(
    atts: list[Attribution], text: str, index: QuoteIndex | None = None
) -> None:
    """Every content (in place) widened to whole quotations and carried on by the
    quotations that follow its attribution: :func:`whole_quotations`, then
    :func:`quotations_after`, with every cue of ``atts`` barred from the added quotations."""
    if not atts:
        return
    index = index or QuoteIndex(text)
    for a in atts:
        a.content = whole_quotations(a.content, a.cue, index)
    cues = [c for a in atts for c in a.cue]
    for a in atts:
        if a.content:
            end = max(e for _, e in (*a.content, *a.cue, *a.source))
            a.content = quotations_after(a.content, end, text, index, cues)
