"""One piece of work per file, over many files, on worker processes: what a folder command shares.

:func:`run_each` calls ``work(state, path)`` for every path and returns the outcomes in the order of
the paths.  It is built for folders of thousands of files on a machine with few cores:

* **load once**: ``state`` (a rule book, templates…) is built once in the calling process and the
  workers are forked from it, so each worker starts with it loaded and nothing is pickled to them
  but paths; or, given as :class:`Lazy`, it is built by each worker on its first file, so that the
  workers load it side by side, on all cores, while the command lists, sizes and sends the files
  (the command itself then never loads it);
* **balance**: the files go out in small batches, largest first, so no worker is left with a long
  tail while the others idle;
* **isolation**: an exception on one file becomes a :class:`Failure` for that file (its traceback
  kept for the internal-error log) and the others go on; a worker that dies (a crash inside a
  native library, memory) loses only its batch, whose files are then retried one at a time, so the
  file that kills a worker fails alone;
* **progress**: ``advance(n)`` is called as files finish (the caller draws a bar, on stderr).

Few files (fewer than four per job) are done in this process: starting workers would cost more.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Any, Callable

from jixiao.io_util import file_size

#: what the workers were forked with (set in the parent just before the pool starts)
_STATE: Any = None
_WORK: Callable[[Any, str], Any] | None = None
#: files per batch at most: small enough to balance, large enough that a batch costs more than its trip
MAX_BATCH = 16
#: what a file whose worker died is reported as
WORKER_DIED = "审核进程意外退出（文件可能触发了底层库的崩溃或耗尽内存），该文件未能处理"


class Lazy:
    """State built the first time a process asks for it (:meth:`get`), once per process: a worker forked
    before it was built builds its own (see :func:`run_each`)."""

    def __init__(self, make: Callable[..., Any], *args: Any) -> None:
        self._make, self._args = make, args
        self._value: Any = None
        self._built = False

    def get(self) -> Any:
        if not self._built:
            self._value, self._built = self._make(*self._args), True
        return self._value


@dataclass(frozen=True)
class Failure:
    """A file whose work raised (a bug, ``detail`` holding the traceback) or killed its worker."""

    path: str
    reason: str          # one line, Chinese
    detail: str = ""     # the traceback, for the internal-error log


def run_each(work: Callable[[Any, str], Any], state: Any, paths: list[str], jobs: int,
             advance: Callable[[int], None] | None = None) -> list[Any]:
    """``work(state, path)`` for each path (a module-level function), in path order; a path whose
    work raised or killed its worker gives a :class:`Failure` instead."""
    done = advance or (lambda n: None)
    if jobs <= 1 or len(paths) < 4 * jobs or not _can_fork():
        out = []
        for path in paths:
            out.append(_safely(work, state, path))
            done(1)
        return out
    global _STATE, _WORK
    _STATE, _WORK = state, work
    try:
        results: list[Any] = [None] * len(paths)
        order = sorted(range(len(paths)), key=lambda i: -file_size(paths[i]))
        size = max(1, min(MAX_BATCH, len(paths) // (jobs * 8)))
        lost = _pool_round(paths, [order[i:i + size] for i in range(0, len(order), size)], jobs, results, done)
        if lost:  # a worker died: its batches again, one file per task, in a fresh pool
            lost = _pool_round(paths, [[i] for i in lost], jobs, results, done)
        for index in lost:  # still lost: each alone in its own worker, to find the file that kills one
            if not _pool_round(paths, [[index]], 1, results, done):
                continue
            results[index] = Failure(paths[index], WORKER_DIED)
            done(1)
        return results
    finally:
        _STATE, _WORK = None, None


def _pool_round(paths: list[str], batches: list[list[int]], jobs: int, results: list[Any],
                done: Callable[[int], None]) -> list[int]:
    """Run the batches on a pool of ``jobs`` workers, filling ``results``; the indexes whose batch
    was lost with a dying worker."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    lost: list[int] = []
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(min(jobs, len(batches)), mp_context=context) as pool:
        pending = {pool.submit(_batch, [paths[i] for i in batch]): batch for batch in batches}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = pending.pop(future)
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    lost += batch
                    continue
                for index, outcome in zip(batch, outcomes):
                    results[index] = outcome
                done(len(batch))
    return sorted(lost)


def _batch(paths: list[str]) -> list[Any]:
    assert _WORK is not None
    return [_safely(_WORK, _STATE, path) for path in paths]


def _safely(work: Callable[[Any, str], Any], state: Any, path: str) -> Any:
    try:
        return work(state, path)
    except Exception as exc:  # a bug on this file: reported as such (exit 3), the other files go on
        return Failure(path, f"内部错误（{type(exc).__name__}），不是输入文件的问题", traceback.format_exc())


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
