"""Citation edges of one article: which outlet reports what another outlet published.

Edges come from four kinds of evidence:

* **attribution**: an attribution whose source is a media outlet, or a document of one
  ("a New York Times report"). The citing end is the outlet of the attribution that holds
  it (nested: "According to X, the Times reported ...") or else the article's own outlet.
* **wire**: a wire tag in the text ("(AP)", "(Reuters) -", "[Reuters]", "— AFP").
* **dateline**: a dateline naming an agency ("MOSCOW, Dec. 14 (Reuters) —").
* **link**: an outbound link of the HTML whose host is a known outlet and whose anchor
  text appears in the clean text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storytrace.trace.outlets import by_domain, canonical, find_outlets
from storytrace.trace.records import Attribution, CitationEdge

_WIRE = re.compile(
    r"\((?P<a>AP|Reuters|AFP|UPI|dpa|DPA|EFE|ANSA|Xinhua|TASS|Bloomberg|Kyodo|Yonhap|"
    r"IRNA|Fars|Tasnim|Interfax|RIA Novosti|Sputnik|Anadolu|PTI|CNN|AA|Lusa|Europa Press)\)"
    r"|\[(?P<b>AP|Reuters|AFP|UPI|NYT|WaPo|WSJ|HuffPost|Politico|Bloomberg|CNN)\.?\]"
    r"|^\s*[—–-]\s*(?P<c>AP|Reuters|AFP|UPI|dpa|EFE|Xinhua|TASS)\s*$",
    re.M,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][A-ZÀ-Þ .'\-]{2,40})(?:,\s*[^()\n]{0,40})?"
    r"\s*\((?P<agency>[^)\n]{2,40})\)\s*[—–\-:]",
    re.M,
)


def citation_edges(
    text: str,
    attributions: Sequence[Attribution],
    *,
    outlet: str | None = None,
    html: str | None = None,
    url: str | None = None,
) -> list[CitationEdge]:
    """Outlet-to-outlet citation edges of one article (``outlet``: the article's own;
    ``url``: its address, which names the outlet when its site name is not in the
    gazetteer, so that links within its own site are no citations)."""
    own = (canonical(outlet) if outlet else None) or (by_domain(url) if url else None)
    own_label = outlet.strip() if outlet else None
    edges: list[CitationEdge] = []
    labels: dict[int, tuple[str, str]] = {}
    mentions = find_outlets(text)
    for i, a in enumerate(attributions):
        if a.outlet is None:
            continue
        label = _label(text, a, mentions) or a.outlet
        labels[i] = (label, a.outlet)
    for i, (label, name) in labels.items():
        a = attributions[i]
        citing_label, citing_outlet = own_label, own
        p = a.parent
        while p is not None and p not in labels:
            p = attributions[p].parent
        if p is not None:
            citing_label, citing_outlet = labels[p]
        if citing_outlet is not None and citing_outlet == name and citing_label == label:
            continue  # an outlet quoting itself is no citation
        edges.append(
            CitationEdge(
                citing=citing_label,
                cited=label,
                citing_outlet=citing_outlet,
                cited_outlet=name,
                via="attribution",
                span=a.source[0] if a.source else a.cue[0],
                attribution=i,
            )
        )
    for m in _WIRE.finditer(text):
        tag = m.group("a") or m.group("b") or m.group("c")
        wire = canonical(tag)
        if wire and wire != own:
            edges.append(CitationEdge(own_label, wire, own, wire, "wire", (m.start(), m.end())))
    for m in _DATELINE.finditer(text):
        agency = canonical(m.group("agency"))
        if agency and agency != own:
            edges.append(
                CitationEdge(
                    own_label, agency, own, agency, "dateline", (m.start("agency"), m.end("agency"))
                )
            )
    if html:
        for url, anchor in _links(html):
            linked = by_domain(url)
            if linked is None or linked == own:
                continue
            pos = text.find(anchor) if anchor else -1
            if pos < 0:
                continue
            edges.append(
                CitationEdge(
                    own_label, linked, own, linked, "link", (pos, pos + len(anchor)), url=url
                )
            )
    return _dedupe(edges)


def _label(text: str, a: Attribution, mentions: Sequence[object]) -> str | None:
    """How the source names the outlet, its desk kept ("X News Agency International Group")."""
    spans = a.resolved or a.source
    if not spans:
        return None
    s, e = spans[0]
    for m in find_outlets(text[s:e], context=text):
        if m.outlet == a.outlet:
            return m.label
    del mentions
    return None


def _links(html: str) -> list[tuple[str, str]]:
    """(href, anchor text) of the page's absolute links."""
    try:
        import lxml.html
    except ImportError:  # pragma: no cover - lxml ships with trafilatura
        return []
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    out = []
    for el in root.iter("a"):
        href = el.get("href") or ""
        if href.startswith(("http://", "https://")):
            out.append((href, " ".join(el.text_content().split())))
    return out


def _dedupe(edges: list[CitationEdge]) -> list[CitationEdge]:
    seen: set[tuple[str | None, str, str]] = set()
    out = []
    for e in edges:
        key = (e.citing, e.cited, e.via)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out


def citation_chain(edges: Sequence[CitationEdge], outlet: str | None = None) -> list[str]:
    """The longest chain of citations ending at the article: origin first.

    ``["The New York Times", "Fars News Agency International Group", "Fars News"]`` reads:
    the Times published it, the agency desk reported the Times, the site reported the desk.
    """
    cites: dict[str | None, list[str]] = {}
    for e in edges:
        cites.setdefault(e.citing, []).append(e.cited)
    start = outlet.strip() if outlet else None

    def longest(node: str | None, seen: frozenset[str]) -> list[str]:
        best: list[str] = []
        for nxt in cites.get(node, []):
            if nxt in seen:
                continue
            path = [*longest(nxt, seen | {nxt}), nxt]
            if len(path) > len(best):
                best = path
        return best

    chain = longest(start, frozenset({start} if start else ()))
    return [*chain, start] if start else chain


def cited_outlets(edges: Sequence[CitationEdge]) -> list[str]:
    """Canonical outlets the article leans on, in order of first citation."""
    return list(dict.fromkeys(e.cited_outlet for e in edges))
