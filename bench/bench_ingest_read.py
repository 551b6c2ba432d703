"""Read N synthetic pages through the ingest stage alone (no store, no cleaning): a
directory of HTML files, a JSONL.gz and a WARC.gz. Prints pages/s, MB/s and peak memory.

    .venv/bin/python bench/bench_ingest_read.py [N=3000]

Peak memory is the process's maximum resident set size after each format; it stays flat
as N grows because containers are streamed (pages are counted, not kept).
"""

from __future__ import annotations

import gzip
import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from machine import describe
from synth import page


def write_inputs(root: Path, n: int) -> dict[str, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = root / "pages"
    folder.mkdir()
    jsonl = root / "pages.jsonl.gz"
    warc = root / "pages.warc.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as jf, warc.open("wb") as wf:
        writer = WARCWriter(wf, gzip=True)
        for i in range(n):
            url, html = page(i)
            raw = html.encode()
            (folder / f"{i:06d}.html").write_bytes(raw)
            jf.write(json.dumps({"url": url, "html": html}) + "\n")
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(raw), http_headers=http
                )
            )
    return {"directory": folder, "jsonl.gz": jsonl, "warc.gz": warc}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    from storytrace.ingest import iter_inputs
    from storytrace.records import Page

    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_inputs(Path(tmp), n)
        for name, path in inputs.items():
            t0 = time.perf_counter()
            pages = rejected = size = 0
            for item in iter_inputs([str(path)]):
                if isinstance(item, Page):
                    pages += 1
                    size += len(item.raw)
                else:
                    rejected += 1
            elapsed = time.perf_counter() - t0
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{name:9s}: {pages} pages ({rejected} rejected) in {elapsed:.2f} s = "
                f"{pages / elapsed:,.0f} pages/s, {size / 1e6 / elapsed:.1f} MB/s of page bytes; "
                f"peak RSS {peak:.0f} MB"
            )


if __name__ == "__main__":
    main()
