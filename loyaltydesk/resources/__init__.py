"""Files shipped with the program: fonts (Vazirmatn + OFL), icons, the style sheet.

They live inside the package so that a wheel, ``uv run`` and a PyInstaller one-folder build all
find them the same way: beside this file.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """The shipped file ``parts`` (e.g. ``path("fonts", "Vazirmatn-Regular.ttf")``)."""
    return HERE.joinpath(*parts)


FONT_REGULAR = path("fonts", "Vazirmatn-Regular.ttf")
FONT_MEDIUM = path("fonts", "Vazirmatn-Medium.ttf")
FONT_BOLD = path("fonts", "Vazirmatn-Bold.ttf")
