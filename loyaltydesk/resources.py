"""Files shipped with the program: fonts (Vazirmatn + OFL), icons, the style sheet, translations.

In the source tree they live at the project's top level, ``resources/`` and ``translations/``. A
wheel (pyproject.toml, ``force-include``) and the PyInstaller build (installer/loyaltydesk.spec)
carry the same folders inside the package, under ``loyaltydesk/shipped/``. ``shipped()`` is the
one place that knows both: everything else asks it.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
INSIDE = "shipped"  # the package's folder that carries them in a wheel or a build
FOLDERS = ("resources", "translations")


def shipped(folder: str, *parts: str) -> Path:
    """The shipped file ``parts`` of ``folder`` (one of ``FOLDERS``), e.g.
    ``shipped("translations", "loyaltydesk_fa.qm")``: inside the package when it carries them (an
    installed wheel, the built program), else at the project root (a checkout: ``uv run``, an
    editable install, the tools and tests)."""
    if folder not in FOLDERS:
        raise ValueError(f"no shipped folder {folder!r}; there are {FOLDERS}")
    inside = HERE / INSIDE
    return (inside if inside.is_dir() else HERE.parent).joinpath(folder, *parts)


def path(*parts: str) -> Path:
    """The file ``parts`` of resources/ (e.g. ``path("fonts", "Vazirmatn-Regular.ttf")``)."""
    return shipped("resources", *parts)


FONT_REGULAR = path("fonts", "Vazirmatn-Regular.ttf")
FONT_MEDIUM = path("fonts", "Vazirmatn-Medium.ttf")
FONT_BOLD = path("fonts", "Vazirmatn-Bold.ttf")
