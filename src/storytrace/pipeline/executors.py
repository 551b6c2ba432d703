"""Interchangeable executors for the pure, costly steps of the pipeline.

An executor maps a picklable function over a list of jobs and returns the results in
order. The driver (and so the store) never leaves the calling process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    def map(self, fn: Callable[[T], R], jobs: Sequence[T]) -> list[R]: ...


class LocalExecutor:
    """Runs jobs one after another in this process (the default: simplest, no copies)."""

    def map(self, fn: Callable[[T], R], jobs: Sequence[T]) -> list[R]:
        return [fn(job) for job in jobs]


class ProcessExecutor:
    """Runs jobs on a pool of worker processes on this machine."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], jobs: Sequence[T]) -> list[R]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        chunksize = max(1, len(jobs) // (4 * (self.workers or 2)))
        return list(self._pool.map(fn, jobs, chunksize=chunksize))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def make_executor(name: str, workers: int | None = None) -> Executor:
    """``local`` or ``process`` (``ray`` arrives with the distributed executor)."""
    if name == "local":
        return LocalExecutor()
    if name == "process":
        return ProcessExecutor(workers)
    raise ValueError(f"unknown executor {name!r}: choose local or process")
