"""The check's read-ahead of a cold club file (issue 21: at a million members a check read page by
page from a cold file waited 16 s of its minute on the disk): two readers, each a half of the file,
in large pieces, only when the file fits in half the memory available; a stopped check stops them."""

from __future__ import annotations

import os
import threading

import pytest

from loyaltydesk.store import invariants


@pytest.mark.sqlite_only
def test_the_file_is_read_ahead_to_its_end_and_a_stop_ends_the_readers(db, monkeypatch):
    reads: list[int] = []
    real_open = open

    class Counting:
        def __init__(self, f):
            self.f = f

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def readinto(self, buffer):
            got = self.f.readinto(buffer)
            reads.append(got)
            return got

    monkeypatch.setattr("builtins.open", lambda path, *a, **k: Counting(real_open(path, *a, **k))
                        if str(path) == db.path else real_open(path, *a, **k))
    stop = threading.Event()
    readers = invariants.read_ahead(db, stop, chunk=4096)
    assert len(readers) == 2
    for thread in readers:
        thread.join(timeout=10)
    assert sum(reads) == os.path.getsize(db.path)  # every byte once, by the two halves


@pytest.mark.sqlite_only
def test_no_read_ahead_of_a_file_larger_than_half_the_memory_available(db, monkeypatch):
    monkeypatch.setattr(invariants, "_available_memory", lambda: 1024)
    assert invariants.read_ahead(db, threading.Event()) == []
    monkeypatch.setattr(invariants, "_available_memory", lambda: None)  # a system that does not say
    assert invariants.read_ahead(db, threading.Event()) == []


def test_a_stopped_read_ahead_reads_no_more(db, monkeypatch):
    if db.engine == "postgresql":
        assert invariants.read_ahead(db, threading.Event()) == []  # the server reads its own files
        return
    stop = threading.Event()
    stop.set()
    for thread in invariants.read_ahead(db, stop):
        thread.join(timeout=10)
        assert not thread.is_alive()
