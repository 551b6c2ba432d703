"""Token features and tag sequences for the learned English attribution tagger.

Two linear-chain CRFs run over spaCy tokens, one paragraph at a time (PolNeAR train: 99 %
of sources and contents sit in their cue's paragraph):

1. **cue** tags every token ``B``/``I``/``O`` (a cue is one contiguous span);
2. **role** runs once per cue and tags the paragraph ``B-S``/``I-S`` (source),
   ``B-C``/``I-C`` (content), ``V`` (the cue itself) or ``O``, with features relative to
   that cue (side, distance, dependency path to it, quotation state).

The rule extractor's own output is a feature of both (a hybrid: the CRF learns where the
rules are right). Every feature string holds at most one word of the text, so a trained
model cannot give back sentences of its training data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storytrace.trace import lexicon as lx
from storytrace.trace.quotes import QuoteIndex
from storytrace.trace.records import Attribution, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storytrace.trace.learned.wordvec import WordClusters

#: Paragraphs longer than this (tokens) give the role tagger only the cue's sentences
#: around it (cost grows with paragraph length times cues).
MAX_ROLE_WINDOW = 160
_CUE_LEMMAS = lx.SPEECH | lx.COGNITION | frozenset(lx.PREP_ONLY)
_QUOTE_CHARS = set("“”\"‘’'«»„")


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 5:
        return "4-5"
    if n <= 10:
        return "6-10"
    if n <= 20:
        return "11-20"
    return "20+"


def _shape(t: Token) -> str:
    s = t.text
    if t.is_punct or not any(c.isalnum() for c in s):
        return "punct"
    if s.isdigit():
        return "digit"
    if s.isupper() and len(s) > 1:
        return "upper"
    if s[:1].isupper():
        return "title"
    return "lower"


def _in(t: Token, spans: Sequence[Span]) -> bool:
    s, e = t.idx, t.idx + len(t.text)
    return any(a < e and s < b for a, b in spans)


def _token_ids(doc: Doc, spans: Sequence[Span]) -> list[int]:
    """Indices of the tokens that overlap ``spans``, in order."""
    out: list[int] = []
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.extend(t.i for t in span if not t.is_space)
    return out


@dataclass(slots=True)
class DocFeatures:
    """Per-document state shared by both taggers: paragraphs, quotation and rule marks."""

    doc: Doc
    rules: list[Attribution]
    quotes: QuoteIndex
    #: Token indices of each paragraph (whitespace tokens left out).
    paragraphs: list[list[int]]
    #: Token index -> "B"/"I" when the rules put a cue there.
    rule_cue: dict[int, str] = field(default_factory=dict)
    rule_src: set[int] = field(default_factory=set)
    rule_con: set[int] = field(default_factory=set)
    in_quote: list[bool] = field(default_factory=list)
    #: Token index -> (start, end) token indices of its sentence (``Token.sent`` is slow).
    sent: list[tuple[int, int]] = field(default_factory=list)
    #: Head index and dependency label of each token (cheaper than Token objects).
    head: list[int] = field(default_factory=list)
    dep: list[str] = field(default_factory=list)
    base: list[list[str]] = field(default_factory=list)
    #: Word-cluster ids of each token's lemma (coarse to fine; empty when no clusters).
    clu: list[tuple[int, ...]] = field(default_factory=list)


def paragraphs(doc: Doc) -> list[list[int]]:
    """Token indices per paragraph: a whitespace token holding a line break ends one."""
    out: list[list[int]] = []
    cur: list[int] = []
    for t in doc:
        if t.is_space or not t.text.strip():
            if "\n" in t.text and cur:
                out.append(cur)
                cur = []
            continue
        cur.append(t.i)
        if "\n" in t.whitespace_ and cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def prepare(
    doc: Doc, rules: list[Attribution], clusters: WordClusters | None = None
) -> DocFeatures:
    """Compute the per-token marks and base features of ``doc`` once; with ``clusters``,
    the word-cluster features of the lemma, its head and (cue tagger) its neighbours."""
    df = DocFeatures(doc=doc, rules=rules, quotes=QuoteIndex(doc.text), paragraphs=paragraphs(doc))
    for a in rules:
        for k, i in enumerate(_token_ids(doc, a.cue)):
            df.rule_cue[i] = "B" if k == 0 else "I"
        df.rule_src.update(_token_ids(doc, a.source))
        df.rule_con.update(_token_ids(doc, a.content))
    df.in_quote = [df.quotes.containing(t.idx) is not None for t in doc]
    df.head = [t.head.i for t in doc]
    df.dep = [t.dep_ for t in doc]
    df.sent = [(0, 0)] * len(doc)
    for sent in doc.sents:
        df.sent[sent.start : sent.end] = [(sent.start, sent.end)] * (sent.end - sent.start)
    wc = clusters
    if wc is not None:
        df.clu = [wc.lookup(_lemma(t))[0] if t.is_alpha else () for t in doc]
        sims = [wc.lookup(_lemma(t))[1] if t.is_alpha else None for t in doc]
    df.base = [_base(df, t) for t in doc]
    if wc is not None:
        for t in doc:
            f = df.base[t.i]
            f.extend(_clu_feats("k", df.clu[t.i]))
            ids = df.clu[t.i]
            if sims[t.i] is not None:
                f.append(f"cs={sims[t.i]}")
                f.append(f"csp={sims[t.i]}|{t.pos_}")
            if ids:
                f.append(f"kp={ids[2]}|{t.pos_}")
                f.append(f"kd={ids[1]}|{t.dep_}")
            hk = df.clu[t.head.i]
            f.extend(_clu_feats("hk", hk)[1:])
            if hk:
                f.append(f"hkd={hk[1]}|{t.dep_}")
    return df


def _clu_feats(prefix: str, ids: tuple[int, ...]) -> list[str]:
    """One feature per cluster granularity (``k0=12``, ``k1=201``, ...)."""
    return [f"{prefix}{g}={c}" for g, c in enumerate(ids) if c >= 0]


def _lemma(t: Token) -> str:
    low = t.lemma_.lower()
    return lx.LEMMA_FIX.get(low, low)


def _base(df: DocFeatures, t: Token) -> list[str]:
    lemma = _lemma(t)
    f = [
        "b",
        "w=" + t.lower_,
        "l=" + lemma,
        "p=" + t.pos_,
        "t=" + t.tag_,
        "d=" + t.dep_,
        "hl=" + _lemma(t.head),
        "hp=" + t.head.pos_,
        "dhp=" + t.dep_ + "|" + t.head.pos_,
        "sh=" + _shape(t),
        "q=" + ("in" if df.in_quote[t.i] else "out"),
        "e=" + (t.ent_type_ or "-"),
        "rc=" + df.rule_cue.get(t.i, "O"),
    ]
    if t.text in _QUOTE_CHARS or t.text in ("''", "``"):
        f.append("qm")
    if lemma in lx.SPEECH:
        f.append("lex=speech")
    if lemma in lx.COGNITION:
        f.append("lex=cog")
    if lemma in lx.CUE_NOUNS:
        f.append("lex=noun")
    if lemma in lx.PREP_ONLY:
        f.append("lex=prep")
    if _lemma(t.head) in _CUE_LEMMAS:
        f.append("hlex")
    if t.i in df.rule_src:
        f.append("rs")
    if t.i in df.rule_con:
        f.append("rn")
    if t.is_sent_start:
        f.append("s0")
    for c in t.children:
        f.append("ch=" + c.dep_)
    return f


# -- cue tagger -------------------------------------------------------------------------


def cue_features(df: DocFeatures, para: list[int]) -> list[list[str]]:
    """Features of each token of one paragraph for the cue tagger."""
    doc = df.doc
    out: list[list[str]] = []
    n = len(para)
    for k, i in enumerate(para):
        f = list(df.base[i])
        for o in (-2, -1, 1, 2):
            j = k + o
            if 0 <= j < n:
                t = doc[para[j]]
                f.append(f"{o}w={t.lower_}")
                f.append(f"{o}p={t.pos_}")
                if abs(o) == 1:
                    f.append(f"{o}l={_lemma(t)}")
                    f.append(f"{o}d={t.dep_}")
                    f.append(f"{o}rc={df.rule_cue.get(para[j], 'O')}")
                    if df.clu:
                        f.extend(_clu_feats(f"{o}k", df.clu[para[j]]))
            else:
                f.append(f"{o}edge")
        out.append(f)
    return out


def cue_labels(doc: Doc, para: list[int], cues: Sequence[Span]) -> list[str]:
    """Gold ``B``/``I``/``O`` of a paragraph given the article's cue spans."""
    pos = {i: k for k, i in enumerate(para)}
    labels = ["O"] * len(para)
    lo, hi = doc[para[0]].idx, doc[para[-1]].idx + len(doc[para[-1]].text)
    for s, e in cues:
        if e <= lo or s >= hi:
            continue
        for n, i in enumerate(j for j in _token_ids(doc, [(s, e)]) if j in pos):
            k = pos[i]
            if labels[k] == "O":
                labels[k] = "B" if n == 0 else "I"
    return labels


def cue_spans(doc: Doc, para: list[int], labels: Sequence[str]) -> list[list[int]]:
    """Token-index runs that the cue tagger marked (``B`` starts one, ``I`` goes on)."""
    runs: list[list[int]] = []
    for i, lab in zip(para, labels, strict=True):
        if lab == "B" or (lab == "I" and (not runs or runs[-1][-1] != i - 1)):
            runs.append([i])
        elif lab == "I":
            runs[-1].append(i)
    return runs


# -- role tagger ------------------------------------------------------------------------


def _cue_head(doc: Doc, cue: list[int]) -> Token:
    toks = [doc[i] for i in cue]
    inside = set(cue)
    for t in toks:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return toks[0]


def _ancestors(df: DocFeatures, i: int) -> list[int]:
    """Token ``i`` and its heads up to the root (at most 60)."""
    out = [i]
    heads = df.head
    while heads[out[-1]] != out[-1] and len(out) < 60:
        out.append(heads[out[-1]])
    return out


def role_window(df: DocFeatures, para: list[int], cue: list[int]) -> list[int]:
    """The tokens the role tagger sees for ``cue``: its paragraph, or nearby sentences."""
    if len(para) <= MAX_ROLE_WINDOW:
        return para
    doc = df.doc
    lo, hi = df.sent[cue[0]]
    for _ in range(2):
        if lo > 0:
            lo = df.sent[lo - 1][0]
    for _ in range(2):
        if hi < len(doc):
            hi = df.sent[hi][1]
    return [i for i in para if lo <= i < hi]


def matching_rule(df: DocFeatures, cue: list[int]) -> Attribution | None:
    """The rule attribution whose cue overlaps ``cue`` (None when the rules missed it)."""
    doc = df.doc
    s, e = doc[cue[0]].idx, doc[cue[-1]].idx + len(doc[cue[-1]].text)
    for a in df.rules:
        if any(cs < e and s < ce for cs, ce in a.cue):
            return a
    return None


def role_features(df: DocFeatures, window: list[int], cue: list[int]) -> list[list[str]]:
    """Features of each window token relative to ``cue`` (token indices)."""
    doc = df.doc
    head = _cue_head(doc, cue)
    hl = _lemma(head)
    cue_set = set(cue)
    head_anc = {j: d for d, j in enumerate(_ancestors(df, head.i))}
    deps = df.dep
    rule = matching_rule(df, cue)
    rsrc = rule.source if rule else ()
    rcon = rule.content if rule else ()
    cue_q = df.in_quote[cue[0]]
    cue_sent = df.sent[cue[0]][0]
    rows: list[list[str]] = []
    for i in window:
        t = doc[i]
        b = df.base[i]
        f = ["b", b[1], b[3], b[5], b[9], b[10], b[11], "cl=" + hl]
        if i in cue_set:
            rel = "in"
            f.append("rel=in")
        else:
            rel = "bef" if i < cue[0] else "aft"
            dist = cue[0] - i if i < cue[0] else i - cue[-1]
            f += ["rel=" + rel, "dist=" + rel + _bucket(dist), "relp=" + rel + "|" + t.pos_]
        s_start = df.sent[i][0]
        f.append("same_sent" if s_start == cue_sent else "other_sent|" + rel)
        # Dependency path: which dependent of the cue head the token hangs from.
        chain = _ancestors(df, i)
        for d, a in enumerate(chain):
            if a == head.i:
                via = deps[chain[d - 1]] if d > 0 else "self"
                f += ["via=" + via, "via|cl=" + via + "|" + hl, "vdep=" + _bucket(d)]
                break
            if a in head_anc:
                up = head_anc[a]
                below = deps[chain[d - 1]] if d > 0 else "self"
                f += [
                    "lca=" + _bucket(up) + "|" + _bucket(d),
                    "lcavia=" + below,
                    "cuedep=" + head.dep_,
                ]
                break
        f.append("qq=" + ("in" if df.in_quote[i] else "out") + ("|cin" if cue_q else "|cout"))
        if rule is None:
            f.append("rnone")
        else:
            f.append("rr=" + ("S" if _in(t, rsrc) else "C" if _in(t, rcon) else "-"))
        if i not in cue_set and i in df.rule_cue:
            f.append("orc")
        if "qm" in b:
            f.append("qm")
        rows.append(f)
    # Neighbours' relation and rule role help the tagger find span edges.
    n = len(rows)
    ctx: list[list[str]] = []
    for k in range(n):
        extra: list[str] = []
        for o in (-1, 1):
            j = k + o
            if 0 <= j < n:
                nb = rows[j]
                extra.append(f"{o}{nb[1]}")
                extra.append(f"{o}{nb[2]}")
                for x in nb:
                    if x.startswith(("rr=", "via=", "rel=")):
                        extra.append(f"{o}{x}")
            else:
                extra.append(f"{o}edge")
        ctx.append(extra)
    return [r + c for r, c in zip(rows, ctx, strict=True)]


def role_labels(
    doc: Doc, window: list[int], cue: list[int], source: Sequence[Span], content: Sequence[Span]
) -> list[str]:
    """Gold role tags of a window for one attribution."""
    out: list[str] = []
    cue_set = set(cue)
    prev = "O"
    for i in window:
        t = doc[i]
        if i in cue_set:
            lab = "V"
        else:
            piece = None
            for role, spans in (("S", source), ("C", content)):
                for s, e in spans:
                    if t.idx < e and s < t.idx + len(t.text):
                        piece = (role, s)
                        break
                if piece:
                    break
            if piece is None:
                lab = "O"
            else:
                role, s = piece
                starts = t.idx <= s or not prev.endswith(role)
                lab = ("B-" if starts else "I-") + role
        out.append(lab)
        prev = lab
    return out


def role_spans(doc: Doc, window: list[int], labels: Sequence[str]) -> dict[str, list[Span]]:
    """Character spans of the ``S`` and ``C`` runs in a tagged window."""
    out: dict[str, list[Span]] = {"S": [], "C": []}
    cur: tuple[str, int, int] | None = None
    for i, lab in zip(window, labels, strict=True):
        t = doc[i]
        role = lab[2:] if lab[:2] in ("B-", "I-") else None
        if role and cur and lab.startswith("I-") and cur[0] == role:
            cur = (role, cur[1], t.idx + len(t.text))
            continue
        if cur:
            out[cur[0]].append((cur[1], cur[2]))
            cur = None
        if role:
            cur = (role, t.idx, t.idx + len(t.text))
    if cur:
        out[cur[0]].append((cur[1], cur[2]))
    return out
