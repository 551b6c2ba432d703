"""Citation chains of a story and its original source.

Each article of a story is a node named by its outlet; the outlets it cites (attributions
to outlets, wire tags, datelines, links, a byline crediting an agency or another outlet,
a mention of an outlet of the story) are nodes too, ingested or not. Following the
citations back from an article gives its chain, ending at the *roots* it leads to: the
sources that cite no one further. The story's original source is the root most articles
lead to, the earliest one where the count ties.

Outlets are resolved first through the gazetteer (:mod:`storytrace.trace.outlets`), then
through a *story-local* gazetteer built from the story itself: the outlets of its articles
and the agencies their bylines credit, with the short forms readers use ("the Gazette",
an acronym of the name's initials). Many outlets a story names are local or small and in
no global list; inside one story their short forms are rarely ambiguous.

Copies (copy groups, re-posts) and versions (one URL crawled again) collapse into the
earliest member: they add no citation of their own unless their text carries one. An
article that cites no one but reuses another's passages (see :mod:`storytrace.trace.reuse`)
derives from it: that becomes an edge ``via="reuse"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from storytrace.trace.outlets import OUTLET_HEADS, by_domain, canonical
from storytrace.trace.records import CitationEdge

StoryVia = Literal[
    "attribution", "wire", "dateline", "link", "byline", "mention", "copy", "version", "reuse"
]

#: Leading articles dropped when comparing outlet names ("The Valley Courier", "Le ...").
_LEADING = re.compile(r"^(?:(?:the|le|la|les|der|die|das|el|los|las|il|lo|o|a)\s+|l['’]\s*)", re.I)
#: Determiners that must precede a one-word short form ("the Gazette", "L'Écho").
_DETS = r"(?:(?:[Tt]he|[Ll]e|[Ll]a|[Dd]er|[Dd]ie|[Dd]as|[Dd]em|[Dd]es|[Ee]l)\s+|[Ll]['’]\s*)"
_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Þ][\w .'’\-]{1,40}?(?:,\s*[^()\n]{0,30})?\s*\((?P<tag>[^()\n]{2,40})\)\s*[—–\-:]"
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
#: A byline piece that names an organisation rather than a person's role.
_ORG_WORDS = OUTLET_HEADS | {"agency", "presse", "agence", "agentur", "nachrichtenagentur"}


def when_key(value: datetime | date | None) -> tuple[date, datetime | None] | None:
    """(day, exact time or None): a bare date orders only against other days."""
    if value is None:
        return None
    if isinstance(value, datetime):
        v = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return v.astimezone(UTC).date(), v
    return value, None


def earlier(a: datetime | date | None, b: datetime | date | None) -> bool | None:
    """True when ``a`` is known to come before ``b``, False after, None when unknown."""
    ka, kb = when_key(a), when_key(b)
    if ka is None or kb is None:
        return None
    if ka[0] != kb[0]:
        if ka[1] is not None and kb[1] is not None:
            return ka[1] < kb[1]
        return ka[0] < kb[0]
    if ka[1] is None or kb[1] is None:
        return None
    if ka[1] == kb[1]:
        return None
    return ka[1] < kb[1]


def as_datetime(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Member:
    """One article of a story, as the chains see it (plain data, no text kept)."""

    article_id: int
    outlet: str | None
    published: datetime | date | None = None
    language: str | None = None
    title: str | None = None
    byline: str | None = None
    #: The earlier article this one collapses into, and how ("copy" or "version").
    same_as: int | None = None
    same_how: Literal["copy", "version"] | None = None


@dataclass(frozen=True, slots=True)
class StoryEdge:
    """``citing`` reports what ``cited`` published; found in article ``article_id``."""

    article_id: int
    citing: str
    cited: str
    via: StoryVia
    #: The words that show it (a short excerpt), or how it was inferred.
    evidence: str
    score: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "citing": self.citing,
            "cited": self.cited,
            "via": self.via,
            "evidence": self.evidence,
            "score": round(self.score, 3),
        }


@dataclass(slots=True)
class SourceNode:
    """An outlet of the story (or an article whose outlet is unknown)."""

    name: str
    #: Articles of the story it published (empty: cited, never ingested).
    articles: list[int] = field(default_factory=list)
    first_published: datetime | None = None
    #: As the article printed it (a bare date stays a date).
    first_published_shown: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "articles": list(self.articles),
            "ingested": bool(self.articles),
            "first_published": self.first_published.isoformat() if self.first_published else None,
        }


@dataclass(slots=True)
class ArticleChain:
    """How one article leads back to its origin(s)."""

    article_id: int
    node: str
    #: The longest citation path, origin first, ending at the article's own node.
    chain: list[str]
    #: Every root the article leads to (itself when it cites no one).
    origins: list[str]
    #: The article it collapses into (a copy's group head, a version's first version).
    same_as: int | None = None
    same_how: str | None = None
    #: The edges of its own first hop (found in its text, or inferred for it).
    edges: list[StoryEdge] = field(default_factory=list)

    def explain(self, story: StoryChains) -> str:
        """One line: why this article leads where it does."""
        head = self.node if self.node.startswith("#") else f"#{self.article_id} ({self.node})"
        if self.same_as is not None:
            how = "a later version" if self.same_how == "version" else "a copy"
            return f"{head} is {how} of #{self.same_as}: same origin ({', '.join(self.origins)})"
        if not self.edges:
            return f"{head} cites no one and reuses no earlier article: its own origin"
        hops: dict[str, list[str]] = {}
        for e in self.edges:
            hops.setdefault(e.cited, []).append(e.via)
        cited = "; ".join(f"{n} ({', '.join(dict.fromkeys(v))})" for n, v in hops.items())
        path = " <- ".join(reversed(self.chain)) if len(self.chain) > 2 else ""
        tail = f"; chain {path}" if path else ""
        return f"{head} leads to {cited}{tail}; origin: {', '.join(self.origins)}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "node": self.node,
            "chain": list(self.chain),
            "origins": list(self.origins),
            "same_as": self.same_as,
            "same_how": self.same_how,
            "edges": [e.as_dict() for e in self.edges],
        }


@dataclass(slots=True)
class StoryChains:
    nodes: dict[str, SourceNode]
    edges: list[StoryEdge]
    chains: dict[int, ArticleChain]
    original_source: str | None
    #: Why the original source is that one (lines a reader can follow).
    reasoning: list[str]

    def cited_by(self) -> dict[str, list[str]]:
        """node -> the nodes that cite it (for drawing the tree from the origin down)."""
        out: dict[str, list[str]] = {}
        for e in self.edges:
            if e.cited != e.citing and e.citing not in out.get(e.cited, []):
                out.setdefault(e.cited, []).append(e.citing)
        return out

    def tree(self) -> list[dict[str, Any]]:
        """The chains drawn from each root down to those citing it; each node once.

        Roots come in order: the original source first, then by how many articles reach
        them. A child lists how it cites its parent (``via``). A node that cites both a
        source and an intermediary of it (an agency page citing the Times and its own
        desk, which cites the Times) is drawn under the intermediary, so that the tree
        shows the longer chain; its other direct credits are listed in ``also``."""
        direct = self.cited_by()
        children = _reduced(direct)
        cites: dict[str, list[str]] = {}
        for cited, citing in direct.items():
            for c in citing:
                cites.setdefault(c, []).append(cited)
        vias: dict[tuple[str, str], list[str]] = {}
        for e in self.edges:
            vias.setdefault((e.citing, e.cited), []).append(e.via)
        reach: dict[str, int] = {}
        for ch in self.chains.values():
            for o in ch.origins:
                reach[o] = reach.get(o, 0) + 1
        roots = sorted(reach, key=lambda n: (n != self.original_source, -reach[n], n))
        placed: set[str] = set()

        def build(name: str, parent: str | None) -> dict[str, Any]:
            placed.add(name)
            node = self.nodes.get(name) or SourceNode(name)
            kids = [c for c in children.get(name, []) if c not in placed]
            placed.update(kids)
            return {
                "name": name,
                "articles": list(node.articles),
                "ingested": bool(node.articles),
                "via": list(dict.fromkeys(vias.get((name, parent), []))) if parent else [],
                "also": [c for c in cites.get(name, []) if c != parent] if parent else [],
                "children": [build(c, name) for c in kids],
            }

        out = [build(r, None) for r in roots if r not in placed]
        # Nodes no root reaches (a citation cycle): shown on their own.
        out += [build(n, None) for n in self.nodes if n not in placed]
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "original_source": self.original_source,
            "reasoning": list(self.reasoning),
            "nodes": [n.as_dict() for n in self.nodes.values()],
            "edges": [e.as_dict() for e in self.edges],
            "chains": [c.as_dict() for c in self.chains.values()],
            "tree": self.tree(),
        }


def _reduced(children: dict[str, list[str]]) -> dict[str, list[str]]:
    """``children`` (cited -> citing) without the edges X -> P where X also cites some Q
    that leads on to P: the transitive reduction, as far as there is one. Where Q also
    leads back to X (a citation cycle) the edge stays, since Q's way to P may pass
    through X. Reachability is computed once per node, so a dense graph stays cheap."""
    cites: dict[str, set[str]] = {}
    for cited, citing in children.items():
        for c in citing:
            cites.setdefault(c, set()).add(cited)
    reach: dict[str, set[str]] = {}
    for start in cites:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in cites.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        reach[start] = seen

    def via_other(x: str, p: str) -> bool:
        return any(
            q != p and p in reach.get(q, ()) and x not in reach.get(q, ()) for q in cites.get(x, ())
        )

    out: dict[str, list[str]] = {}
    for cited, citing in children.items():
        kept = [x for x in citing if not via_other(x, cited)]
        if kept:
            out[cited] = kept
    return out


# --- story-local outlet names ---------------------------------------------------------------


def _fold(s: str) -> str:
    return " ".join(s.replace("’", "'").split()).casefold()


def _bare(name: str) -> str:
    return _LEADING.sub("", name.strip(), count=1)


class LocalOutlets:
    """The outlets of one story and the short forms its articles use for them."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names: list[str] = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        self._exact: dict[str, str] = {}
        aliases: dict[str, set[str]] = {}
        for name in self.names:
            for form in (name, _bare(name)):
                self._exact.setdefault(_fold(form), name)
            words = _WORD.findall(_bare(name))
            caps = [w for w in words if w[:1].isupper()]
            if len(caps) >= 2:
                acronym = "".join(w[0] for w in caps).upper()
                aliases.setdefault(acronym, set()).add(name)
            if len(words) >= 2:
                for w in words:
                    # Head nouns ("Gazette", "Herald") and the word after an elided article
                    # ("L'Écho ...") are how readers shorten a name.
                    first_elided = w == words[0] and re.match(r"^[Ll]['’]", name.strip())
                    if (
                        len(w) >= 4
                        and w[:1].isupper()
                        and (w.lower() in OUTLET_HEADS or first_elided)
                    ):
                        aliases.setdefault(f"\x00{w}", set()).add(name)
        self._aliases = {k: next(iter(v)) for k, v in aliases.items() if len(v) == 1}
        parts = []
        for name in sorted(self.names, key=len, reverse=True):
            for form in dict.fromkeys((name, _bare(name))):
                if len(form) >= 3:
                    parts.append(re.escape(form).replace("'", "['’]").replace("’", "['’]"))
        for key in self._aliases:
            if key.startswith("\x00"):
                parts.append(_DETS + re.escape(key[1:]))
            else:
                parts.append(re.escape(key))
        self._pattern = (
            re.compile(r"(?<![\w])(" + "|".join(parts) + r")(?![\w])") if parts else None
        )

    def exact(self, mention: str) -> str | None:
        """The story outlet a mention spells out in full (with or without its article)."""
        m = " ".join(mention.split()).strip(" .,;:\"'“”„«»")
        for form in (m, _bare(m)):
            found = self._exact.get(_fold(form))
            if found:
                return found
        return None

    def resolve(self, mention: str) -> str | None:
        """The story outlet a mention names, else None."""
        m = " ".join(mention.split()).strip(" .,;:\"'“”„«»")
        if not m:
            return None
        for form in (m, _bare(m)):
            found = self._exact.get(_fold(form))
            if found:
                return found
        if m in self._aliases:
            return self._aliases[m]
        # A label already known to name an outlet may come without its determiner.
        bare = _bare(m)
        if f"\x00{bare}" in self._aliases:
            return self._aliases[f"\x00{bare}"]
        glob = canonical(m)
        if glob:
            for name in self.names:
                if canonical(name) == glob:
                    return name
        return None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, outlet) of every mention of a story outlet in ``text``."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            name = self.resolve(m.group(1))
            if name is not None:
                out.append((m.start(1), m.end(1), name))
        return out


def byline_outlets(byline: str | None) -> list[str]:
    """Organisations a byline credits ("By Jo Roe, Lindenport Press Agency")."""
    if not byline:
        return []
    out = []
    for piece in re.split(r"[,;()/|]|\s+[-–—]\s+|\band\b|\bund\b|\bet\b", byline):
        piece = piece.strip(" .:")
        piece = re.sub(r"^(?:(?:by|par|von|por|di)\s+|author\s*:\s*)", "", piece, flags=re.I)
        words = _WORD.findall(piece)
        if not words or not all(
            w[:1].isupper() or w.lower() in ("de", "des", "du", "of") for w in words
        ):
            continue
        known = canonical(piece) or _known_run(piece)
        if known is not None:
            # the gazetteer's name: "ASSOCIATED PRESS" and "By The Associated Press" are
            # one origin; "TARIQ PANJA Associated Press Writer" credits the agency
            out.append(known)
            continue
        piece = _TRAILING_ROLE.sub("", piece)
        words = _WORD.findall(piece)
        if all(w.lower() in _NEWSROOM_WORDS for w in words):
            continue  # "Sports News Editor", "Business News Desk": the page's own desk
        if len(words) >= 2 and any(w.lower() in _ORG_WORDS for w in words):
            out.append(piece)
    return out


#: Words that name a desk or beat of the page's own newsroom, not another outlet.
_NEWSROOM_WORDS = frozenset(
    "news sports sport business world national local metro web online digital desk staff "
    "politics political foreign international entertainment features editorial team wire "
    "service services reports the".split()
)

#: Role words a byline puts after its outlet ("Lindenport Press Agency Staff Writer").
_TRAILING_ROLE = re.compile(
    r"(?:\s+(?:staff|sports|senior|special|business|political|foreign|chief|writers?|"
    r"reporters?|correspondents?|editors?|columnist|photographer))+\s*$",
    re.IGNORECASE,
)


def _known_run(piece: str) -> str | None:
    """The gazetteer's name for the longest run of a byline piece's words that it knows; a
    single word only when it is a name of its own ("AP", "Reuters"), not a common head
    such as "Times" that many outlets share."""
    spans = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(piece)]
    for size in range(len(spans) - 1, 0, -1):
        for i in range(len(spans) - size + 1):
            run = piece[spans[i][0] : spans[i + size - 1][1]]
            if size == 1 and spans[i][2].lower() in OUTLET_HEADS:
                continue
            known = canonical(run)
            if known:
                return known
    return None


def _excerpt(text: str, start: int, end: int, width: int = 60) -> str:
    s = max(0, text.rfind("\n", 0, start) + 1, start - width)
    e = text.find("\n", end)
    e = min(len(text) if e < 0 else e, end + width)
    return (
        ("…" if s > 0 and text[s - 1] != "\n" else "")
        + " ".join(text[s:e].split())
        + ("…" if e < len(text) and text[e] != "\n" else "")
    )


# --- building the chains ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one article's text says about whom it cites (input of :func:`build_chains`)."""

    article_id: int
    text: str
    edges: Sequence[CitationEdge] = ()
    #: (source article, score, summary) when the article reuses an earlier one's passages.
    reuse: tuple[int, float, str] | None = None
    #: Source spans of the article's attributions: an outlet named at the end of one
    #: ("officials quoted by the Gazette") is cited.
    sources: Sequence[tuple[int, int]] = ()


# A mention of an outlet is a citation only in a reporting frame: "according to X",
# "X reported", "laut X", "X zufolge", "selon X", "que X a pu consulter" ... (a few words
# such as "the newspaper" or an opening quote may sit between). Elsewhere an outlet is
# often the subject of the story ("a Fox News host"), not its source.
_PRE_CUE = re.compile(
    r"(?:according\s+to|citing|cited\s+by|quoted(?:\s+\w+)?\s+by|reported\s+by|"
    r"published\s+by|obtained\s+by|seen\s+by|told|interview\s+with|report(?:ed)?\s+in|"
    r"selon|d['’]après|cités?\s+par|rapportés?\s+par|consultée?s?\s+par|publiée?s?\s+par|"
    r"laut|nach\s+(?:Informationen|Angaben|Berichten)|berichtete[nt]?|meldete|"
    r"según|de\s+acuerdo\s+con|segundo|de\s+acordo\s+com|по\s+данным|по\s+сообщению|"
    r"сообщает|пишет)"
    r"(?:\s+(?:the|a|le|la|les|l['’]|der|die|das|dem|des|el|o|a))?"
    r"(?:\s+[\w\-]+){0,2}?\s*[„“\"«‘]?\s*$",
    re.I,
)
_POST_CUE = re.compile(
    r"^[”“\"»’']?(?:['’]s)?\s*(?:,\s*)?(?:[\w\-]+\s+){0,2}?"
    r"(?:reported|reports|said|says|wrote|writes|revealed|reveals|published|quoted|added|"
    r"first\s+reported|broke|zufolge|berichtete[nt]?|berichtet|meldete|meldet|schrieb|schreibt|"
    r"a\s+rapporté|rapporte|a\s+révélé|révèle|a\s+indiqué|indique|a\s+écrit|écrit|"
    r"a\s+pu\s+consulter|affirme|a\s+affirmé|informó|informa|publicó|reportó|informou|"
    r"noticiou|сообщил[аио]?|сообщает|пишет)\b",
    re.I,
)


def _cited_here(text: str, start: int, end: int, sources: Sequence[tuple[int, int]]) -> bool:
    """Whether the outlet named at [start, end) is cited there, not merely mentioned."""
    if any(s <= start and _ends_at(text, end, e) for s, e in sources):
        return True
    head = text[max(0, start - 80) : start]
    head = re.split(r"[.!?\n]\s", head)[-1]
    tail = re.split(r"[.!?\n]\s|\n", text[end : end + 80])[0]
    return bool(_PRE_CUE.search(head) or _POST_CUE.match(tail))


def _ends_at(text: str, end: int, span_end: int) -> bool:
    """A source span ends with the mention (its head is the outlet), give or take a quote,
    a possessive or punctuation."""
    rest = text[end:span_end]
    return span_end >= end and not rest.strip(" ”“\"»’',;:")


#: A bare host name standing for an outlet.
_HOST = re.compile(r"(?:[a-z0-9\-]+\.)+[a-z]{2,}", re.I)


def _site_outlet(outlet: str | None) -> str | None:
    """The gazetteer's name of an outlet given as a bare host name, else None."""
    if not outlet or not _HOST.fullmatch(outlet.strip()):
        return None
    return by_domain(outlet.strip())


def _site_credit(tag: str, outlet: str | None) -> bool:
    """Whether a dateline tag is the page's own site written as one word ("(HawaiiNewsNow)"
    on hawaiinewsnow.com), where the gazetteer does not know the site."""
    if not outlet or not _HOST.fullmatch(outlet.strip()):
        return False
    squashed = re.sub(r"[^0-9a-z]", "", tag.lower())
    return bool(squashed) and squashed in outlet.strip().lower().split(".")


def _node_name(member: Member) -> str:
    return (
        member.outlet.strip()
        if member.outlet and member.outlet.strip()
        else (f"#{member.article_id} (outlet unknown)")
    )


def build_chains(members: Sequence[Member], evidence: Sequence[Evidence]) -> StoryChains:
    """Nodes, edges, per-article chains and the original source of one story."""
    local = LocalOutlets(
        [m.outlet for m in members if m.outlet]
        + [n for m in members if (n := _site_outlet(m.outlet))]
        + [b for m in members for b in byline_outlets(m.byline)]
    )
    by_id = {m.article_id: m for m in members}
    nodes: dict[str, SourceNode] = {}
    node_of: dict[int, str] = {}
    for m in members:
        # an outlet known only by its site ("cnn.com") goes by the gazetteer's name, so
        # that its own credit ("(CNN) --") is no citation of an outlet never ingested
        name = _site_outlet(m.outlet)
        if name is None and m.outlet:
            name = local.resolve(m.outlet)
        name = name or _node_name(m)
        node_of[m.article_id] = name
        node = nodes.setdefault(name, SourceNode(name))
        node.articles.append(m.article_id)
        when = as_datetime(m.published)
        if when is not None and (node.first_published is None or when < node.first_published):
            node.first_published = when
            node.first_published_shown = m.published.isoformat() if m.published else None

    def resolve(label: str) -> str:
        found = local.resolve(label)
        if found:
            return found
        return canonical(label) or label

    edges: list[StoryEdge] = []
    own_edges: dict[int, list[StoryEdge]] = {m.article_id: [] for m in members}
    seen: set[tuple[int, str, str, str]] = set()

    def add(aid: int, citing: str, cited: str, via: StoryVia, ev: str, score: float = 1.0) -> None:
        if citing == cited or (aid, citing, cited, via) in seen:
            return
        seen.add((aid, citing, cited, via))
        edge = StoryEdge(aid, citing, cited, via, ev, score)
        edges.append(edge)
        if citing == node_of[aid]:
            own_edges[aid].append(edge)
        nodes.setdefault(cited, SourceNode(cited))
        nodes.setdefault(citing, SourceNode(citing))

    ev_of = {e.article_id: e for e in evidence}
    for m in members:
        aid = m.article_id
        own = node_of[aid]
        ev = ev_of.get(aid)
        text = ev.text if ev else ""
        for b in byline_outlets(m.byline):
            add(aid, own, resolve(b), "byline", f"byline: {m.byline}")
        if ev is None:
            continue
        for ce in ev.edges:
            citing = own if ce.citing is None else resolve(ce.citing)
            where = _excerpt(text, *ce.span) if ce.span else (ce.url or "")
            add(aid, citing, resolve(ce.cited), ce.via, where)
        first = text.split("\n", 1)[0]
        dl = _DATELINE.match(first)
        if dl:
            tag = dl.group("tag").strip()
            words = _WORD.findall(tag)
            if (
                words
                and (tag.isupper() or all(w[:1].isupper() for w in words))
                and not _site_credit(tag, by_id[aid].outlet)
            ):
                add(
                    aid,
                    own,
                    resolve(tag),
                    "dateline",
                    _excerpt(text, dl.start("tag"), dl.end("tag")),
                )
        for start, end, name in local.find(text):
            if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
                # "(MPA)", "(Harbour Gazette)": a credit in the wire-tag convention
                add(aid, own, name, "wire", _excerpt(text, start, end))
            elif _cited_here(text, start, end, ev.sources):
                add(aid, own, name, "mention", _excerpt(text, start, end))
    # Copies and versions: the same text again; a copy that credits no one derives from
    # its group's earliest member.
    for m in members:
        if m.same_as is None or m.same_as not in node_of:
            continue
        if m.same_how == "copy" and not own_edges[m.article_id]:
            add(
                m.article_id,
                node_of[m.article_id],
                node_of[m.same_as],
                "copy",
                f"copy of #{m.same_as}",
            )
    # which outlets each article credits: where one of a reuse pair credits the other, the
    # credit settles the order (times may not: a day-only date, two time zones' clocks)
    cited_by: dict[int, set[str]] = {}
    for edge in edges:
        cited_by.setdefault(edge.article_id, set()).add(edge.cited)
    for ev in evidence:
        if ev.reuse is None or ev.article_id not in node_of or ev.reuse[0] not in node_of:
            continue
        if own_edges[ev.article_id] or by_id[ev.article_id].same_as is not None:
            continue  # it names its sources; reuse only fills in uncredited derivation
        src, score, summary = ev.reuse
        if node_of[ev.article_id] in cited_by.get(src, ()):
            continue  # the "earlier" article credits this one: it is the re-report
        add(ev.article_id, node_of[ev.article_id], node_of[src], "reuse", summary, score)

    graph: dict[str, list[str]] = {}
    for edge in edges:
        graph.setdefault(edge.citing, [])
        if edge.cited not in graph[edge.citing]:
            graph[edge.citing].append(edge.cited)

    def walk(start: str, first: list[str]) -> tuple[list[str], list[str]]:
        """(longest path origin-first ending at start, roots reached).

        Depth-first with memo, linear in the graph: a citation cycle is cut where the
        walk meets a node it is still inside."""
        memo: dict[str, tuple[list[str], list[str]]] = {}
        inside: set[str] = {start}

        def longest(n: str, hop: list[str] | None) -> tuple[list[str], list[str]]:
            if hop is None and n in memo:
                return memo[n]
            inside.add(n)
            best: list[str] = []
            roots: list[str] = []
            for c in hop if hop is not None else graph.get(n, []):
                if c in inside:
                    continue
                path, found = longest(c, None)
                if len(path) > len(best):
                    best = path
                roots.extend(r for r in found if r not in roots)
            inside.discard(n)
            result = ([*best, n], roots or [n])
            if hop is None:
                memo[n] = result
            return result

        return longest(start, first)

    chains: dict[int, ArticleChain] = {}
    ordered = sorted(members, key=lambda m: (m.same_as is not None, m.article_id))
    for m in ordered:
        aid = m.article_id
        if m.same_as is not None and m.same_as in by_id and not own_edges[aid]:
            head = chains.get(m.same_as)
            if head is None:
                hop = [e.cited for e in own_edges[m.same_as]]
                path, roots = walk(node_of[m.same_as], hop)
            else:
                path, roots = head.chain, head.origins
            chains[aid] = ArticleChain(
                aid, node_of[aid], list(path), list(roots), m.same_as, m.same_how
            )
            if node_of[aid] != node_of[m.same_as]:
                chains[aid].chain = [*path, node_of[aid]]
            continue
        hop = list(dict.fromkeys(e.cited for e in own_edges[aid]))
        path, roots = walk(node_of[aid], hop)
        chains[aid] = ArticleChain(
            aid, node_of[aid], path, roots, m.same_as, m.same_how, list(own_edges[aid])
        )
    chains = {m.article_id: chains[m.article_id] for m in members}
    original, reasoning = _original(nodes, chains, by_id)
    return StoryChains(nodes, edges, chains, original, reasoning)


def _original(
    nodes: dict[str, SourceNode], chains: dict[int, ArticleChain], by_id: dict[int, Member]
) -> tuple[str | None, list[str]]:
    """The root most articles lead to; among ties, the earliest known."""
    reach: dict[str, list[int]] = {}
    for aid, ch in chains.items():
        for o in ch.origins:
            reach.setdefault(o, []).append(aid)
    if not reach:
        return None, ["no article: no original source"]

    def first_seen(name: str) -> tuple[datetime, str]:
        """(instant for ordering, as printed)."""
        node = nodes.get(name)
        if node is not None and node.first_published is not None:
            return node.first_published, node.first_published_shown or ""
        # Never ingested: it existed before the earliest article that leads to it (a
        # bare date says less than a time, so times are preferred).
        values = [by_id[a].published for a in reach[name]]
        timed: list[datetime | date] = [v for v in values if isinstance(v, datetime)]
        known = timed or [v for v in values if v is not None]
        if not known:
            return datetime.max.replace(tzinfo=UTC), ""
        first = min(known, key=lambda v: as_datetime(v) or datetime.max.replace(tzinfo=UTC))
        return as_datetime(first) or datetime.max.replace(tzinfo=UTC), first.isoformat()

    ranked = sorted(reach, key=lambda n: (-len(reach[n]), first_seen(n)[0], n))
    best = ranked[0]
    n = len(chains)
    node = nodes.get(best)
    status = "ingested" if node and node.articles else "cited, never ingested"
    lines = [f"{best}: {len(reach[best])} of {n} articles lead back to it ({status})"]
    when, shown = first_seen(best)
    if when.year < 9999:
        if node and node.articles:
            lines.append(f"{best}: first published {shown}")
        else:
            lines.append(f"{best}: existed by {shown} (its earliest re-report)")
    tied = [o for o in ranked[1:] if len(reach[o]) == len(reach[best])]
    if tied:
        k = len(reach[best])
        note = (
            f"{len(tied) + 1} sources tie at {k} article{'s' if k != 1 else ''} each:"
            " the earliest known is taken"
        )
        same_day = [o for o in tied if _same_day_unordered(first_seen(best)[1], first_seen(o)[1])]
        if same_day:
            note += f"; its order against {', '.join(same_day)} within that day is not known"
        lines.append(note)
    for other in ranked[1:]:
        lines.append(f"{other}: {len(reach[other])} of {n} articles lead back to it")
    return best, lines


def _same_day_unordered(a: str, b: str) -> bool:
    """Two first sightings (ISO text) on one day, one of them a bare date: no order."""
    if not a or not b or a[:10] != b[:10]:
        return False
    return len(a) == 10 or len(b) == 10
