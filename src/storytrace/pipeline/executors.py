"""Interchangeable executors for the pure, costly steps of the pipeline.

An executor maps a picklable function over a list of jobs and returns the results in
order. The driver (and so the store) never leaves the calling process, so results are
the same whichever executor runs the jobs: ``local`` (this process), ``process`` (a pool
on this machine) or ``ray`` (a Ray cluster, for when one machine is not enough).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from storytrace.errors import StorytraceError

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    def map(self, fn: Callable[[T], R], jobs: Sequence[T]) -> list[R]: ...


class LocalExecutor:
    """Runs jobs one after another in this process (the default: simplest, no copies)."""

    def map(self, fn: Callable[[T], R], jobs: Sequence[T]) -> list[R]:
        return [fn(job) for job in jobs]

    def close(self) -> None:
        """Nothing to release."""


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


class ExecutorError(StorytraceError):
    """An executor cannot start (unknown name, Ray missing or unreachable)."""


def _run_batch(fn: Callable[[T], R], jobs: Sequence[T]) -> list[R]:
    return [fn(job) for job in jobs]


class RayExecutor:
    """Runs jobs as Ray tasks, a batch of jobs per task (one task per page would spend
    more time scheduling than cleaning).

    ``address`` joins a running cluster (``"auto"``, ``"ray://head:10001"``); without
    one a Ray instance is started for this process with ``workers`` CPUs (all by
    default) and stopped by :meth:`close`. Workers import storytrace themselves: on a
    cluster every node needs the same storytrace version installed.
    """

    def __init__(self, address: str | None = None, *, workers: int | None = None, batch: int = 16):
        self.address = address
        self.workers = workers
        self.batch = max(1, batch)
        self._started = False
        self._remote: Any = None

    def _ray(self) -> Any:
        try:
            import ray
        except ImportError as exc:
            raise ExecutorError(
                "executor 'ray' needs Ray: pip install 'storytrace[ray]' (or use local/process)"
            ) from exc
        if not ray.is_initialized():
            try:
                if self.address:
                    ray.init(address=self.address, log_to_driver=False, configure_logging=False)
                else:
                    ray.init(
                        num_cpus=self.workers,
                        include_dashboard=False,
                        log_to_driver=False,
                        configure_logging=False,
                    )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = self.address or "a local instance"
                raise ExecutorError(f"cannot start Ray on {where}: {exc}") from exc
            self._started = True
        if self._remote is None:
            self._remote = ray.remote(_run_batch)
        return ray

    def map(self, fn: Callable[[T], R], jobs: Sequence[T]) -> list[R]:
        if not jobs:
            return []
        ray = self._ray()
        fn_ref = ray.put(fn)  # shipped once, not once per task
        refs = [
            self._remote.remote(fn_ref, list(jobs[i : i + self.batch]))
            for i in range(0, len(jobs), self.batch)
        ]
        return [result for part in ray.get(refs) for result in part]

    def close(self) -> None:
        if self._started:
            import ray

            ray.shutdown()
            self._started = False
            self._remote = None

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


EXECUTORS = ("local", "process", "ray")


def make_executor(
    name: str, workers: int | None = None, *, address: str | None = None
) -> LocalExecutor | ProcessExecutor | RayExecutor:
    """The executor called ``name`` (one of :data:`EXECUTORS`)."""
    if name == "local":
        return LocalExecutor()
    if name == "process":
        return ProcessExecutor(workers)
    if name == "ray":
        return RayExecutor(address, workers=workers)
    raise ExecutorError(f"unknown executor {name!r}: choose one of {', '.join(EXECUTORS)}")
