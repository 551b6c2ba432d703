"""Lines that repeat across the pages of one site (menus, footers, taglines).

A line printed on most pages of a site is template, not article. The profile keeps,
per site, how many observed pages carried each normalised line. State is plain dicts
of ints keyed by a stable hash (xxhash64 hex), so the store can persist it as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Final

import xxhash

_DIGITS: Final = re.compile(r"\d+")

#: Above this many distinct lines, lines seen on a single page are forgotten: a site's
#: template lines recur, article lines mostly do not, so memory stays bounded.
MAX_LINES: Final = 200_000


@lru_cache(maxsize=1 << 16)
def line_key(line: str) -> str:
    """Stable hash of a line, ignoring case, spacing and numbers (dates, counters).

    Cached: the lines worth counting are the ones that repeat."""
    norm = " ".join(_DIGITS.sub("0", line.casefold()).split())
    return xxhash.xxh64_hexdigest(norm.encode("utf-8"))


class SiteProfile:
    """Per-site counts of the pages that carry each (normalised) line."""

    __slots__ = ("counts", "pages", "site")

    def __init__(
        self, site: str | None = None, *, pages: int = 0, counts: dict[str, int] | None = None
    ) -> None:
        self.site = site
        self.pages = pages
        self.counts: dict[str, int] = counts if counts is not None else {}

    def observe(self, lines: Iterable[str]) -> None:
        """Count one page: each distinct non-empty line once."""
        keys = {line_key(line) for line in lines if line.strip()}
        self.pages += 1
        counts = self.counts
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        if len(counts) > MAX_LINES:
            self.counts = {k: v for k, v in counts.items() if v > 1}

    def count(self, line: str) -> int:
        """How many observed pages carried the line."""
        return self.counts.get(line_key(line), 0)

    def page_frequency(self, line: str) -> float:
        """Share of the site's observed pages that carry the line (0.0 when none observed)."""
        if self.pages <= 0:
            return 0.0
        return min(1.0, self.counts.get(line_key(line), 0) / self.pages)

    def merge(self, other: SiteProfile) -> None:
        """Add another profile's counts (e.g. built in another process) to this one."""
        self.pages += other.pages
        for key, value in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + value

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "pages": self.pages, "counts": dict(self.counts)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SiteProfile:
        counts = {str(k): int(v) for k, v in dict(data.get("counts") or {}).items()}
        return cls(data.get("site"), pages=int(data.get("pages") or 0), counts=counts)

    def __repr__(self) -> str:
        return f"SiteProfile(site={self.site!r}, pages={self.pages}, lines={len(self.counts)})"
