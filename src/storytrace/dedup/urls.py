"""URL normalization: one key for the many spellings of one page's address.

The key is for grouping copies, not for fetching: ``http`` and ``https``, ``www.``,
mobile (``m.``) and AMP variants of a page all map to the same string. It is total
(never raises, whatever the input) and idempotent (``f(f(u)) == f(u)``).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, unquote_plus

from courlan.clean import TRACKERS_RE, decode_punycode

# Query parameters that never identify the page (share/campaign tracking, AMP switches),
# on top of courlan's tracker list. Matched on the lower-cased parameter name.
_DROP_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "cmpid",
        "ocid",
        "smid",
        "smtyp",
        "cmp",
        "ito",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "sr_share",
        "at_medium",
        "at_campaign",
        "share",
        "amp",
        "outputtype",
        "output",
        "__twitter_impression",
        "spm",
    }
)
# ``output=amp`` / ``outputType=amp`` switch a page to its AMP rendering; other values
# of those names may select real content, so they are only dropped with value "amp".
_AMP_VALUED = frozenset({"outputtype", "output"})
_HOST_PREFIX = re.compile(r"^(?:www\d{0,3}|m|mobile|amp)\.(?=[^.]+\.[^.])")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$", re.DOTALL)
# "example.com/path" typed without a scheme.
_BARE_HOST = re.compile(r"^[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}(?::\d*)?(?:[/?#]|$)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_INDEX_PAGE = re.compile(r"^(?:index|default)\.(?:html?|php|aspx?|jsp)$", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"\.amp(?=\.html?$)|\.amp$", re.IGNORECASE)

_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = ":@!$'()*,;/?-._~"


def normalize_url(url: str) -> str:
    """The grouping key of ``url``: a normalized https URL, or the trimmed input when it
    is not a web URL (so that equal junk still compares equal)."""
    out = _normalize(url)
    # Junk can need a second pass (a decoded host that re-parses differently): iterate
    # to the fixed point, which real URLs reach at once.
    for _ in range(8):
        again = _normalize(out)
        if again == out:
            break
        out = again
    return out


def _normalize(url: str) -> str:
    # Control characters first, then the strip: the other order is not idempotent.
    s = _CONTROL.sub("", str(url)).encode("utf-8", "replace").decode("utf-8").strip()
    if not s:
        return ""
    if s.startswith("//"):
        s = "https:" + s
    match = _SCHEME.match(s)
    if match is None or (not match.group(2).startswith("//") and _BARE_HOST.match(s)):
        if not _BARE_HOST.match(s):
            return s
        s = "https://" + s
        match = _SCHEME.match(s)
        assert match is not None
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme not in ("http", "https") or not rest.startswith("//"):
        return f"{scheme}:{rest}"
    rest = rest[2:]
    cut = len(rest)
    for sep in "/?#":
        pos = rest.find(sep)
        if pos != -1:
            cut = min(cut, pos)
    authority, tail = rest[:cut], rest[cut:]
    host = _host(authority)
    if not host:
        return "https://" + rest
    tail, _, fragment = tail.partition("#")
    path, _, query = tail.partition("?")
    out = "https://" + host + _path(path)
    query = _query(query)
    if query:
        out += "?" + query
    if fragment.startswith("!"):  # hash-bang routes name distinct pages
        out += "#!" + quote(unquote(fragment[1:]), safe=_QUERY_SAFE + "&=")
    return out


def _host(authority: str) -> str:
    hostport = authority.rpartition("@")[2].lower()
    if hostport.startswith("["):  # IPv6 literal
        end = hostport.find("]")
        host, port = (hostport, "") if end == -1 else (hostport[: end + 1], hostport[end + 1 :])
        port = port[1:] if port.startswith(":") else port
    else:
        host, _, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
    if port.isdigit() and port.isascii() and len(port) < 8:
        port = "" if int(port) in (80, 443) else str(int(port))
    # What a re-parse would strip must go now: blanks, trailing dots, and trailing
    # colons unless a port follows (idempotence).
    host = host.strip().rstrip(". \t" if port else ". \t:")
    try:
        decoded = decode_punycode(host).lower()
    except (UnicodeError, ValueError):
        decoded = host
    if not any(c in decoded for c in "/?#@:[] "):  # decoding must not change the parse
        host = decoded
    while True:  # www.m.example.com -> example.com
        stripped = _HOST_PREFIX.sub("", host)
        if stripped == host:
            break
        host = stripped
    if not host:
        return ""
    return f"{host}:{port}" if port else host


def _path(path: str) -> str:
    """Percent-encoding normalized, dot segments and empty segments removed, no trailing
    slash, index pages and AMP variants folded into the page itself."""
    path = quote(unquote(path), safe=_PATH_SAFE)
    segments: list[str] = []
    for seg in path.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if segments:
                segments.pop()
            continue
        segments.append(seg)
    while segments:
        last = segments[-1]
        if last.lower() == "amp" or _INDEX_PAGE.match(last):
            segments.pop()
            continue
        folded = _AMP_SUFFIX.sub("", last)
        if folded == last:
            break
        if folded:
            segments[-1] = folded
        else:
            segments.pop()
    return "".join("/" + seg for seg in segments)


def _query(query: str) -> str:
    pairs: set[tuple[str, str]] = set()
    for item in query.split("&"):
        if not item:
            continue
        key, eq, value = item.partition("=")
        key = quote(unquote_plus(key), safe=_QUERY_SAFE)
        value = quote(unquote_plus(value), safe=_QUERY_SAFE + "=")
        name = key.lower()
        if not key or (
            name in _DROP_PARAMS and (name not in _AMP_VALUED or value.lower() == "amp")
        ):
            continue
        if name.startswith("utm_") or TRACKERS_RE.search(name):
            continue
        pairs.add((key, value if eq else ""))
    return "&".join(f"{k}={v}" if v else k for k, v in sorted(pairs))
