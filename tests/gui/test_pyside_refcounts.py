"""PySide6 6.12.0 dropped a reference to True on every ``Signal.emit()`` from Python and to None on
every C++ signal delivered to a Python slot; after a few thousand the interpreter aborts with
"bool_dealloc: deallocating True". pyproject.toml keeps PySide6 below 6.12; this test catches any
version with the same fault before it reaches a shop."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit


class Emitter(QObject):
    fired = Signal(object)


def test_emits_and_slots_keep_true_false_and_none_alive(qapp):
    emitter = Emitter()
    emitter.fired.connect(lambda value: None)
    edit = QLineEdit()
    edit.textChanged.connect(lambda text: None)
    before = [sys.getrefcount(x) for x in (True, False, None)]
    for i in range(500):
        emitter.fired.emit(i)
        edit.setText(str(i))
    after = [sys.getrefcount(x) for x in (True, False, None)]
    assert all(a >= b - 50 for a, b in zip(after, before)), (before, after)
