"""Several processes and threads on one store: concurrent opens migrate once, writers
wait for each other instead of failing, and batches are per thread."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from storytrace.records import Page
from storytrace.store import Store, migrate

WRITER = """
import sys
from storytrace.records import Page
from storytrace.store import Store

target, tag = sys.argv[1], sys.argv[2]
store = Store.open(target)
for batch in range(10):
    with store.transaction():
        for i in range(10):
            n = batch * 10 + i
            # even pages are written by both processes (same bytes), odd ones are their own
            body = f"shared {n}" if n % 2 == 0 else f"{tag} {n}"
            store.add_page(Page(raw=body.encode(), source=f"{tag}-{n}", origin="file"))
store.close()
print("ok")
"""

OPENER = """
import sys
from storytrace.store import Store
Store.open(sys.argv[1]).close()
print("ok")
"""


def _run_all(script: str, *argvs: list[str]) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in argvs
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        assert out.strip() == "ok"


def test_concurrent_opens_migrate_once(store_url: str) -> None:
    _run_all(OPENER, [store_url], [store_url])
    with Store.open(store_url) as store:
        assert migrate.current(store.engine) == migrate.head()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1


def test_concurrent_writers(store_url: str) -> None:
    Store.open(store_url).close()
    _run_all(WRITER, [store_url, "a"], [store_url, "b"])
    with Store.open(store_url) as store:
        # 50 shared pages once, 50 own pages per process
        assert store.count_pages() == 150


def test_transactions_are_per_thread(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    with Store.open(tmp_path / "threads.db") as store:

        def work(tag: str) -> None:
            try:
                for batch in range(5):
                    with store.transaction():
                        for i in range(10):
                            body = f"{tag} {batch} {i}".encode()
                            store.add_page(Page(raw=body, source=tag, origin="file"))
            except BaseException as exc:  # reported below: a thread cannot fail the test
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(t,)) for t in ("x", "y", "z")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert store.count_pages() == 150
