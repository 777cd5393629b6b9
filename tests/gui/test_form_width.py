"""The forms of the club's settings and of the offers keep their fields near their labels: on a
wide page a field grows up to ``widgets.field_width``, never across the page."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from loyaltydesk.gui.widgets import ProblemForm, field_width

from .conftest import owner_window, wait_idle


def form_fields(page) -> list:
    fields = []
    for form in page.findChildren(ProblemForm):
        for row in range(form.rowCount()):
            item = form.itemAt(row, ProblemForm.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is not None and not isinstance(widget, QLabel):  # (a problem's line under its field)
                fields.append(widget)
    return fields


@pytest.mark.parametrize("name", ["settings", "offers"])
def test_form_fields_stay_near_their_labels_on_a_wide_page(qtbot, runner, name, shot):
    window, page = owner_window(qtbot, runner, name)
    window.resize(1920, 1080)
    wait_idle(qtbot, runner)
    fields = form_fields(page)
    assert len(fields) >= 5, name
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        wait_idle(qtbot, runner)
        for field in fields:
            if field.isVisible():
                assert field.width() <= field_width(field), (name, field.objectName())
                assert field.width() < page.width() / 3, (name, field.objectName())
        shot(window, f"form-width-{name}-{index}")
