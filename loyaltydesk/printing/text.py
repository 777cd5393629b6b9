"""Persian text in PDFs (and in receipt rasters): the one module that knows how.

ReportLab alone draws Persian as unjoined letters in the wrong order (its own bidi needs ``rlbidi``,
which the registry lacks). So a line goes through three steps here, the same ones Qt takes:

1. **bidi**: the Unicode bidirectional algorithm gives every character an embedding level
   (python-bidi's Rust implementation, with isolates and bracket pairs; see ``bidi_levels``);
2. **runs**: the line is cut into runs of one level; the runs are put in visual order (rule L2);
3. **shaping**: uharfbuzz shapes each run in its own direction with Vazirmatn (joining forms,
   lam-alef, kerning, mirrored brackets in right-to-left runs).

The glyphs are then drawn left to right at the positions HarfBuzz gave. ReportLab embeds a TrueType
font by *characters*, so each glyph is drawn through a character that maps to it: the font's own
``cmap`` entry where it has one (Vazirmatn encodes the Arabic presentation forms) or a private-use
code point for the few glyphs the font leaves unencoded (``uniFBFE.long4`` and friends). The PDF's
``ToUnicode`` map sends every such code back to plain Persian letters, so text extraction
(``pdftotext``, copy and paste, search) gives the logical text, not presentation forms.

Card numbers and mobiles must stay left to right inside Persian text: wrap them with ``ltr()``
(LRI … PDI), or shape them with ``base="ltr"``.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb
from bidi import get_display as _rust_display
from bidi import algorithm as _pybidi
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from loyaltydesk.resources import FONT_BOLD, FONT_MEDIUM, FONT_REGULAR

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ZWNJ = "\u200c"

FONT_FILES = {"regular": FONT_REGULAR, "medium": FONT_MEDIUM, "bold": FONT_BOLD}
FONT_NAMES = {"regular": "Vazirmatn", "medium": "Vazirmatn-Medium", "bold": "Vazirmatn-Bold"}
_PRIVATE_FIRST, _PRIVATE_LAST = 0xF0000, 0xFFFFD  # plane 15: never in a Persian name
_FEATURES = {"kern": True, "liga": True}


def ltr(text: str) -> str:
    """``text`` kept left to right inside a right-to-left line (card numbers, mobiles, codes)."""
    return f"{LRI}{text}{PDI}"


# --- fonts ---------------------------------------------------------------------------------------


def _plain(code: int) -> str:
    """The plain letters a font's character stands for (presentation forms decomposed)."""
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return unicodedata.normalize("NFKC", chr(code))
    return chr(code)


def _to_unicode_text(code: int, private: dict[int, str]) -> str:
    """What a drawn code means as text: presentation forms back to plain letters.

    A glyph that stands for several right-to-left letters (lam-alef: ``لا``) gets them in visual
    order: extractors (poppler, pdf.js) put the glyphs' texts side by side in visual order and then
    reverse right-to-left stretches character by character, which turns them back to logical.
    """
    if code in private:
        meaning = private[code]
    elif 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        meaning = _plain(code)
    else:
        return chr(code)
    if len(meaning) > 1 and any(unicodedata.bidirectional(c) in ("AL", "R") for c in meaning):
        meaning = meaning[::-1]
    return meaning


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


class ShapingFont(TTFont):
    """A reportlab TTFont that can draw any glyph of the font and says what each one means.

    ``char_for(gid, text)`` returns the character to draw glyph ``gid`` with: the lowest code point
    the font maps to it, or a private-use one added to the face for an unencoded glyph. The PDF
    ``ToUnicode`` map gives plain letters for presentation forms and the original text for the
    private ones.
    """

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename, asciiReadable=False, shapable=False)
        self._lock = threading.Lock()
        self.private: dict[int, str] = {}
        self._glyph_char: dict[int, int] = {}
        for code, gid in sorted(self.face.charToGlyph.items()):
            if code in (0xA0,) or 0xE000 <= code <= 0xF8FF:
                continue
            self._glyph_char.setdefault(gid, code)
        self._next_private = _PRIVATE_FIRST
        self._private_codes: dict[tuple[int, str], int] = {}
        blob = hb.Blob.from_file_path(str(filename))
        self.hb_face = hb.Face(blob)
        self.hb_font = hb.Font(self.hb_face)
        self.upem = self.hb_face.upem

    def char_for(self, gid: int, text: str) -> int:
        """The code to draw glyph ``gid`` that stands for ``text`` (its cluster's characters)."""
        code = self._glyph_char.get(gid)
        if code is not None and (len(text) <= 1 or _plain(code) == text):
            return code
        # Unencoded, or a ligature whose cmap character reads differently (ه + ٔ drawn with the
        # glyph of ۀ): a private code of its own, so that the text reads back as it was written.
        key = (gid, text if code is not None else "")
        private = self._private_codes.get(key)
        if private is not None:
            return private
        with self._lock:
            private = self._private_codes.get(key)
            if private is None:
                private = self._next_private
                if private > _PRIVATE_LAST:
                    raise RuntimeError("out of private code points for unencoded glyphs")
                self._next_private += 1
                face = self.face
                face.charToGlyph[private] = gid
                face.charWidths[private] = self.hb_font.get_glyph_h_advance(gid) * 1000 / self.upem
                self.private[private] = text
                self._private_codes[key] = private
        return private

    def glyph_advance(self, gid: int) -> int:
        """The glyph's own advance in font units (what a PDF viewer moves by)."""
        return self.hb_font.get_glyph_h_advance(gid)

    def addObjects(self, doc):  # noqa: N802 - reportlab's name
        """As reportlab's, with a ToUnicode map that turns every drawn code back into plain text."""
        state = self._assignState(doc)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            base_name = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray([self.face.getCharWidth(c) for c in subset])
            cmap = pdfdoc.PDFStream()
            cmap.content = self._to_unicode_cmap(base_name, subset)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(pdf_font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = pdf_font
        del self.state[doc]

    def _to_unicode_cmap(self, name: str, subset) -> str:
        pairs = [(i, _to_unicode_text(code, self.private)) for i, code in enumerate(subset)]
        pairs = [(i, t) for i, t in pairs if t]
        lines = [
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo", f"<< /Registry ({name})", f"/Ordering ({name})", "/Supplement 0", ">> def",
            f"/CMapName /{name} def", "/CMapType 2 def",
            "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        ]
        for start in range(0, len(pairs), 100):  # a bfchar block holds at most 100 entries
            chunk = pairs[start:start + 100]
            lines.append(f"{len(chunk)} beginbfchar")
            lines += [f"<{i:02X}> <{_utf16_hex(t)}>" for i, t in chunk]
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines)


_fonts: dict[str, ShapingFont] = {}
_fonts_lock = threading.Lock()


def font(weight: str = "regular") -> ShapingFont:
    """The shipped Vazirmatn of ``weight`` (regular, medium, bold), registered with reportlab once."""
    f = _fonts.get(weight)
    if f is None:
        with _fonts_lock:
            f = _fonts.get(weight)
            if f is None:
                f = ShapingFont(FONT_NAMES[weight], str(FONT_FILES[weight]))
                pdfmetrics.registerFont(f)
                _fonts[weight] = f
    return f


def register_fonts() -> None:
    for weight in FONT_FILES:
        font(weight)


# --- bidi ----------------------------------------------------------------------------------------

_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def _levels_rust(text: str, base_level: int) -> list[int] | None:
    """Embedding levels from python-bidi's Rust implementation (``debug=True`` returns its
    ``BidiInfo``, levels per UTF-8 byte). None if that output is not what we expect."""
    info = _rust_display(text, base_dir="R" if base_level else "L", debug=True)
    head, sep, tail = info.partition("levels: [")
    if not sep:
        return None
    body = tail.split("]", 1)[0]
    per_byte = [int(m) for m in _LEVEL.findall(body)]
    encoded_sizes = [len(ch.encode("utf-8")) for ch in text]
    if len(per_byte) != sum(encoded_sizes):
        return None
    levels, pos = [], 0
    for size in encoded_sizes:
        levels.append(per_byte[pos])
        pos += size
    return levels


_BN = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")
_ISOLATE_OPEN = {LRI: 0, RLI: 1, FSI: None}
_INVISIBLE = _BN | frozenset("\u202a\u202b\u202c\u202d\u202e\u061c") | frozenset((LRI, RLI, FSI, PDI))


def _levels_python(text: str, base_level: int) -> list[int]:
    """The same levels from python-bidi's pure-Python algorithm (UAX #9 before isolates).

    That algorithm drops boundary-neutral characters (ZWNJ…) and cannot take isolates, so both are
    handled here: an isolate is replaced by one neutral character and resolved on its own; a
    boundary neutral takes the level of the character before it (of the paragraph at the start).
    """
    # Replace each top-level isolate with U+FFFC (bidi class ON), remembering its content.
    outer, isolates, depth, start, opener = [], [], 0, 0, None
    for i, ch in enumerate(text):
        if ch in _ISOLATE_OPEN:
            if depth == 0:
                start, opener = i, ch
            depth += 1
        elif ch == PDI and depth:
            depth -= 1
            if depth == 0:
                isolates.append((len(outer), start, i, opener))
                outer.append("\ufffc")
            continue
        elif depth == 0:
            outer.append(ch)
    if depth:  # an isolate left open runs to the end of the line
        isolates.append((len(outer), start, len(text), opener))
        outer.append("\ufffc")
    outer_text = "".join(outer)
    kept = [i for i, ch in enumerate(outer_text) if ch not in _BN]
    storage = _pybidi.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    _pybidi.get_embedding_levels("".join(outer_text[i] for i in kept), storage, debug=False)
    _pybidi.explicit_embed_and_overrides(storage, debug=False)
    _pybidi.resolve_weak_types(storage, debug=False)
    _pybidi.resolve_neutral_types(storage, debug=False)
    _pybidi.resolve_implicit_levels(storage, debug=False)
    resolved = [c["level"] for c in storage["chars"]]
    outer_levels = [base_level] * len(outer_text)
    for i, level in zip(kept, resolved):
        outer_levels[i] = level
    for i, ch in enumerate(outer_text):
        if ch in _BN:
            outer_levels[i] = outer_levels[i - 1] if i else base_level
    # Put the isolates back, their content one level deeper than the placeholder.
    levels = []
    placeholders = {pos: (s, e, o) for pos, s, e, o in isolates}
    for pos in range(len(outer_text)):
        if pos not in placeholders:
            levels.append(outer_levels[pos])
            continue
        s, e, opener = placeholders[pos]
        level = outer_levels[pos]
        inner_text = text[s + 1:e]
        direction = _ISOLATE_OPEN[opener]
        if direction is None:
            direction = 1 if _pybidi.get_base_level(inner_text) else 0
        inner_base = level + 1 if (level + 1) % 2 == direction else level + 2
        inner = _levels_python(inner_text, direction) if inner_text else []
        levels.append(level)  # the opening mark
        levels += [lv - direction + inner_base for lv in inner]
        if e < len(text):
            levels.append(level)  # the closing PDI
    return levels


def bidi_levels(text: str, base_level: int) -> list[int]:
    """One embedding level per character of ``text`` (even: left to right, odd: right to left)."""
    levels = _levels_rust(text, base_level)
    return levels if levels is not None else _levels_python(text, base_level)


def visual_runs(levels: list[int]) -> list[tuple[int, int, int]]:
    """``(start, end, level)`` runs of one level, in visual order (UAX #9 rule L2), left to right."""
    runs = []
    start = 0
    for i in range(1, len(levels) + 1):
        if i == len(levels) or levels[i] != levels[start]:
            runs.append((start, i, levels[start]))
            start = i
    if not runs:
        return runs
    highest = max(r[2] for r in runs)
    lowest_odd = min(r[2] for r in runs if r[2] % 2) if any(r[2] % 2 for r in runs) else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i][2] >= level:
                j = i
                while j < len(runs) and runs[j][2] >= level:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return runs


# --- shaping -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    gid: int
    char: int  # the character that draws this glyph in the PDF
    x: int  # font units from the line's left edge
    y: int  # font units above the baseline
    advance: int  # font units HarfBuzz moves after it


@dataclass(frozen=True)
class Shaped:
    """A shaped line in font units: glyphs left to right and its width."""

    text: str
    weight: str
    glyphs: tuple[Glyph, ...]
    width_units: int
    upem: int

    def width(self, size: float) -> float:
        """Width in points at ``size``."""
        return self.width_units * size / self.upem


_DIRECTIONS = {"rtl": 1, "ltr": 0}


def _base_level(text: str, base: str) -> int:
    if base == "auto":
        return 1 if _pybidi.get_base_level(text) else 0
    return _DIRECTIONS[base]


@lru_cache(maxsize=8192)
def shape(text: str, weight: str = "regular", base: str = "rtl") -> Shaped:
    """Shape one line of ``text`` (no line breaks) for a paragraph of direction ``base``
    (``rtl``, ``ltr`` or ``auto`` from the first strong letter)."""
    f = font(weight)
    text = text.replace("\n", " ").replace("\t", " ")
    glyphs: list[Glyph] = []
    pen = 0
    if text:
        levels = bidi_levels(text, _base_level(text, base))
        codepoints = [ord(c) for c in text]
        for start, end, level in visual_runs(levels):
            buf = hb.Buffer()
            buf.add_codepoints(codepoints, start, end - start)
            buf.direction = "rtl" if level % 2 else "ltr"
            buf.guess_segment_properties()
            hb.shape(f.hb_font, buf, _FEATURES)
            infos, positions = buf.glyph_infos, buf.glyph_positions
            # Each cluster's text, for the ToUnicode map of glyphs the font does not encode.
            bounds = sorted({info.cluster for info in infos} | {end})
            cluster_text = {b: text[b:bounds[k + 1]] for k, b in enumerate(bounds[:-1])}
            seen: set[int] = set()
            for info, pos in zip(infos, positions):
                first = info.cluster not in seen
                seen.add(info.cluster)
                meaning = cluster_text.get(info.cluster, "") if first else ""
                gid = info.codepoint
                char = text[info.cluster]
                if char in _INVISIBLE:
                    # HarfBuzz hides ZWNJ, bidi marks and their kind behind a blank glyph. Draw the
                    # font's own zero-width ZWNJ so that extracted text keeps the نیم‌فاصله; the rest
                    # only steered the layout.
                    own = f.face.charToGlyph.get(ord(char)) if char == ZWNJ else None
                    if own is None:
                        pen += pos.x_advance
                        continue
                    glyphs.append(Glyph(own, ord(char), pen, 0, pos.x_advance))
                    pen += pos.x_advance
                    continue
                glyphs.append(Glyph(gid, f.char_for(gid, meaning),
                                    pen + pos.x_offset, pos.y_offset, pos.x_advance))
                pen += pos.x_advance
    return Shaped(text, weight, tuple(glyphs), pen, f.upem)


# --- drawing on a reportlab canvas ---------------------------------------------------------------


def draw(canvas, text: str, x: float, y: float, size: float, *, weight: str = "regular", align: str = "right",
         base: str = "rtl", color=None, max_width: float | None = None) -> float:
    """Draw one line at baseline ``y``; ``x`` is its right edge (``align='right'``), left edge
    (``'left'``) or centre (``'center'``). A line wider than ``max_width`` is scaled down to fit.
    Returns the width drawn, in points."""
    line = shape(text, weight, base)
    width = line.width(size)
    if max_width is not None and width > max_width > 0:
        size = size * max_width / width
        width = max_width
    left = x - width if align == "right" else x - width / 2 if align == "center" else x
    draw_shaped(canvas, line, left, y, size, color=color)
    return width


def draw_shaped(canvas, line: Shaped, left: float, y: float, size: float, color=None) -> None:
    """Draw a shaped line with its left edge at ``left``: one text object, a new chunk only where
    HarfBuzz moved a glyph away from where the font's own advance would put it (kerning, marks)."""
    if not line.glyphs:
        return
    f = font(line.weight)
    scale = size / line.upem
    t = canvas.beginText()
    t.setFont(f.fontName, size)
    if color is not None:
        t.setFillColor(color)
    chunk: list[str] = []
    chunk_x = chunk_y = None
    expect = None  # where the viewer's pen stands after the chunk so far, in font units
    for g in line.glyphs:
        if chunk and (g.x != expect or g.y != chunk_y):
            t.setTextOrigin(left + chunk_x * scale, y + chunk_y * scale)
            t.textOut("".join(chunk))
            chunk = []
        if not chunk:
            chunk_x, chunk_y, expect = g.x, g.y, g.x
        chunk.append(chr(g.char))
        expect += f.glyph_advance(g.gid)
    t.setTextOrigin(left + chunk_x * scale, y + chunk_y * scale)
    t.textOut("".join(chunk))
    canvas.drawText(t)


def width(text: str, size: float, weight: str = "regular", base: str = "rtl") -> float:
    return shape(text, weight, base).width(size)


def fit_size(text: str, size: float, max_width: float, weight: str = "regular", base: str = "rtl") -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``max_width`` points."""
    w = width(text, size, weight, base)
    return size if w <= max_width or w == 0 else size * max_width / w


def wrap(text: str, size: float, max_width: float, weight: str = "regular", base: str = "rtl") -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``max_width`` (a word longer than a line
    stays whole; ``draw(..., max_width=...)`` shrinks it)."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and width(candidate, size, weight, base) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]
