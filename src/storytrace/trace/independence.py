"""Independent origins: how much separate evidence stands behind a story or a statement.

API (used by the compare stage for per-claim corroboration)::

    from storytrace.trace.independence import independent_origins, OriginCount
    count = independent_origins(story_trace, {12, 15, 19})   # articles carrying a claim
    count.count        # int: distinct origins those articles lead back to
    count.origins      # tuple[Origin]: name, the articles that lead to it, whether ingested
    count.reasoning    # tuple[str]: one line per step a reader can follow
    count.as_dict()    # JSON-ready

``story_trace`` is a :class:`~storytrace.trace.story.StoryTrace` or its
:class:`~storytrace.trace.chains.StoryChains` (both plain records). Articles not in the
story are ignored (named in the reasoning). Copies, versions, translations, rewrites and
re-reports that lead back to one source count once: the count is the number of distinct
*roots* (sources that cite no one further) the articles' citation chains reach. An article
that cites no one and derives from no other article is its own origin.

For the whole story every root counts. For a statement (``article_ids`` given) an article
that leans on several roots vouches for one of them only, since the statement may come from
any one: the count is the fewest roots that account for every article carrying it
(:func:`fewest_origins`), so a round-up citing seven outlets does not make each of its
sentences seven times corroborated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from storytrace.trace.chains import StoryChains


class _HasChains(Protocol):
    @property
    def chains(self) -> StoryChains: ...


@dataclass(frozen=True, slots=True)
class Origin:
    """One independent origin: a source node and the articles that lead back to it."""

    name: str
    articles: tuple[int, ...]
    #: False when the origin was never ingested (known only because others cite it).
    ingested: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "articles": list(self.articles), "ingested": self.ingested}


@dataclass(frozen=True, slots=True)
class OriginCount:
    count: int
    origins: tuple[Origin, ...]
    reasoning: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "origins": [o.as_dict() for o in self.origins],
            "reasoning": list(self.reasoning),
        }


#: Above this many distinct origins the fewest are found greedily, not exactly.
_EXACT_UP_TO = 12


def fewest_origins(carriers: Sequence[Sequence[str]]) -> list[str]:
    """The fewest origins that account for every carrier of a statement, first-seen order.

    Each carrier (an article, a version) leans on one or more origins; one that leans on
    several may have the statement from any of them, so it vouches for one, and it shares
    that one with any other carrier leaning on it. An exact smallest cover for up to
    :data:`_EXACT_UP_TO` origins (statements are carried by few articles), greedy beyond.
    """
    sets = [set(c) for c in carriers if c]
    order = list(dict.fromkeys(o for c in carriers for o in c))
    if len(order) <= _EXACT_UP_TO:
        # among covers of one size, prefer origins that more carriers lean on
        ranked = sorted(order, key=lambda o: -sum(1 for s in sets if o in s))
        for size in range(1, len(order) + 1):
            for pick in combinations(ranked, size):
                if all(s & set(pick) for s in sets):
                    return [o for o in order if o in pick]
    chosen: list[str] = []
    left = sets
    while left:
        best = max(order, key=lambda o: sum(1 for s in left if o in s))
        chosen.append(best)
        left = [s for s in left if best not in s]
    return [o for o in order if o in chosen]


def independent_origins(
    story_trace: StoryChains | _HasChains, article_ids: Iterable[int] | None = None
) -> OriginCount:
    """Distinct origins that the given articles (default: all of the story) lead back to;
    for given articles (what carries one statement) the fewest that account for them."""
    from storytrace.trace.chains import StoryChains

    chains = story_trace if isinstance(story_trace, StoryChains) else story_trace.chains
    wanted = list(chains.chains) if article_ids is None else sorted(set(article_ids))
    lines: list[str] = []
    by_origin: dict[str, list[int]] = {}
    for aid in wanted:
        ch = chains.chains.get(aid)
        if ch is None:
            lines.append(f"#{aid} is not an article of this story: ignored")
            continue
        lines.append(ch.explain(chains))
        for o in ch.origins:
            by_origin.setdefault(o, []).append(aid)
    if article_ids is not None:
        carriers = {aid: chains.chains[aid].origins for aid in wanted if aid in chains.chains}
        keep = fewest_origins(list(carriers.values()))
        if len(keep) < len(by_origin):
            several = [f"#{a}" for a, o in carriers.items() if len(o) > 1]
            lines.append(
                f"{', '.join(several)} lean{'s' if len(several) == 1 else ''} on several"
                " origins and may have the statement from any one: the fewest origins that"
                f" account for every article carrying it: {', '.join(keep)}"
            )
        by_origin = {o: [a for a, origins in carriers.items() if o in origins] for o in keep}
    origins = tuple(
        Origin(
            name, tuple(ids), bool(chains.nodes[name].articles) if name in chains.nodes else False
        )
        for name, ids in sorted(by_origin.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    n = len(origins)
    if n:
        listed = "; ".join(
            f"{o.name}{'' if o.ingested else ' (not ingested)'} "
            f"({', '.join(f'#{a}' for a in o.articles)})"
            for o in origins
        )
        lines.append(f"=> {n} independent origin{'s' if n != 1 else ''}: {listed}")
    else:
        lines.append("=> no article to count")
    return OriginCount(n, origins, tuple(lines))
