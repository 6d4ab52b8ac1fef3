"""The diff pauses Python's cyclic garbage collector and always leaves it as it found it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

import policyversions as pv
from conftest import CORPUS
from policyversions.compare.matching import cycle_collection_paused


@pytest.fixture(autouse=True)
def restore_gc() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_diff_leaves_the_collector_running_or_stopped_as_it_was() -> None:
    old = pv.load(CORPUS / "contributor-covenant" / "en-1.4.md")
    new = pv.load(CORPUS / "contributor-covenant" / "en-2.0.md")
    gc.enable()
    pv.diff(old, new)
    assert gc.isenabled()
    gc.disable()
    pv.diff(old, new)
    assert not gc.isenabled()


def test_the_collector_restarts_after_an_error() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), cycle_collection_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_overlapping_pauses_in_threads_restart_it_once_the_last_ends() -> None:
    gc.enable()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with cycle_collection_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with cycle_collection_paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first pause ended, this one still runs

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [False]
    assert gc.isenabled()
