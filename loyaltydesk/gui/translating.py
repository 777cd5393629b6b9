"""``tr`` for a widget split into a view and its controller (a subclass).

PySide's ``self.tr`` looks a text up in the context of the object's own class (the controller,
``TiersTab``), while ``lupdate`` files each text under the class it is written in (the view,
``TiersList``): a text of the view would never find its translation. ``Translated.tr`` looks in
the context of each class of the object's, from its own down to the view's, and takes the first
translation found."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


class Translated:
    """Mix into a view (before the Qt class): its texts and its controllers' are all found."""

    def tr(self, source: str, disambiguation: str | None = None, n: int = -1) -> str:  # type: ignore[override]
        for cls in type(self).__mro__:
            if not cls.__module__.startswith("loyaltydesk."):
                break
            text = QCoreApplication.translate(cls.__name__, source, disambiguation, n)
            if text != source:
                return text
        return QCoreApplication.translate(type(self).__name__, source, disambiguation, n)
