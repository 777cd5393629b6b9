"""Shaped Persian text drawn into a Pillow image, for ESC/POS thermal printers.

The glyphs are the very ones the PDF shows (``text.shape``): their outlines come from HarfBuzz
(``draw_glyph_with_pen``), curves are flattened, and each glyph is filled with the non-zero
winding rule (contours drawn one by one, clockwise ones counted up, anticlockwise ones down).
No system font, no libraqm, no poppler at run time.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw

from . import text as T

_STEPS = 6  # line segments per curve: plenty at thermal-printer sizes


class _Pen:
    """Collects a glyph's contours as lists of points (font units, y up)."""

    def __init__(self):
        self.contours: list[list[tuple[float, float]]] = []
        self._current: list[tuple[float, float]] = []

    def moveTo(self, p):  # noqa: N802 - the fontTools pen protocol
        self._close()
        self._current = [p]

    def lineTo(self, p):  # noqa: N802
        self._current.append(p)

    def qCurveTo(self, *points):  # noqa: N802
        # TrueType: implied on-curve points between consecutive off-curve ones.
        start = self._current[-1]
        offs, end = list(points[:-1]), points[-1]
        for i, c in enumerate(offs):
            e = end if i == len(offs) - 1 else ((c[0] + offs[i + 1][0]) / 2, (c[1] + offs[i + 1][1]) / 2)
            for k in range(1, _STEPS + 1):
                t = k / _STEPS
                u = 1 - t
                self._current.append((u * u * start[0] + 2 * u * t * c[0] + t * t * e[0],
                                      u * u * start[1] + 2 * u * t * c[1] + t * t * e[1]))
            start = e
        if not offs:
            self._current.append(end)

    def curveTo(self, *points):  # noqa: N802
        start = self._current[-1]
        c1, c2, e = points[-3], points[-2], points[-1]
        for k in range(1, _STEPS + 1):
            t = k / _STEPS
            u = 1 - t
            self._current.append((u ** 3 * start[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t ** 3 * e[0],
                                  u ** 3 * start[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t ** 3 * e[1]))

    def closePath(self):  # noqa: N802
        self._close()

    def endPath(self):  # noqa: N802
        self._close()

    def _close(self):
        if len(self._current) > 2:
            self.contours.append(self._current)
        self._current = []


@lru_cache(maxsize=4096)
def _outline(weight: str, gid: int) -> tuple[tuple[tuple[float, float], ...], ...]:
    pen = _Pen()
    T.font(weight).hb_font.draw_glyph_with_pen(gid, pen)
    pen._close()
    return tuple(tuple(c) for c in pen.contours)


def _signed_area(points) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1])) / 2


def draw_line(image: Image.Image, line: T.Shaped, left: float, baseline: float, size_px: float, fill: int = 0) -> None:
    """Draw a shaped line into an ``L`` image: ``left`` edge and ``baseline`` in pixels, ``size_px``
    the font size in pixels (points × dpi / 72)."""
    scale = size_px / line.upem
    for g in line.glyphs:
        contours = _outline(line.weight, g.gid)
        if not contours:
            continue
        ox, oy = left + g.x * scale, baseline - g.y * scale
        pts = [[(ox + x * scale, oy - y * scale) for x, y in c] for c in contours]
        xs = [p[0] for c in pts for p in c]
        ys = [p[1] for c in pts for p in c]
        x0, y0 = int(min(xs)) - 1, int(min(ys)) - 1
        w, h = int(max(xs)) - x0 + 2, int(max(ys)) - y0 + 2
        up = Image.new("L", (w, h), 0)
        down = Image.new("L", (w, h), 0)
        for c, original in zip(pts, contours):
            mask = Image.new("L", (w, h), 0)
            ImageDraw.Draw(mask).polygon([(x - x0, y - y0) for x, y in c], fill=1)
            # Font units have y up: a positive area there is anticlockwise.
            if _signed_area(list(original)) < 0:
                up = ImageChops.add(up, mask)
            else:
                down = ImageChops.add(down, mask)
        covered = ImageChops.difference(up, down).point(lambda v: 255 if v else 0)
        image.paste(fill, (x0, y0, x0 + w, y0 + h), covered)
