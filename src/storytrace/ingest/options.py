"""Settings of the ingest stage."""

from __future__ import annotations

from dataclasses import dataclass

from storytrace import __version__

DEFAULT_USER_AGENT = f"storytrace/{__version__} (+https://github.com/storytrace)"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How inputs are read. The defaults suit a batch of news pages on one machine."""

    #: Seconds allowed for each HTTP request as a whole (connect, headers and body).
    timeout: float = 20.0
    #: Largest page kept, in bytes (after gzip or Content-Encoding is undone); a bigger
    #: one is rejected as "too large" with the bytes read up to the cap. Containers
    #: (WARC, JSONL, directories) are streamed and have no cap; their pages do.
    max_bytes: int = 20_000_000
    #: Whether feeds and sitemaps have their linked articles fetched. None: yes for
    #: remote feeds and sitemaps, no for local files (an offline demo stays offline; a
    #: local feed then gives each entry's inline full content).
    fetch_links: bool | None = None
    #: Most page URLs taken from one sitemap argument (index children included).
    max_sitemap_urls: int = 10_000
    #: How deep sitemap indexes are followed (an index of indexes of sitemaps is 2).
    max_sitemap_depth: int = 3
    #: Sent with every HTTP request so that sites can tell who is fetching.
    user_agent: str = DEFAULT_USER_AGENT
