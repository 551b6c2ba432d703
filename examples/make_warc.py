"""Build the example WARC files from the HTML sources in ``warc_src/``.

Usage: ``.venv/bin/python examples/make_warc.py [OUT_DIR]`` (default: this folder).

Which page goes into which archive, at which URL and fetch time, comes from
``MANIFEST.json`` (pages whose format is "warc"), so the manifest and the archives
cannot drift apart. The output is reproducible: record ids are derived from the URL
and fetch time, and every date comes from the manifest, never from the clock.
Each page is encoded in the charset its manifest entry names (the Talpost pages are
ISO-8859-1, as many older German sites are), so ingest sees a realistic payload.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections import defaultdict
from datetime import datetime
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
CRAWLER = "storytrace-examples/1.0 (fictional crawl for the bundled demo)"


def _record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '#'.join(parts))}>"


def _warc_date(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%Y-%m-%dT%H:%M:%SZ")


def _http_date(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso), usegmt=True)


def payload(page: dict[str, Any], root: Path = HERE) -> bytes:
    """The HTTP body of a page: its source HTML in the charset the manifest names.

    Characters the charset lacks become numeric references (``&#8222;``), as a
    Latin-1 CMS would write them.
    """
    html = (root / page["source"]).read_text(encoding="utf-8")
    return html.encode(page["warc"]["charset"], errors="xmlcharrefreplace")


def write_archive(path: Path, pages: list[dict[str, Any]], root: Path = HERE) -> None:
    """Write one gzipped WARC: a warcinfo record, then a request/response pair per page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = sorted(pages, key=lambda p: p["warc"]["fetched_at"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record(
            path.name,
            {
                "software": CRAWLER,
                "format": "WARC File Format 1.0",
                "description": "Fictional news pages bundled with storytrace (see MANIFEST.json)",
            },
        )
        first = pages[0]["warc"]["fetched_at"]
        info.rec_headers.replace_header("WARC-Record-ID", _record_id(path.name, first))
        info.rec_headers.replace_header("WARC-Date", _warc_date(first))
        writer.write_record(info)
        for page in pages:
            meta = page["warc"]
            url, fetched = page["url"], meta["fetched_at"]
            parts = urlsplit(url)
            response_id = _record_id(url, fetched, "response")
            request = writer.create_warc_record(
                url,
                "request",
                payload=BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    f"GET {parts.path} HTTP/1.1",
                    [
                        ("Host", parts.netloc),
                        ("User-Agent", CRAWLER),
                        ("Accept", "text/html,application/xhtml+xml"),
                        ("Accept-Encoding", "identity"),
                    ],
                    is_http_request=True,
                ),
                warc_headers_dict={
                    "WARC-Record-ID": _record_id(url, fetched, "request"),
                    "WARC-Date": _warc_date(fetched),
                    "WARC-Concurrent-To": response_id,
                },
            )
            body = payload(page, root)
            headers = [
                ("Date", _http_date(fetched)),
                ("Server", meta["server"]),
                ("Content-Type", f"text/html; charset={meta['charset']}"),
                ("Content-Length", str(len(body))),
            ]
            if meta.get("last_modified"):
                headers.append(("Last-Modified", _http_date(meta["last_modified"])))
            headers.append(("Cache-Control", "max-age=60"))
            response = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                warc_headers_dict={
                    "WARC-Record-ID": response_id,
                    "WARC-Date": _warc_date(fetched),
                },
            )
            writer.write_record(request)
            writer.write_record(response)


def build(out_dir: Path = HERE, root: Path = HERE) -> list[Path]:
    """Write every archive the manifest names under ``out_dir``; return their paths."""
    manifest = json.loads((root / "MANIFEST.json").read_text(encoding="utf-8"))
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for page in manifest["pages"]:
        if page["format"] == "warc":
            by_file[page["file"]].append(page)
    written = []
    for name, pages in sorted(by_file.items()):
        target = out_dir / name
        write_archive(target, pages, root)
        written.append(target)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for p in build(out):
        print(f"wrote {p}")
