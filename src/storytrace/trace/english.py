"""English attributions from a spaCy dependency parse plus rules.

The parse gives the skeleton (a cue verb, its subject, its complement clause); the rules
decide the span conventions: a cue is the verb group (auxiliaries, negation and adverbs
before it, a particle or governing preposition after it); a source is the subject's whole
noun phrase with its appositions; a content is the complement with its complementizer
("that ..."), and a quotation keeps its marks and the punctuation inside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from storytrace.trace import lexicon as lx
from storytrace.trace.quotes import QuoteIndex
from storytrace.trace.records import Attribution, QuoteType, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJ = ("nsubj", "nsubjpass", "csubj")
#: Verbs whose object is the person addressed, not what is said.
ADDRESSEE_VERBS = frozenset(
    "tell ask inform assure reassure remind warn urge advise notify brief caution "
    "promise beg press push lobby petition appeal counsel thank congratulate convince "
    "persuade encourage".split()
)
#: Verbs whose object is the content itself (praise X, deny X, announce X).
OBJECT_CONTENT = (
    (lx.SPEECH | lx.COGNITION)
    - ADDRESSEE_VERBS
    - frozenset("say add continue conclude write tweet post answer reply respond explain".split())
)
#: Verbs that only frame the cue they govern ("went on to say", "tended to support").
_ASPECT_VERBS = frozenset(
    "tend begin start go try attempt continue hasten rush move choose manage proceed "
    "venture dare bother".split()
)
SEEM_VERBS = frozenset({"seem", "appear"})
#: Verbs that report a question ("asked whether ...").
_QUESTION_VERBS = frozenset("ask wonder question inquire enquire".split())
_OBJ_PRON = frozenset(
    {"it", "this", "that", "what", "which", "him", "her", "them", "himself", "herself"}
)
_PUNCT_TRIM = set(".,;:!?—–-)(")
#: A question or exclamation mark ends what was said and stays in the content.
_PUNCT_TRIM_END = _PUNCT_TRIM - {"?", "!", ")"}
_OPEN_Q = set("“\"‘'«„")
_CLOSE_Q = set("”\"’'»")

_DATELINE = re.compile(r"[A-Z][A-Z .]+(?:,[^—–\n]{0,30})?\s*(?:\([^)]{1,20}\))?\s*[—–-]+\s+")
#: '“...” ― Jane Doe' at the end of a line: an epigraph-style signature after a quotation.
_DASH_NAME = re.compile(
    r"[ \t\u00a0]*(?P<cue>―|—|–|--?)[ \t\u00a0]*"
    r"(?P<src>[A-Z][\w.'’\-]*(?:[ \t](?:[A-Z][\w.'’\-]*|de|van|von|del|da|la)){0,5})"
    r"[ \t\u00a0.]*(?=\n|$)"
)
_NAME_COLON = re.compile(
    r"(?P<src>[A-Z][\w.'’\-]+(?: (?:[A-Z][\w.'’\-]+|and|of|de|van|von)){0,4})(?P<cue>:)[ \t\u00a0]*"
)
_TRANSCRIPT = re.compile(
    # A quotation running over paragraphs reopens each one: '"NAME: ...' is a turn too.
    r"^(?:[\"“”][ \t]*)?(?P<src>(?:[A-Z][A-Za-z.'’\-]*)(?: [A-Z][A-Za-z.'’\-]*){0,3}|Q|A)"
    r"(?P<cue>:)[ \t]+(?P<body>\S.*)$",
    re.M,
)

#: A turn's words that read as speech: a quotation, or a first or second person early on.
_SPOKEN = re.compile(
    r"[\"“‘'(]|(?:\S+\s+){0,5}?(?:I|I'm|I’m|I've|I’ve|we|We|my|My|our|Our|you|You|me|us)\b"
)


def _in_dialogue(text: str, turns: Sequence[re.Match[str]], i: int) -> bool:
    """Whether turn ``i`` answers or is answered by another speaker's turn on the next
    line ("AP: Why now?" / "Morton: ..."): a transcript, not a label repeated down a page
    or a heading over a paragraph."""
    name = turns[i].group("src").rstrip(" .")
    for j in (i - 1, i + 1):
        if 0 <= j < len(turns) and turns[j].group("src").rstrip(" .") != name:
            first, second = sorted((turns[i], turns[j]), key=lambda m: m.start())
            if not text[first.end() : second.start()].strip(' \t\n"“”'):
                return True
    return False


def _span(tokens: Iterable[Token]) -> Span | None:
    toks = sorted(tokens, key=lambda t: t.i)
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _subtree(t: Token, exclude: Iterable[Token] = ()) -> list[Token]:
    banned: set[int] = set()
    for x in exclude:
        banned.update(w.i for w in x.subtree)
    return [w for w in t.subtree if w.i not in banned]


def _contiguous(tokens: list[Token], anchor: Token) -> list[Token]:
    """The run of ``tokens`` (sorted) that contains ``anchor`` with no gap in token index."""
    idx = {t.i for t in tokens}
    lo = hi = anchor.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    return [t for t in tokens if lo <= t.i <= hi]


CUE_LEMMAS = lx.SPEECH | lx.COGNITION | frozenset(lx.PREP_ONLY)


def _lemma(t: Token) -> str:
    low = t.lemma_.lower()
    return lx.LEMMA_FIX.get(low, low)


#: Share of cues of each class that PolNeAR train annotators also marked as attributions
#: (cue overlap), measured on our own output: (direct quotation, otherwise).
_CALIBRATION = {
    "core": (0.95, 0.9),  # say, tell, add, write, according to
    "speech": (0.8, 0.7),
    "cognition": (0.5, 0.65),
    "frame": (0.6, 0.6),  # seem/appear, verb + preposition, received from
    "noun": (0.65, 0.65),
    "colon": (0.45, 0.45),
}
_CORE = frozenset({"say", "tell", "add", "write", "according to"})


def confidence(a: Attribution) -> float:
    """How likely the attribution is real, from its cue class and whether it quotes."""
    lemma = a.cue_lemma or ""
    if lemma in _CORE:
        cls = "core"
    elif lemma == ":":
        cls = "colon"
    elif lemma in lx.CUE_NOUNS:
        cls = "noun"
    elif lemma in SEEM_VERBS or lemma in lx.PREP_ONLY or lemma in lx.RECEIVE_VERBS:
        cls = "frame"
    elif lemma in lx.SPEECH:
        cls = "speech"
    else:
        cls = "cognition"
    direct, other = _CALIBRATION[cls]
    return direct if a.quote_type == "direct" else other


def _is_relative(text: str, a: Attribution) -> bool:
    if not a.source:
        return False
    return text[a.source[0][0] : a.source[0][1]].lower() in ("who", "which", "that")


def link_nested(atts: list[Attribution]) -> None:
    """Set ``parent``: the attribution with the tightest content piece holding this cue."""
    for i, a in enumerate(atts):
        cs, ce = a.cue[0]
        best: tuple[int, int] | None = None
        for j, b in enumerate(atts):
            if j == i:
                continue
            for s, e in b.content:
                if s <= cs and ce <= e and (best is None or e - s < best[1]):
                    best = (j, e - s)
        a.parent = best[0] if best else None


class EnglishExtractor:
    """Attributions of one parsed English document."""

    method = "spacy-en"

    def __init__(self, doc: Doc, *, language: str = "en") -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = QuoteIndex(self.text)
        self.language = language
        #: Colons after line-opening labels that are no speaker (datelines, captions).
        self.not_speakers: set[Span] = set()
        self._turns = self._transcripts()
        if self._turns:
            self.quotes = QuoteIndex(self.text, extra=[a.content[0] for a in self._turns])

    # -- spans ----------------------------------------------------------------------------

    def _trim(self, s: int, e: int, *, keep_quotes: bool = True) -> Span | None:
        text = self.text
        while s < e and (text[s].isspace() or (text[s] in _PUNCT_TRIM)):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _PUNCT_TRIM_END):
            e -= 1
        if text[e - 1 : e] == ")" and "(" not in text[s:e]:
            e -= 1
        if keep_quotes:
            # A quotation keeps its marks and what sits inside them.
            for rs, re_ in self.quotes.overlapping(s, e):
                if rs < s and s - rs <= 2:
                    s = rs
                if re_ > e and (rs >= s or re_ - e <= 3):
                    e = re_
        else:
            # '..., ” Velt said': a closing mark and the space after it both go.
            while s < e and (text[s] in _OPEN_Q | _CLOSE_Q or text[s].isspace()):
                s += 1
            while e > s and (text[e - 1] in _OPEN_Q | _CLOSE_Q or text[e - 1].isspace()):
                e -= 1
        # An opening mark with nothing before its closing mark in the span is noise.
        if e - s >= 1 and text[s] in _OPEN_Q and not self.quotes.containing(s):
            s += 1
        if s >= e:
            return None
        return s, e

    def _content_span(self, tokens: Sequence[Token]) -> Span | None:
        sp = _span(tokens)
        if sp is None:
            return None
        return self._trim(*sp)

    def _source_span(self, tokens: Sequence[Token]) -> Span | None:
        if not tokens:
            return None
        head = min(tokens, key=lambda t: t.depth if hasattr(t, "depth") else 0)
        # A relative clause that is an attribution of its own is not part of the name.
        banned: set[int] = set()
        for t in tokens:
            if t.dep_ == "relcl" and t.lemma_.lower() in lx.SPEECH | lx.COGNITION:
                banned.update(w.i for w in t.subtree)
                banned.update(w.i for w in t.lefts if w.dep_ == "punct")
        toks = [t for t in tokens if t.i not in banned]
        del head
        sp = _span(toks)
        if sp is None:
            return None
        s, e = sp
        text = self.text
        # A subject never starts before its own line, nor inside a dateline.
        nl = text.rfind("\n", s, e)
        if nl >= 0:
            s = nl + 1
        m = _DATELINE.match(text, s, e)
        if m:
            s = m.end()
        trimmed = self._trim(s, e, keep_quotes=False)
        if trimmed is None:
            return None
        s, e = trimmed
        # "Jones, a lawyer, said": the comma that closes the apposition belongs to the source.
        if "," in text[s:e] and text[e : e + 1] == ",":
            e += 1
        return s, e

    # -- cue verbs ------------------------------------------------------------------------

    def _cue_tokens(self, v: Token, *, prep: Token | None = None) -> list[Token]:
        left = []
        for c in v.lefts:
            if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < v.i and c.tag_ != "WRB":
                left.append(c)
        toks = [*left, v]
        for c in v.rights:
            if c.dep_ == "prt":
                toks.append(c)
        if prep is not None:
            toks.append(prep)
        toks.sort(key=lambda t: t.i)
        return _contiguous(toks, v)

    def _in_dateline(self, t: Token) -> bool:
        """Whether token ``t`` lies in a dateline opening its line."""
        line = self.text.rfind("\n", 0, t.idx) + 1
        m = _DATELINE.match(self.text, line)
        return m is not None and t.idx < m.end()

    def _subject(self, v: Token) -> tuple[Token | None, bool]:
        """(subject token, is_passive) of ``v``, inheriting from a coordinated/controlling verb."""
        for c in v.children:
            if c.dep_ in SUBJ and self._in_dateline(c):
                continue  # "BERLIN, Dec. 29 (MPA) -- X said": the city is parsed as a subject
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
            if c.dep_ == "nsubjpass":
                return c, True
        if v.dep_ in ("conj", "xcomp") and v.head.i != v.i and v.head.pos_ in ("VERB", "AUX"):
            return self._subject(v.head)
        if v.dep_ == "advcl" and v.tag_ == "VBG" and v.head.pos_ in ("VERB", "AUX"):
            # "..., telling reporters that ...": the participle shares the main subject.
            return self._subject(v.head)
        if (
            v.dep_ == "pcomp"
            and v.tag_ == "VBG"
            and v.head.dep_ == "prep"
            and v.head.head.pos_ in ("VERB", "AUX")
        ):
            # "responded by saying ...", "was criticized for saying ...": the speaker is
            # the subject of the verb the preposition hangs on, whatever its voice.
            subj, _ = self._subject(v.head.head)
            return subj, False
        return None, False

    def _object_content(self, v: Token) -> list[Token]:
        """The object of ``v`` with what completes it ("called [him a liar]")."""
        children = list(v.rights)
        for i, c in enumerate(children):
            if c.dep_ in ("dobj", "attr") and not (c.pos_ == "PRON" and c.lower_ not in _OBJ_PRON):
                toks = _subtree(c)
                for d in children[i + 1 :]:
                    if d.dep_ in ("oprd", "ccomp", "xcomp") or (
                        # "criticized X for Y", "accused X of Y", "described X as Y"
                        d.dep_ == "prep" and d.lower_ in ("as", "for", "of", "over")
                    ):
                        toks += _subtree(d)
                return toks
        active = v.dep_ != "acl" and not any(c.dep_ == "nsubjpass" for c in children)
        for c in children:
            if active and c.dep_ == "oprd" and c.i > v.i:
                # "called her “third-rate”" parsed with the object inside the predicate.
                return _subtree(c)
        return []

    def _seem(self, v: Token, subj: Token | None) -> list[list[Token]]:
        """ "X seems to be Y": the subject and the complement are the content, in two pieces."""
        comp = [c for c in v.rights if c.dep_ in ("xcomp", "acomp", "oprd", "attr", "ccomp")]
        if not comp:
            return []
        if comp[0].dep_ == "ccomp" or subj is None or subj.lower_ == "it":
            return [_subtree(comp[0])]
        return [_subtree(subj), _subtree(comp[0])]

    def _around(self, head: Token, v: Token) -> list[list[Token]]:
        """The clause ``head`` without the parenthetical cue clause ``v``, as its two sides."""
        inner = {w.i for w in v.subtree}
        toks = [w for w in head.subtree if w.i not in inner and w.sent == v.sent]
        before = [w for w in toks if w.i < v.left_edge.i]
        after = [w for w in toks if w.i > v.right_edge.i]
        return [p for p in (before, after) if p]

    def _adjacent_quotes(
        self, cue: Span, subj: Token | None, *, left: int | None = None
    ) -> list[Span]:
        """Quotations right before or after the cue and its subject ("“...,” she said.")."""
        text = self.text
        right = cue[1]
        left = cue[0] if left is None else min(left, cue[0])
        if subj is not None:
            left = min(left, subj.left_edge.idx)
            if subj.i > 0 and subj.idx > cue[1]:
                # "..., said Mr. Jones, a lawyer."
                right = max(right, subj.right_edge.idx + len(subj.right_edge.text))
        out = []
        for rs, re_ in self.quotes.overlapping(max(0, left - 4), left):
            if re_ <= left and not text[re_:left].strip(" ,\u00a0"):
                out.append((rs, re_))
        gap_ok = " ,:\u00a0\n" if text[right - 1 : right] == ":" else " ,:\u00a0"
        for rs, re_ in self.quotes.overlapping(right, right + 40):
            if rs >= right and not text[right:rs].strip(gap_ok):
                out.append((rs, re_))
        return out

    @staticmethod
    def _as_phrase(v: Token) -> bool:
        """An object with an "as" complement ("sees X as Y") makes a belief out of "see"."""
        return any(c.dep_ == "dobj" for c in v.children) and any(
            c.dep_ == "prep" and c.lower_ == "as" for c in v.children
        )

    def _left_noun_phrase(self, first: Token) -> list[Token]:
        """A noun phrase right before the cue that the parser attached elsewhere
        ("According to X, the Times recently stated ...")."""
        i = first.i - 1
        toks: list[Token] = []
        while i >= first.sent.start:
            w = self.doc[i]
            if w.is_punct or w.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ"):
                break
            toks.append(w)
            i -= 1
        if not any(w.pos_ in ("NOUN", "PROPN") for w in toks):
            return []
        return sorted(toks, key=lambda w: w.i)

    def _received(self, v: Token) -> Attribution | None:
        """ "received information on X from Y": Y is the source of what was received."""
        objs = [c for c in v.children if c.dep_ == "dobj" and _lemma(c) in lx.INFO_NOUNS]
        if not objs:
            return None
        obj = objs[0]
        froms = [c for c in (*v.children, *obj.children) if c.dep_ == "prep" and c.lower_ == "from"]
        pobj = [d for f in froms for d in f.children if d.dep_ == "pobj"]
        if not pobj:
            return None
        src = self._source_span(_subtree(pobj[0]))
        topic = [
            d
            for c in obj.children
            if c.dep_ == "prep" and c.lower_ in ("on", "about", "regarding", "of")
            for d in c.children
            if d.dep_ == "pobj"
        ]
        clause = [c for c in obj.children if c.dep_ in ("acl", "ccomp")]
        if clause:
            content = self._content_span(_subtree(clause[0]))
        elif topic:
            content = self._content_span(_subtree(topic[0]))
        else:
            content = self._content_span(_subtree(obj, exclude=froms))
        cue_toks = [*self._cue_tokens(v), obj]
        cue = _span(
            _contiguous(
                sorted(set(cue_toks) | set(self.doc[v.i : obj.i + 1]), key=lambda t: t.i), v
            )
        )
        if src is None or content is None or cue is None:
            return None
        return Attribution(
            source=(src,),
            cue=(cue,),
            content=(content,),
            confidence=0.6,
            language=self.language,
            method=self.method,
            cue_lemma=_lemma(v),
        )

    def _noun(self, n: Token) -> Attribution | None:
        """A cue noun that governs a that-clause ("his warning that ...")."""
        clause = None
        for c in n.children:
            if (
                c.dep_ in ("acl", "ccomp")
                and c.i > n.i
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ):
                clause = c
                break
        if clause is None:
            return None
        content = self._content_span(_subtree(clause))
        poss = [c for c in n.children if c.dep_ == "poss"]
        src = self._source_span(_subtree(poss[0])) if poss else None
        if content is None:
            return None
        return Attribution(
            source=(src,) if src else (),
            cue=((n.idx, n.idx + len(n.text)),),
            content=(content,),
            confidence=0.5,
            language=self.language,
            method=self.method,
            cue_lemma=_lemma(n),
        )

    def _make_clear(self, v: Token) -> Attribution | None:
        """ "made it clear that ...", "makes the case that ...": the verb through its
        complement word is the cue, the that-clause the content."""
        for c in v.rights:
            if _lemma(c) not in ("clear", "plain", "case") or c.dep_ not in (
                "ccomp",
                "oprd",
                "acomp",
                "dobj",
                "advmod",
            ):
                continue
            clause = next(
                (
                    d
                    for d in c.subtree
                    if d.i > c.i
                    and d.dep_ in ("advcl", "csubj", "ccomp", "acl")
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in d.children)
                ),
                None,
            )
            if clause is None:
                return None
            content = self._content_span(_subtree(clause))
            subj, passive = self._subject(v)
            src = self._source_span(_subtree(subj)) if subj is not None and not passive else None
            cue = _span([*self._cue_tokens(v), *self.doc[v.i : c.i + 1]])
            if content is None or cue is None:
                return None
            return Attribution(
                source=(src,) if src else (),
                cue=(cue,),
                content=(content,),
                confidence=0.7,
                language=self.language,
                method=self.method,
                cue_lemma="make",
            )
        return None

    def _relative_antecedent(self, subj: Token | None) -> Span | None:
        """For "who"/"which"/"that" as a subject, the noun phrase it stands for."""
        if (
            subj is None
            or subj.tag_ not in ("WP", "WDT")
            or subj.lower_ not in ("who", "which", "that")
        ):
            return None
        clause = subj.head
        while clause.dep_ in ("conj", "xcomp", "advcl") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ not in ("relcl", "acl"):
            return None
        noun = clause.head
        return self._source_span(_subtree(noun, exclude=[clause]))

    def _prep_verb(self, v: Token, lemma: str) -> Attribution | None:
        """ "spoke about X", "voted for Y": the preposition is part of the cue."""
        allowed = lx.PREP_ONLY[lemma]
        for c in v.rights:
            if c.dep_ in ("prep", "prt") and c.lower_ in allowed:
                pobj = [d for d in c.children if d.dep_ in ("pobj", "pcomp")]
                if not pobj and c.dep_ == "prt":
                    nxt = [d for d in v.rights if d.dep_ == "prep" and d.i > c.i]
                    pobj = [d for p in nxt for d in p.children if d.dep_ == "pobj"]
                if not pobj:
                    continue
                cue = _span(self._cue_tokens(v, prep=c))
                content = self._content_span(_subtree(pobj[0]))
                if cue is None or content is None:
                    return None
                subj, passive = self._subject(v)
                src = (
                    self._source_span(_subtree(subj)) if subj is not None and not passive else None
                )
                if src is None and v.dep_ in ("acl", "pcomp"):
                    return None
                return Attribution(
                    source=(src,) if src else (),
                    cue=(cue,),
                    content=(content,),
                    confidence=0.6,
                    language=self.language,
                    method=self.method,
                    cue_lemma=lemma,
                )
        return None

    def _verb(self, v: Token) -> Attribution | None:
        lemma = _lemma(v)
        children = list(v.children)
        if lemma in lx.PREP_ONLY:
            att = self._prep_verb(v, lemma)
            if att is not None or lemma not in lx.SPEECH | lx.COGNITION:
                return att
        content: list[list[Token]] = []
        extra: list[Span] = []
        prep_cue: Token | None = None
        subj, passive = self._subject(v)
        comps = [c for c in children if c.dep_ == "ccomp"]
        if lemma in SEEM_VERBS:
            content = self._seem(v, subj)
            if not content:
                return None
            subj = None
        for c in comps:
            if not content or lemma not in SEEM_VERBS:
                content.append(_subtree(c))
        if comps and content:
            # "says he did not know X, but now he plans Y": a clause coordinated with the
            # cue verb that is not itself a cue carries on what was said.
            for c in children:
                if (
                    c.dep_ == "conj"
                    and c.i > comps[-1].i
                    and _lemma(c) not in CUE_LEMMAS
                    and any(d.dep_ in ("nsubj", "nsubjpass") for d in c.children)
                ):
                    cc = [d for d in children if d.dep_ == "cc" and comps[-1].i < d.i < c.i]
                    content[-1] = content[-1] + cc + _subtree(c)
        if not content:
            for c in children:
                if c.dep_ == "xcomp" and (
                    any(w.dep_ == "aux" and w.lower_ == "to" for w in c.children)
                    # "reported raising $2 million", "denied taking the money"
                    or (c.tag_ == "VBG" and c.i > v.i and lemma in lx.SPEECH)
                ):
                    content.append(_subtree(c))
                    break
        if not content and lemma in lx.SPEECH:
            # "claimed in a new report that ...": the clause hangs under the noun.
            for c in children:
                if c.dep_ == "prep" and c.i > v.i:
                    for pobj in (d for d in c.children if d.dep_ == "pobj"):
                        for cl in pobj.children:
                            if cl.dep_ in ("acl", "ccomp", "relcl") and any(
                                m.dep_ == "mark" and m.lower_ == "that" for m in cl.children
                            ):
                                content.append(_subtree(cl))
                                prep_cue = None
        if not content and lemma in ("say", "write"):
            # "half said so", "said that of the senator", "said the same": the pro-form
            # stands for what was said.
            for c in children:
                if c.i > v.i and (
                    (
                        c.dep_ == "dobj"
                        and (c.lower_ in ("that", "this", "so") or c.lower_ == "same")
                    )
                    or (c.dep_ == "advmod" and c.lower_ == "so")
                ):
                    content.append(_subtree(c))
                    break
        if not content and lemma in _QUESTION_VERBS:
            # "asked workers if they would vote": the parser hangs the question as a condition.
            for c in children:
                if (
                    c.dep_ == "advcl"
                    and c.i > v.i
                    and any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)
                ):
                    content.append(_subtree(c))
                    break
        if not content and lemma in OBJECT_CONTENT:
            obj = self._object_content(v)
            if obj:
                content.append(obj)
        if not content and lemma in (lx.SPEECH | lx.COGNITION):
            for c in children:
                if c.dep_ == "prep" and c.lower_ in lx.CUE_PREPS and c.i > v.i:
                    objs = [d for d in c.children if d.dep_ in ("pobj", "pcomp")]
                    if objs:
                        content.append(_subtree(objs[0]))
                        prep_cue = c
                        break
        if not content and v.dep_ == "parataxis" and subj is not None:
            # "The plan, she said, is dead."
            content = self._around(v.head, v)
        if not content and v.dep_ in ("parataxis", "ccomp") and v.head.i < v.i:
            # '"It is going well," the chief said.' parsed with the quote as the head.
            head = v.head
            if self.quotes.containing(head.idx) or self.quotes.containing(head.left_edge.idx):
                content.append(_subtree(head, exclude=[v]))
        cue_toks = self._cue_tokens(v, prep=prep_cue)
        if v.dep_ == "xcomp":
            head = v.head
            between = list(self.doc[head.i + 1 : cue_toks[0].i])
            if any(w.dep_ not in ("aux", "advmod", "neg", "prt") for w in between):
                return None  # "asked him to say": the object is in the way
            cue_toks = [*self._cue_tokens(head), *between, *cue_toks]
        cue = _span(cue_toks)
        if cue is None:
            return None
        if cue[1] < len(self.text) and self.text[cue[1]] == ":":
            cue = (cue[0], cue[1] + 1)
        left_np: list[Token] = []
        if (
            subj is None
            and v.tag_ in ("VBD", "VBZ", "VBP")
            and v.dep_ not in ("xcomp", "acl", "pcomp", "relcl")
        ):
            left_np = self._left_noun_phrase(cue_toks[0])
        if not content and lemma in lx.SPEECH:
            left = left_np[0].idx if left_np else None
            extra = self._adjacent_quotes(cue, subj, left=left)
        if not content and not extra:
            return None
        if (
            lemma in lx.NEEDS_CLAUSE
            and not comps
            and not extra
            and not self._quoted(content)
            and not self._as_phrase(v)
        ):
            return None
        source_toks: list[Token] = list(left_np)
        if passive:
            agent = [c for c in children if c.dep_ == "agent"]
            if agent:
                agents = [d for d in agent[0].children if d.dep_ == "pobj"]
                if agents:
                    source_toks = _subtree(agents[0])
            if subj is not None and not comps and not extra:
                content = [_subtree(subj)]
        elif subj is not None:
            source_toks = _subtree(subj)
        pieces = [p for p in (self._content_span(c) for c in content) if p] + extra
        pieces = self._drop_overlaps(pieces, [cue])
        if not pieces:
            return None
        src = self._source_span(source_toks) if source_toks else None
        if src is None and v.dep_ in ("acl", "pcomp") and not extra and not self._quoted(content):
            # "a group backing X", "by attacking Y": an activity, not a report.
            return None
        resolved = self._relative_antecedent(subj) if src and not passive else None
        return Attribution(
            resolved=(resolved,) if resolved else (),
            source=(src,) if src else (),
            cue=(cue,),
            content=tuple(sorted(set(pieces))),
            confidence=0.8 if lemma in lx.SPEECH else 0.6,
            language=self.language,
            method=self.method,
            cue_lemma=lemma,
        )

    def _quoted(self, content: list[list[Token]]) -> bool:
        for toks in content:
            sp = _span(toks)
            if sp and self.quotes.quoted_share(*sp) > 0.5:
                return True
        return False

    @staticmethod
    def _drop_overlaps(pieces: list[Span], against: list[Span]) -> list[Span]:
        out = []
        for s, e in pieces:
            for a, b in against:
                if a < e and s < b:
                    # Cut the piece around the cue; keep the longer side.
                    left, right = (s, a), (b, e)
                    s, e = max(left, right, key=lambda x: x[1] - x[0])
            if e > s:
                out.append((s, e))
        return out

    # -- "according to" -----------------------------------------------------------------

    def _according(self, t: Token) -> Attribution | None:
        nxt = t.nbor(1) if t.i + 1 < len(self.doc) else None
        if nxt is None or nxt.lower_ != "to":
            return None
        pobj = [c for c in nxt.children if c.dep_ == "pobj"]
        if not pobj:
            return None
        src_toks = _subtree(pobj[0])
        if t.i == t.sent.start or self.doc[t.i - 1].lower_ in ("\n", "but", "and"):
            # "According to X, the Times reported ...": the phrase ends at its comma.
            cut = [w.i for w in src_toks if w.text == "," and w.i > pobj[0].i]
            if cut:
                src_toks = [w for w in src_toks if w.i < cut[0]]
        src = self._source_span(src_toks)
        sent = t.sent
        prep = t if t.dep_ == "prep" else nxt
        head = t.head if t.head.i != t.i else None
        if head is None:
            return None
        cue = (t.idx, nxt.idx + len(nxt.text))
        surface = self._according_surface(t, src)
        if surface is not None and src is not None:
            return Attribution(
                source=(src,),
                cue=(cue,),
                content=(surface,),
                confidence=0.85,
                language=self.language,
                method=self.method,
                cue_lemma="according to",
            )
        # The content is the rest of the clause that the phrase modifies.
        phrase = set(w.i for w in t.subtree) | {w.i for w in nxt.subtree}
        clause = head
        while (
            clause.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl")
            and clause.head.i != clause.i
        ):
            clause = clause.head
        toks = [w for w in clause.subtree if w.i not in phrase and sent.start <= w.i < sent.end]
        # Keep the side of the clause that holds its verb when the phrase splits it.
        toks = _contiguous(toks, clause) if clause.i not in phrase else toks
        content = self._content_span(toks)
        if content is None:
            return None
        del prep
        return Attribution(
            source=(src,) if src else (),
            cue=(cue,),
            content=(content,),
            confidence=0.85,
            language=self.language,
            method=self.method,
            cue_lemma="according to",
        )

    def _in_source(self, t: Token) -> Attribution | None:
        """ "In a new poll, X leads": "in" with a poll, survey or someone's view is a cue
        whose source is that noun phrase and whose content is the clause it modifies."""
        pobj = [c for c in t.children if c.dep_ == "pobj"]
        if not pobj or _lemma(pobj[0]) not in lx.IN_SOURCES:
            return None
        noun = pobj[0]
        after = self.doc[noun.right_edge.i + 1 : noun.right_edge.i + 2].text
        opening = t.i == t.sent.start and after == ","
        # "plummeted in the polls" is a standing, not a report: only an opening phrase
        # ("In a new survey, ...") makes a cue (measured on PolNeAR train).
        if not opening:
            return None
        head = t.head
        if head.i == t.i or _lemma(head) in CUE_LEMMAS:
            return None  # "said in a statement": the verb is the cue
        src = self._source_span(_subtree(pobj[0]))
        clause = head
        while (
            clause.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl")
            and clause.head.i != clause.i
        ):
            clause = clause.head
        if _lemma(clause) in CUE_LEMMAS and clause.i != head.i:
            return None
        phrase = {w.i for w in t.subtree}
        sent = t.sent
        toks = [w for w in clause.subtree if w.i not in phrase and sent.start <= w.i < sent.end]
        toks = _contiguous(toks, clause) if clause.i not in phrase else toks
        content = self._content_span(toks)
        if src is None or content is None:
            return None
        return Attribution(
            source=(src,),
            cue=((t.idx, t.idx + len(t.text)),),
            content=(content,),
            confidence=0.6,
            language=self.language,
            method=self.method,
            cue_lemma="in",
        )

    def _according_surface(self, t: Token, src: Span | None) -> Span | None:
        """When "according to X" opens or closes its sentence, the content is all the rest."""
        if src is None:
            return None
        sent = t.sent
        text = self.text
        start, end = sent.start_char, sent.end_char
        if t.i == sent.start and text[src[1] : src[1] + 1] == ",":
            return self._trim(src[1] + 1, end)
        tail = text[src[1] : end]
        if not tail.strip(" .!?\"”’'\n") and text[: t.idx].rstrip().endswith(","):
            return self._trim(start, text[: t.idx].rstrip().rfind(","))
        return None

    # -- transcripts ("NAME: text") -------------------------------------------------------

    def _transcripts(self) -> list[Attribution]:
        out = []
        named = {
            (e.start_char, e.end_char)
            for e in self.doc.ents
            if e.label_ in ("PERSON", "ORG", "NORP")
        }
        person_words = {
            w for e in self.doc.ents if e.label_ == "PERSON" for w in e.text.split()[1:]
        }
        turns = []
        for m in _TRANSCRIPT.finditer(self.text):
            name = m.group("src")
            if (
                len(name) > 1
                and not (name.isupper() or len(name.split()) >= 2)
                and (m.start("src"), m.end("src")) not in named
                # A headline's "Poll: ..." or "Smith: ..." names who says the rest.
                and self.text[: m.start()].strip()
            ):
                # "Update: ..." is a label; "Rubio: I still believe ..." is a speaker.
                continue
            turns.append(m)
        for i, m in enumerate(turns):
            name = m.group("src")
            if not (
                len(name) == 1
                # a headline's label (in capitals at the top: a dateline)
                or (not self.text[: m.start()].strip() and not name.isupper())
                or _in_dialogue(self.text, turns, i)
                # a person the article names in full elsewhere ("Rice: Hamas to blame")
                or (not name.isupper() and name.split()[-1] in person_words)
                or _SPOKEN.match(m.group("body"))
            ):
                # A label that no other speaker answers and that introduces no speech: a
                # dateline ("LINDENPORT: The port ..."), a caption ("Bench: Aron Lind
                # watches ..."), a heading ("Final Score: Corrow 95, Kessling 79").
                self.not_speakers.add(m.span("cue"))
                continue
            # The body is the turn's words; a quotation mark around the turn is not in it.
            body = self._trim(m.start("body"), m.end("body"), keep_quotes=False)
            if body is None:
                continue
            out.append(self._labelled((m.start("src"), m.end("src")), m.span("cue"), body, 0.6))
        return out

    def _labelled(self, src: Span, cue: Span, content: Span, confidence: float) -> Attribution:
        """A direct quotation whose speaker is set off by punctuation (a colon, a dash)
        rather than a verb: the punctuation is the cue."""
        return Attribution(
            source=(src,),
            cue=(cue,),
            content=(content,),
            quote_type="direct",
            confidence=confidence,
            cue_lemma=":",
            language=self.language,
            method=self.method,
        )

    def _dash_signatures(self) -> list[Attribution]:
        """'“quotation” ― Jane Doe': a dash and a name closing the quotation's line."""
        out = []
        for rs, re_ in self.quotes.regions:
            m = _DASH_NAME.match(self.text, re_)
            if m is None:
                continue
            src_end = m.end("src")
            if self.text[src_end - 1] == "." and self.text[src_end - 3 : src_end - 2].isalnum():
                src_end -= 1  # the sentence's full stop, not an initial's ("J.")
            out.append(self._labelled((m.start("src"), src_end), m.span("cue"), (rs, re_), 0.6))
        return out

    def _name_colon_quotes(self) -> list[Attribution]:
        """ "... - Carl Doe: “quotation”": a name, a colon, then the quotation it introduces."""
        out = []
        for m in _NAME_COLON.finditer(self.text):
            if m.start() > 0 and self.text[m.start() - 1] not in " \t-—–(":
                continue
            q = self.quotes.containing(m.end())
            if q is None or q[0] != m.end() or self.quotes.containing(m.start()):
                continue
            out.append(self._labelled((m.start("src"), m.end("src")), m.span("cue"), q, 0.55))
        return out

    # -- whole document -------------------------------------------------------------------

    def extract(self) -> list[Attribution]:
        found: list[Attribution] = []
        for t in self.doc:
            att = None
            if self.quotes.containing(t.idx):
                # Attributions inside a quotation are the quoted speaker's words, not the
                # article's sourcing (PolNeAR leaves them out too).
                continue
            if t.lower_ == "according" and t.i + 1 < len(self.doc):
                att = self._according(t)
            elif t.lower_ == "in" and t.dep_ == "prep":
                att = self._in_source(t)
            elif t.pos_ == "NOUN" and _lemma(t) in lx.CUE_NOUNS:
                att = self._noun(t)
            elif t.pos_ == "VERB" and _lemma(t) == "make":
                att = self._make_clear(t)
            elif t.pos_ == "VERB" and _lemma(t) in lx.RECEIVE_VERBS:
                att = self._received(t)
            elif (
                t.pos_ == "VERB"
                and _lemma(t) in CUE_LEMMAS
                # "wants to support X" is part of the outer content; "tended to support X"
                # (a non-cue verb over the cue) is one cue.
                and (t.dep_ != "xcomp" or _lemma(t.head) in _ASPECT_VERBS)
            ):
                att = self._verb(t)
            if att is not None:
                found.append(att)
        found.extend(self._turns)
        taken = {a.content[0] for a in found if a.content}
        found.extend(a for a in self._name_colon_quotes() if a.content[0] not in taken)
        taken = {a.content[0] for a in found if a.content}
        found.extend(a for a in self._dash_signatures() if a.content[0] not in taken)
        found = self._dedupe(found)
        found.sort(key=lambda a: min(s for s, _ in a.cue + a.content))
        link_nested(found)
        # A belief inside someone's reported words ("she said they believe ...") is part of
        # what they said, not a separate attribution.
        keep = [
            not (
                a.parent is not None
                and a.cue_lemma in lx.COGNITION - lx.SPEECH
                # A speaker's own turn in a transcript is sourcing, as an article's text is.
                and found[a.parent].cue_lemma != ":"
            )
            for a in found
        ]
        found = [a for a, k in zip(found, keep, strict=True) if k]
        # A cue inside someone's name ("an official, who did not want to be named, said")
        # describes the source, it is not an attribution of the article.
        found = [
            a
            for a in found
            if not (
                (a.resolved or _is_relative(self.text, a))
                and any(
                    b is not a and b.source and b.source[0][0] <= a.cue[0][0] < b.source[0][1]
                    for b in found
                )
            )
        ]
        self._continue_quotes(found)
        link_nested(found)
        for a in found:
            a.quote_type = self._quote_type(a.content)
            a.hedges = self._hedges(a)
            a.confidence = confidence(a)
        return found

    def _continue_quotes(self, found: list[Attribution]) -> None:
        """A quotation that goes on after its cue belongs to the same attribution:
        '“We are ready,” she said. “The money is there.”' (and on into quoted paragraphs)."""
        text = self.text
        used = {sp for a in found for sp in a.content}
        for a in found:
            if not a.content or not self.quotes.containing(a.content[-1][1] - 1):
                continue
            end = max(e for _, e in a.cue + a.source + a.content)
            # '“...,” she told the radio station. “...”': go on from the end of the sentence.
            m_end = re.match(r"[^.!?\n“\"«]{0,60}[.!?]", text[end:])
            if m_end:
                end += m_end.end()
            pieces = list(a.content)
            while True:
                m = re.match(r"[ \t\u00a0]*[.,;:!?]?\s*", text[end:])
                start = end + (m.end() if m else 0)
                region = self.quotes.containing(start)
                if region is None or region[0] != start or region in used:
                    break
                if _TRANSCRIPT.match(text, start):
                    break  # the next speaker's turn
                pieces.append(region)
                used.add(region)
                end = region[1]
            if len(pieces) > len(a.content):
                a.content = tuple(pieces)

    def _hedges(self, a: Attribution) -> tuple[str, ...]:
        """Hedging on the cue (modals, "reportedly", a hedged cue verb) and on the claim's verb."""
        out: list[str] = []
        doc = self.doc
        cue_toks = [t for s, e in a.cue for t in doc.char_span(s, e, alignment_mode="expand") or ()]
        for t in cue_toks:
            low = t.lower_
            if low in lx.HEDGE_WORDS or (t.tag_ == "MD" and low in lx.HEDGE_WORDS):
                out.append(low)
            if t.pos_ == "VERB" and _lemma(t) in lx.HEDGE_CUES:
                out.append(t.lower_)
            for c in t.children:
                if (
                    c.dep_ in ("advmod", "aux")
                    and c.lower_ in lx.HEDGE_WORDS
                    and c.lower_ not in out
                ):
                    out.append(c.lower_)
        for s, e in a.content[:1]:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            for c in root.children:
                if (
                    c.dep_ in ("aux", "advmod")
                    and c.lower_ in lx.HEDGE_WORDS
                    and c.lower_ not in out
                ):
                    out.append(c.lower_)
        return tuple(dict.fromkeys(out))

    def _dedupe(self, atts: list[Attribution]) -> list[Attribution]:
        seen: dict[Span, Attribution] = {}
        for a in atts:
            key = a.cue[0]
            if key not in seen or a.confidence > seen[key].confidence:
                seen[key] = a
        return list(seen.values())

    def _quote_type(self, content: tuple[Span, ...]) -> QuoteType:
        shares = [self.quotes.quoted_share(s, e) for s, e in content]
        if shares and min(shares) > 0.9:
            return "direct"
        if any(x > 0 for x in shares):
            return "mixed"
        return "indirect"
