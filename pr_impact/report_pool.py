"""Classify a stream of merged PRs for the digest, on every core once there are enough of them.

git streams the history on one core while this process parses it; classifying each PR is pure CPU
work, so batches of PRs go to worker processes forked with the compiled config already in memory
(nothing but PRs in and digest lines out crosses a pipe). A short window never starts a worker.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor

from pr_impact.adapters.git_history import MergedPR
from pr_impact.core.config import Config
from pr_impact.core.digest import DigestPR, Entry, digest_pr
from pr_impact.core.engine import classify

BATCH = 32  # PRs per task: enough to make a task's pickling small beside its classification

_config: Config | None = None  # what forked workers classify with (set before they are forked)


def _classify(batch: list[MergedPR]) -> list[DigestPR]:
    """One batch, in a worker or in this process."""
    assert _config is not None
    return [digest_pr(Entry(classify(m.pr, _config), m.merged_at)) for m in batch]


def default_workers() -> int:
    """Workers to use: the cores this process may run on; 1 off Linux, where forking is either
    impossible (Windows) or unsafe once system frameworks are loaded (macOS)."""
    if not sys.platform.startswith("linux"):
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def classify_stream(merged: Iterable[MergedPR], config: Config, workers: int | None = None) -> list[DigestPR]:
    """Every PR's digest line, in the stream's order. With more than one worker, batches after the
    first go to forked workers while the stream is still being read."""
    global _config
    _config = config
    workers = default_workers() if workers is None else workers
    done: list[DigestPR] = []
    futures: list[Future[list[DigestPR]]] = []
    pool: ProcessPoolExecutor | None = None
    batch: list[MergedPR] = []
    try:
        for item in merged:
            batch.append(item)
            if len(batch) < BATCH:
                continue
            if pool is None and workers > 1:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            if pool is None:
                done += _classify(batch)
            else:
                futures.append(pool.submit(_classify, batch))
            batch = []
        done += _classify(batch)  # the last, short batch here while the workers finish theirs
        tail = done[-len(batch):] if batch else []
        head = done[: len(done) - len(tail)]
        return head + [pr for f in futures for pr in f.result()] + tail
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
