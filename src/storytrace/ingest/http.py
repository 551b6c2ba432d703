"""Fetching URLs with httpx: redirects, an overall deadline, a size cap while streaming."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from storytrace.ingest.decode import charset_from_content_type, size_label, too_large
from storytrace.ingest.options import IngestOptions
from storytrace.ingest.pages import (
    HTML_TYPES,
    TEXT_TYPES,
    VAGUE_TYPES,
    Hints,
    is_gzip_type,
    is_json_type,
    is_xml_type,
    make_page,
    media_type,
)
from storytrace.records import Origin, Page, Rejection, utcnow

if TYPE_CHECKING:
    import httpx


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response, its body read in full (within the cap)."""

    asked: str
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    raw: bytes
    fetched_at: datetime

    @property
    def content_type(self) -> str | None:
        for name, value in self.headers:
            if name == "content-type":
                return value
        return None


def is_url(arg: str) -> bool:
    return arg[:8].lower().startswith(("http://", "https://"))


def _acceptable(mtype: str) -> bool:
    """Whether a body of this media type may hold a page, feed or sitemap."""
    return (
        mtype in VAGUE_TYPES
        or mtype in HTML_TYPES
        or mtype in TEXT_TYPES
        or is_xml_type(mtype)
        or is_json_type(mtype)
        or is_gzip_type(mtype)
        or (mtype.startswith("text/") and mtype not in {"text/css", "text/javascript", "text/csv"})
    )


def _timeout_reason(seconds: float) -> str:
    return f"timed out after {seconds:g} s"


class Fetcher:
    """GET requests for one ingest run. Uses the caller's client when given (its settings
    win), else makes one with the options' timeout and user agent, closed by :meth:`close`."""

    def __init__(self, options: IngestOptions, client: httpx.Client | None = None) -> None:
        self.options = options
        self._client = client
        self._own = client is None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                follow_redirects=True,
                timeout=httpx.Timeout(self.options.timeout),
                headers={"user-agent": self.options.user_agent},
            )
        return self._client

    def close(self) -> None:
        if self._own and self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str) -> Fetched | Rejection:
        """The body at ``url``, or a rejection naming ``url`` with the reason."""
        import httpx

        cap = self.options.max_bytes
        deadline = time.monotonic() + self.options.timeout
        headers: dict[str, str] = {}
        body = bytearray()
        length: int | None = None
        if self.client.headers.get("user-agent", "").startswith("python-httpx"):
            # A caller's client keeps its own user agent, unless it is httpx's default.
            headers["user-agent"] = self.options.user_agent
        try:
            with self.client.stream("GET", url, headers=headers, follow_redirects=True) as response:
                status = response.status_code
                hdrs = tuple((k.lower(), v) for k, v in response.headers.multi_items())
                final = str(response.url)
                mtype = media_type(response.headers.get("content-type"))
                length = _content_length(response.headers.get("content-length"))
                if 200 <= status < 300 and not _acceptable(mtype):
                    # Not a page: its body is not read (it may be a large video).
                    return Rejection(url, f"not a text page (content-type {mtype})")
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > cap:
                        break
                    if time.monotonic() > deadline:
                        return Rejection(
                            url,
                            _timeout_reason(self.options.timeout)
                            + f" (read {size_label(len(body))})",
                            bytes(body),
                        )
        except httpx.TimeoutException as exc:
            return Rejection(
                url,
                f"{_timeout_reason(self.options.timeout)} ({type(exc).__name__}"
                + (f", read {size_label(len(body))})" if body else ")"),
                bytes(body[:cap]),
            )
        except httpx.RemoteProtocolError as exc:
            # Typically the server closed the connection before the body was complete.
            if length:
                why = f"connection closed after {size_label(len(body))} of {size_label(length)}"
            else:
                why = f"{_short(exc)}; read {size_label(len(body))}"
            return Rejection(url, f"incomplete response ({why})", bytes(body[:cap]))
        except httpx.TooManyRedirects:
            return Rejection(url, "too many redirects")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            return Rejection(url, f"invalid URL ({exc})")
        except httpx.ConnectError as exc:
            return Rejection(url, f"connection failed ({_short(exc)})")
        except httpx.DecodingError as exc:
            return Rejection(url, f"corrupt Content-Encoding ({_short(exc)})")
        except httpx.HTTPError as exc:
            return Rejection(
                url, f"HTTP error ({type(exc).__name__}: {_short(exc)})", bytes(body[:cap])
            )
        if not 200 <= status < 300:
            reason = f"HTTP {status} {response.reason_phrase}".rstrip()
            if final != url:
                reason += f" at {final}"
            return Rejection(url, reason, bytes(body[:cap]))
        if len(body) > cap:
            return Rejection(
                url, too_large(cap, length if length and length > cap else None), bytes(body[:cap])
            )
        return Fetched(
            asked=url, url=final, status=status, headers=hdrs, raw=bytes(body), fetched_at=utcnow()
        )


def _content_length(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def page_from_fetched(
    fetched: Fetched, *, origin: Origin, cap: int, hints: Hints = ()
) -> Page | Rejection:
    """The page in a response: HTML when the server says so, else sniffed; the charset
    from Content-Type is tried before the page's own declaration."""
    mtype = media_type(fetched.content_type)
    return make_page(
        fetched.raw,
        source=fetched.asked,
        origin=origin,
        cap=cap,
        kind="html" if mtype in HTML_TYPES else None,
        declared=[charset_from_content_type(fetched.content_type)],
        url=fetched.url,
        fetched_at=fetched.fetched_at,
        headers=fetched.headers,
        hints=hints,
    )
