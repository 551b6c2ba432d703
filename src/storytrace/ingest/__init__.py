"""ingest: every kind of raw input (files, directories, JSONL, WARC, URLs, feeds,
sitemaps) → :class:`~storytrace.records.Page` or :class:`~storytrace.records.Rejection`.

Only the standard library is imported here; httpx, warcio, feedparser and lxml are
imported when an input needs them, so that the CLI starts fast.
"""

from storytrace.ingest.decode import decode_text
from storytrace.ingest.inputs import iter_inputs
from storytrace.ingest.options import IngestOptions

__all__ = ["IngestOptions", "decode_text", "iter_inputs"]
