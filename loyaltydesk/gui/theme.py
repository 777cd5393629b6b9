"""The look of the app, in one place: a palette (colours, spacing, corner radius, type scale) for a
light and a dark theme, and the style sheets of ``resources/theme/`` filled in from it.

The contract (docs/conventions.md, "The look"):

- every ``resources/theme/*.qss`` is read, ``base.qss`` first and the others sorted by name, and
  each ``@token`` in them replaced by the palette's value of that name (``@accent``, ``@surface``,
  ``@space2``, ``@font_title``…; sizes carry their unit: ``@radius`` is ``6px``). A token the
  palette does not have is an error (``ThemeError``), never a blank in a rule;
- widgets are styled only through their objectName and dynamic properties:
  ``role`` (``primary``, ``hint``, ``card``, ``badge``, ``title``, ``subtitle``, ``value``…) and
  ``tone`` (``success``, ``warning``, ``danger``, ``muted``, ``accent``) — ``set_role`` /
  ``set_tone`` set one on a widget already shown and have it styled again;
- colours that a widget paints itself (charts, a table's text, a swatch) come from ``current()``
  (the palette in force) or ``tone_color`` / ``tier_color``: never a colour code in the code.

The theme chosen is kept per PC (QSettings ``theme``; ``LOYALTYDESK_THEME`` overrides it, as
``LOYALTYDESK_LANG`` does the language) and switched from the Club menu (``main_window``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import QPoint, QRect, QRectF, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyleFactory, QWidget

from loyaltydesk import resources

THEMES = ("light", "dark")
DEFAULT = "light"
SETTING = "theme"  # the key of QSettings("LoyaltyDesk", "LoyaltyDesk") that keeps it per PC
TOKEN = re.compile(r"@([A-Za-z_][A-Za-z0-9_]*)")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


class ThemeError(ValueError):
    """A style sheet names a token that the palette does not have, or a theme that does not exist."""


@dataclass(frozen=True)
class Palette:
    """One theme's values. Colours are ``#rrggbb`` text; sizes are text with their unit, as a style
    sheet wants them (``px`` for room and corners, ``pt`` for type, so that type follows the
    compact look of a small screen)."""

    name: str
    # surfaces
    window: str  # behind everything (the page's background)
    surface: str  # a card, a field, a table
    surface_alt: str  # a table's alternate row, a header, a pressed button
    sidebar: str  # the page list
    sidebar_text: str
    sidebar_selected: str  # the page shown
    sidebar_selected_text: str
    border: str
    border_strong: str  # a field's frame in focus is the accent; this one on hover
    # ink
    text: str
    muted: str  # secondary text: a label beside a value, a period, a note
    on_accent: str  # text on the accent (a primary button)
    # the one accent and the tones
    accent: str
    accent_hover: str
    accent_soft: str  # a selected row, a hint's background
    success: str
    success_soft: str
    warning: str
    warning_soft: str
    danger: str
    danger_soft: str
    disabled: str
    star: str = "#f5a623"  # the kiosk's stars and its middle (passive) scores
    # room, corners and type
    radius: str = "6px"
    radius_large: str = "10px"
    space1: str = "4px"
    space2: str = "8px"
    space3: str = "12px"
    space4: str = "20px"
    pad: str = "4px"  # above and below a button's or a field's text
    font_small: str = "9pt"
    font_body: str = "10pt"
    font_title: str = "13pt"
    font_display: str = "20pt"
    # the series of a chart, in order
    chart1: str = "#1565c0"
    chart2: str = "#ef6c00"
    chart3: str = "#2e7d32"
    chart4: str = "#6a1b9a"
    chart5: str = "#00838f"
    chart6: str = "#ad1457"
    # the tiers' colours when a tier has none of its own (by the tier's rank)
    tier1: str = "#8d6e63"
    tier2: str = "#90a4ae"
    tier3: str = "#d4af37"
    tier4: str = "#5c6bc0"

    def tokens(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def chart_series(self) -> tuple[QColor, ...]:
        return tuple(QColor(getattr(self, f"chart{i}")) for i in range(1, 7))

    def tiers(self) -> tuple[QColor, ...]:
        return tuple(QColor(getattr(self, f"tier{i}")) for i in range(1, 5))


LIGHT = Palette(
    name="light",
    window="#f3f5f8", surface="#ffffff", surface_alt="#f7f9fb",
    sidebar="#1f2a3a", sidebar_text="#c9d3df", sidebar_selected="#2f6fd6", sidebar_selected_text="#ffffff",
    border="#d9dee5", border_strong="#aeb7c2",
    text="#1f2933", muted="#5f6b7a", on_accent="#ffffff",
    accent="#2563c9", accent_hover="#1d4fa3", accent_soft="#e3edfb",
    success="#2e7d32", success_soft="#e6f4e7",
    warning="#b45309", warning_soft="#fdf1e2",
    danger="#c62828", danger_soft="#fbe9e9",
    disabled="#9aa5b1",
)

DARK = replace(
    LIGHT,
    name="dark",
    window="#161b22", surface="#1f262f", surface_alt="#252d38",
    sidebar="#10141a", sidebar_text="#aab6c4", sidebar_selected="#3b7be0", sidebar_selected_text="#ffffff",
    border="#323c48", border_strong="#4b5868",
    text="#e6ebf1", muted="#98a4b3", on_accent="#ffffff",
    accent="#4c8df0", accent_hover="#6aa1f4", accent_soft="#213553",
    success="#5cb860", success_soft="#1d3322",
    warning="#f0a045", warning_soft="#3a2c17",
    danger="#ef6461", danger_soft="#3d1f21",
    disabled="#5f6b7a",
    chart1="#64a0f0", chart2="#f5a04a", chart3="#6cc070", chart4="#b47ad8", chart5="#3fc1c9", chart6="#e06c9f",
)

PALETTES: dict[str, Palette] = {p.name: p for p in (LIGHT, DARK)}
# a small screen (app.fit_to_screen: 1024×600) gets less room and smaller type, in either theme
COMPACT = {"space1": "2px", "space2": "4px", "space3": "8px", "space4": "12px", "pad": "1px",
           "font_small": "8pt", "font_body": "9pt", "font_title": "11pt", "font_display": "16pt",
           "radius_large": "8px"}
TONES = ("success", "warning", "danger", "muted", "accent")
PAPER = "#ffffff"  # what is printed (a preview's page) is on white paper, whatever the theme

_current: Palette = LIGHT
_compact = False


def current() -> Palette:
    """The palette in force (the light one until ``apply`` says otherwise)."""
    return _current


def palette(name: str, compact: bool = False) -> Palette:
    """The palette of theme ``name`` (``compact``: with the small screen's room and type)."""
    try:
        pal = PALETTES[name]
    except KeyError:
        raise ThemeError(f"no theme {name!r}; there are {THEMES}") from None
    return replace(pal, **COMPACT) if compact else pal


def color(token: str) -> QColor:
    """A colour of the palette in force by its token's name (``color("muted")``)."""
    value = current().tokens().get(token)
    if value is None or not value.startswith("#"):
        raise ThemeError(f"no colour {token!r} in the palette")
    return QColor(value)


def tone_color(tone: str) -> QColor:
    """The colour of a tone (``success``, ``warning``, ``danger``, ``muted``, ``accent``) for text
    that a widget paints itself (a table's cell)."""
    if tone not in TONES:
        raise ThemeError(f"no tone {tone!r}; there are {TONES}")
    return color(tone)


def tier_color(value: str | int | None) -> QColor:
    """A tier's colour: the one the club chose for it (the tier's ``color`` field), or, for a tier
    without one (empty, or its rank given as an int), the palette's colour for its rank."""
    if isinstance(value, str) and value:
        chosen = QColor(value)
        if chosen.isValid():
            return chosen
    tiers = current().tiers()
    return tiers[value % len(tiers)] if isinstance(value, int) else tiers[0]


def on_color(background: QColor) -> QColor:
    """Text that reads on ``background``: near black on a light colour, white on a dark one."""
    return QColor(LIGHT.text if background.lightness() > 150 else "#ffffff")


# --- the style sheets -------------------------------------------------------------------------------


def sheet_files() -> list:
    """Every resources/theme/*.qss, base.qss first, then the others sorted by name."""
    folder = resources.path("theme")
    files = sorted(folder.glob("*.qss"), key=lambda p: (p.name != "base.qss", p.name))
    return files


def all_tokens(pal: Palette) -> dict[str, str]:
    """What a style sheet may name: the palette's fields, and ``theme_dir`` (the folder of the
    sheets, for an image: ``url("@theme_dir/arrows/arrow-down-@name.png")``)."""
    return {**pal.tokens(), "theme_dir": resources.path("theme").as_posix()}


def tokens_in(text: str) -> set[str]:
    """The names of the ``@token``s of a style sheet (not those of its comments)."""
    return set(TOKEN.findall(COMMENT.sub("", text)))


def fill(text: str, pal: Palette, source: str = "", extra: dict[str, str] | None = None) -> str:
    """``text`` (less its comments) with each ``@token`` replaced by the palette's value (or one of
    ``extra``); an unknown one is an error."""
    tokens = {**all_tokens(pal), **(extra or {})}
    text = COMMENT.sub("", text)
    unknown = sorted(tokens_in(text) - set(tokens))
    if unknown:
        where = f" in {source}" if source else ""
        raise ThemeError(f"unknown theme token(s){where}: {', '.join('@' + t for t in unknown)}")
    return TOKEN.sub(lambda m: tokens[m.group(1)], text)


def style_sheet(name: str = DEFAULT, compact: bool = False) -> str:
    """The whole style sheet of theme ``name``: every resources/theme/*.qss filled in."""
    pal = palette(name, compact)
    return "\n".join(fill(p.read_text(encoding="utf-8"), pal, p.name) for p in sheet_files())


def kiosk_sheet(sizes: dict[str, int]) -> str:
    """The kiosk's sheet (resources/theme/kiosk/kiosk.qss) for a screen: the palette's tokens and
    ``sizes`` (px, by name: ``text`` fills ``@k_text``)."""
    source = resources.path("theme", "kiosk", "kiosk.qss")
    return fill(source.read_text(encoding="utf-8"), current(), source.name,
                {f"k_{name}": f"{value}px" for name, value in sizes.items()})


def style_kiosk(window: QWidget, sizes: dict[str, int]) -> None:
    """Put the kiosk's sheet for these sizes on its window (it is sized from its own screen)."""
    window.setStyleSheet(kiosk_sheet(sizes))


def chosen() -> str:
    """The theme to use on this PC: ``LOYALTYDESK_THEME``, else the one saved, else light."""
    name = os.environ.get("LOYALTYDESK_THEME") or str(QSettings("LoyaltyDesk", "LoyaltyDesk").value(SETTING, DEFAULT))
    return name if name in PALETTES else DEFAULT


def save(name: str) -> None:
    """Keep ``name`` as this PC's theme (the next start uses it)."""
    palette(name)
    QSettings("LoyaltyDesk", "LoyaltyDesk").setValue(SETTING, name)


def qpalette(pal: Palette) -> QPalette:
    """The Qt palette of a theme, for what the style sheet does not reach (a painted widget, a
    native dialog's parts, the disabled state)."""
    qp = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, value in ((role.Window, pal.window), (role.WindowText, pal.text), (role.Base, pal.surface),
                     (role.AlternateBase, pal.surface_alt), (role.Text, pal.text), (role.Button, pal.surface),
                     (role.ButtonText, pal.text), (role.Highlight, pal.accent), (role.HighlightedText, pal.on_accent),
                     (role.ToolTipBase, pal.surface), (role.ToolTipText, pal.text), (role.PlaceholderText, pal.muted),
                     (role.Link, pal.accent), (role.Mid, pal.border), (role.Midlight, pal.surface_alt),
                     (role.Dark, pal.border_strong), (role.Shadow, pal.border_strong), (role.Light, pal.surface),
                     (role.BrightText, pal.danger)):
        qp.setColor(r, QColor(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        qp.setColor(group.Disabled, r, QColor(pal.disabled))
    return qp


def apply(app: QApplication, name: str | None = None, compact: bool | None = None) -> Palette:
    """Put theme ``name`` (or this PC's choice) on the whole app: Fusion (the same look on every
    desktop, and one that follows a palette), the Qt palette and the style sheet. ``compact`` (the
    small screen's room: ``app.fit_to_screen``) stays as it was when not given. Returns the palette."""
    global _current, _compact
    if compact is not None:
        _compact = compact
    pal = palette(name or chosen(), _compact)
    sheet = style_sheet(pal.name, _compact)
    style = app.style()
    if "fusion" not in style.name().lower() and not isinstance(style, QProxyStyle):  # (app.CompactStyle wraps one)
        app.setStyle(QStyleFactory.create("Fusion"))
    _current = pal
    app.setPalette(qpalette(pal))
    app.setStyleSheet(sheet)
    return pal


def take_off(app: QApplication) -> None:
    """The app without its style sheet, while its font or style changes (``app.fit_to_screen``:
    set under a sheet, they do not reach the widgets); ``apply`` puts the theme back."""
    app.setStyleSheet("")


def repolish(widget: QWidget) -> None:
    """Style ``widget`` again after one of its properties changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_role(widget: QWidget, role: str | None) -> QWidget:
    """``widget``'s ``role`` (see the module's doc), styled at once; ``None`` takes it off."""
    widget.setProperty("role", role or "")
    repolish(widget)
    return widget


def set_tone(widget: QWidget, tone: str | None) -> QWidget:
    """``widget``'s ``tone`` (``success``, ``warning``, ``danger``, ``muted``, ``accent``, or
    ``None`` for none), styled at once."""
    if tone is not None and tone not in TONES:
        raise ThemeError(f"no tone {tone!r}; there are {TONES}")
    widget.setProperty("tone", tone or "")
    repolish(widget)
    return widget


# --- icons ---------------------------------------------------------------------------------------------

ICONS = {  # what an icon shows -> its name in qtawesome's fonts (they ship in its wheel: no network)
    "cashier": "mdi6.cash-register", "home": "mdi6.view-dashboard-outline", "members": "mdi6.account-group-outline",
    "settings": "mdi6.cog-outline", "users": "mdi6.account-key-outline", "analytics": "mdi6.chart-box-outline",
    "followup": "mdi6.phone-in-talk-outline", "campaigns": "mdi6.bullhorn-outline", "offers": "mdi6.gift-outline",
    "messages": "mdi6.message-text-outline", "password": "mdi6.lock-reset", "backup": "mdi6.database-export-outline",
    "kiosk": "mdi6.star-face", "sign_out": "mdi6.logout", "quit": "mdi6.exit-run", "about": "mdi6.information-outline",
    "theme": "mdi6.theme-light-dark", "sign_in": "mdi6.login", "search": "mdi6.magnify", "add": "mdi6.plus",
    "print": "mdi6.printer-outline", "save": "mdi6.content-save-outline", "refresh": "mdi6.refresh",
    "export": "mdi6.file-export-outline", "import": "mdi6.file-import-outline", "member": "mdi6.account-outline",
}
FALLBACK_ICON = "mdi6.circle-medium"


MDI6 = "materialdesignicons6-webfont-"  # the font's file is MDI6 + version + .ttf, its charmap MDI6 + charmap-version.json
_glyphs: tuple[str, dict[str, str]] | None = None  # mdi6's font family and its charmap, once loaded


def qtawesome_fonts() -> Path | None:
    """qtawesome's fonts folder (in its wheel, or beside the built program), found without importing
    qtawesome: importing it loads qtpy and then every font it has (~0.3 s at start)."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None:
        return None
    places = list(spec.submodule_search_locations or []) or ([str(Path(spec.origin).parent)] if spec.origin else [])
    return next((Path(p) / "fonts" for p in places if (Path(p) / "fonts").is_dir()), None)


def mdi6() -> tuple[str, dict[str, str]] | None:
    """The Material Design Icons 6 font (the only one our icons use) loaded into Qt, and its charmap
    (a name -> its code point, in hex); None when qtawesome's fonts cannot be found."""
    global _glyphs
    if _glyphs is None:
        folder = qtawesome_fonts()
        names = sorted(n for n in os.listdir(folder) if n.startswith(MDI6)) if folder else []  # (glob: 0.1 s)
        fonts = [n for n in names if n.endswith(".ttf")]
        maps = [n for n in names if n.startswith(MDI6 + "charmap-") and n.endswith(".json")]
        if folder is None or not fonts or not maps:
            return None
        families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(folder / fonts[-1])))
        if not families:
            return None
        charmap = json.loads((folder / maps[-1]).read_text(encoding="utf-8"))  # (hex text: read when drawn)
        _glyphs = (families[0], charmap)
    return _glyphs


class GlyphIcon(QIconEngine):
    """An icon drawn from a font's glyph in the palette's colour ``tone`` (``selected`` for the item
    selected, ``disabled`` when disabled), read from the palette in force each time it is painted: a
    theme switched live (Club > Look) reaches every icon already on screen, the menus' included."""

    def __init__(self, family: str, char: str, tone: str, selected: str | None = None):
        super().__init__()
        self.family, self.char, self.tone, self.selected = family, char, tone, selected

    def color(self, mode: QIcon.Mode) -> QColor:
        pal = current().tokens()
        if mode == QIcon.Mode.Disabled:
            return QColor(pal["disabled"])
        if mode == QIcon.Mode.Selected and self.selected is not None:
            return QColor(pal[self.selected])
        return QColor(pal[self.tone])

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        font = QFont(self.family)
        font.setPixelSize(max(1, round(0.875 * rect.height())))  # as qtawesome draws them
        painter.save()
        painter.setFont(font)
        painter.setPen(self.color(mode))
        painter.drawText(QRectF(rect), Qt.AlignmentFlag.AlignCenter, self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        """The copy Qt asks for when an icon is changed (``addPixmap``). PySide leaves it owned by
        Python, so it is kept here until Qt deletes it (then its wrapper is no longer valid)."""
        copy = GlyphIcon(self.family, self.char, self.tone, self.selected)
        _clones[:] = [c for c in _clones if shiboken6.isValid(c)] + [copy]
        return copy


_clones: list[GlyphIcon] = []


def icon(what: str, tone: str = "text", selected: str | None = None) -> QIcon:
    """The icon ``what`` (a key of ``ICONS``, or an ``mdi6.`` name) in the palette's colour ``tone``
    (and ``selected`` when its item is the one selected: the page list), following the theme in
    force. Drawn from mdi6's font alone (loaded on the first icon); through qtawesome, which loads
    all its fonts, only if that font cannot be found."""
    name = ICONS.get(what, what)
    glyphs = mdi6()
    if glyphs is not None:
        family, charmap = glyphs
        code = charmap.get(name.removeprefix("mdi6."), charmap[FALLBACK_ICON.removeprefix("mdi6.")])
        return QIcon(GlyphIcon(family, chr(int(code, 16)), tone, selected))
    import qtawesome  # (a build without qtawesome's data files: its own loading, all fonts)

    pal = current().tokens()
    options = {"color": pal[tone], "color_disabled": pal["disabled"]}
    if selected is not None:
        options["color_selected"] = pal[selected]
        options["color_active"] = pal[tone]
    try:
        return qtawesome.icon(name, **options)
    except Exception:  # a page without an icon of its own (qtawesome names no such icon)
        return qtawesome.icon(FALLBACK_ICON, **options)
