"""The Persian translation is complete, keeps every placeholder, and the .qm is the .ts compiled.

When a test here fails after you added a string:
    uv run python tools/translations.py update      # collect it into the .ts
    (translate it: pyside6-linguist, by hand, or tools/fill_translations.py)
    uv run python tools/translations.py release     # compile the .qm
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_loyaltydesk_tools_{name}", ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translations = _load("translations")

FIELD = re.compile(r"\{([^{}]*)\}")
QT_ARG = re.compile(r"%(\d+)")


def _fields(text: str) -> set[str]:
    return set(FIELD.findall(text))


def _args(text: str) -> set[str]:
    return set(QT_ARG.findall(text))


def test_every_string_of_the_code_has_a_persian_text(tmp_path):
    ts = tmp_path / "loyaltydesk_fa.ts"
    shutil.copy(translations.TS, ts)
    out = translations.update(ts)
    found = re.search(r"\((\d+) new and \d+ already existing\)", out)
    assert found, out
    new = [m for m in translations.missing(ts)]
    assert int(found.group(1)) == 0 and not new, (
        "strings without a Persian text (run tools/translations.py update, translate, release):\n"
        + "\n".join(f"{m['context']}: {m['source']!r}" for m in new))
    assert not translations.missing(translations.TS)


def test_every_translation_keeps_the_placeholders_of_its_source():
    wrong = []
    for m in translations.messages():
        source = m["source"]
        for text in m["translation"]:
            if _fields(text) != _fields(source):
                wrong.append(f"{m['context']}: {source!r} → {text!r}: fields {_fields(source)} ≠ {_fields(text)}")
            if _args(text) != _args(source):
                wrong.append(f"{m['context']}: {source!r} → {text!r}: %-args {_args(source)} ≠ {_args(text)}")
            if "%n" in source and "%n" not in text:
                wrong.append(f"{m['context']}: {source!r} → {text!r}: lost %n")
            if "&" in source and source.count("&") != text.count("&"):
                wrong.append(f"{m['context']}: {source!r} → {text!r}: accelerator & lost")
            for key in re.findall(r"\(F\d+\)", source):
                if key not in text:
                    wrong.append(f"{m['context']}: {source!r} → {text!r}: lost {key}")
            if FIELD.search(source) and text.strip():
                params = {name.split("!")[0]: "x" for name in _fields(source)}
                try:
                    text.format(**params)
                except (KeyError, IndexError, ValueError) as e:
                    wrong.append(f"{m['context']}: {text!r} does not .format(): {e!r}")
    assert not wrong, "\n".join(wrong)


def test_the_committed_qm_is_the_ts_compiled(tmp_path):
    qm = tmp_path / "loyaltydesk_fa.qm"
    translations.release(translations.TS, qm)
    assert translations.QM.exists(), "run: uv run python tools/translations.py release"
    assert qm.read_bytes() == translations.QM.read_bytes(), (
        "loyaltydesk_fa.qm is not the compiled .ts: run `uv run python tools/translations.py release`")


@pytest.fixture
def persian(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(translations.QM))
    QCoreApplication.installTranslator(translator)
    yield QCoreApplication.translate
    QCoreApplication.removeTranslator(translator)


def test_known_strings_read_in_persian(persian):
    assert persian("CashierPage", "Register purchase (F9)") == "ثبت خرید (F9)"
    assert persian("CashierPage", "New member (F2)") == "عضو جدید (F2)"
    assert persian("Pages", "Cashier") == "صندوق"
    assert persian("UsersPage", "Cashier") == "صندوق‌دار"
    assert persian("Money", "toman") == "تومان"
    assert persian("MainWindow", "&Club") == "&باشگاه"
    assert persian("CashierPage", "%Ln member(s) found.", None, 3).endswith(" عضو پیدا شد.")  # %Ln: test_words.py
    template = persian("LoyaltyError", "Only {balance} points are available; {points} were asked for.")
    assert template.format(balance=5, points=9) == "فقط 5 امتیاز موجود است؛ 9 امتیاز درخواست شد."
