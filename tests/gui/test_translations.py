"""The Persian translation is complete, keeps every placeholder, and the .qm is the .ts compiled;
``tools/translations.py set`` writes texts into the .ts and touches nothing else.

When a test here fails after you added a string:
    uv run python tools/translations.py update            # collect it into the .ts
    uv run python tools/translations.py missing > todo.tsv  # fill in the third column,
    uv run python tools/translations.py set todo.tsv      # (or pyside6-linguist)
    uv run python tools/translations.py release           # compile the .qm
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loyaltydesk import resources
from loyaltydesk.gui import i18n

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_loyaltydesk_tools_{name}", ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translations = _load("translations")


def test_every_string_of_the_code_has_a_persian_text(tmp_path):
    ts = tmp_path / "loyaltydesk_fa.ts"
    shutil.copy(translations.TS, ts)
    out = translations.update(ts)
    found = re.search(r"\((\d+) new and \d+ already existing\)", out)
    assert found, out
    new = translations.missing(ts)
    assert int(found.group(1)) == 0 and not new, (
        "strings without a Persian text (tools/translations.py update; missing > todo.tsv; fill it in; "
        "set todo.tsv; release):\n" + "\n".join(translations.tsv_line(m) for m in new))
    assert not translations.missing(translations.TS)


def test_every_translation_keeps_the_placeholders_of_its_source():
    wrong = [f"{m.context}: {m.source!r} → {text!r}: {'; '.join(lost)}"
             for m in translations.messages() for text in m.translation
             if (lost := translations.problems(m.source, text))]
    assert not wrong, "\n".join(wrong)


def test_the_committed_qm_is_the_ts_compiled():
    assert translations.TS.parent == ROOT / "translations"
    assert not translations.stale(), "the .qm is not the .ts compiled: run `uv run python tools/translations.py release`"


@pytest.fixture
def persian(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(i18n.TRANSLATIONS / "loyaltydesk_fa.qm"))  # where the app looks
    QCoreApplication.installTranslator(translator)
    yield QCoreApplication.translate
    QCoreApplication.removeTranslator(translator)


def test_known_strings_read_in_persian(persian):
    assert i18n.TRANSLATIONS == resources.shipped("translations") == ROOT / "translations"
    assert persian("CashierView", "Register purchase (F9)") == "ثبت خرید (F9)"
    assert persian("CashierView", "New member (F2)") == "عضو جدید (F2)"
    assert persian("Pages", "Cashier") == "صندوق"
    assert persian("UsersPage", "Cashier") == "صندوق‌دار"
    assert persian("Money", "toman") == "تومان"
    assert persian("MainWindow", "&Club") == "&باشگاه"
    assert persian("CashierPage", "%Ln member(s) found.", None, 3).endswith(" عضو پیدا شد.")  # %Ln: test_words.py
    template = persian("LoyaltyError", "Only {balance} points are available; {points} were asked for.")
    assert template.format(balance=5, points=9) == "فقط 5 امتیاز موجود است؛ 9 امتیاز درخواست شد."


# --- set: from TSV lines into the .ts -------------------------------------------------------------------

NEW_STRINGS = '''
from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

QCoreApplication.translate("Shelf", "Save")
QCoreApplication.translate("Shelf", "Tom's \\"best\\" <tea> & cake")
QCoreApplication.translate("Shelf", "%Ln jar(s) left.", None, 2)
QCoreApplication.translate("Shelf", "First line\\nsecond line")
QCoreApplication.translate("Shelf", "May", "the month")
QCoreApplication.translate("Shelf", "May", "may I")
TEMPLATE = QT_TRANSLATE_NOOP("LoyaltyError", "Only {count} jars of {name!r} are left.")
'''

TSV = (
    "# the shelf's words\n"
    "Shelf\tSave\tذخیره\n"
    "Shelf\tTom's \"best\" <tea> & cake\tبهترین «چای» <تام> & کیک\n"
    "Shelf\t%Ln jar(s) left.\t%Ln شیشه مانده.\n"
    "Shelf\tFirst line\\nsecond line\tخط اول\\nخط دوم\n"
    "Shelf\tMay\tاردیبهشت\tthe month\n"
    "Shelf\tMay\tاجازه هست\tmay I\n"
    "\n"
    "LoyaltyError\tOnly {count} jars of {name!r} are left.\tفقط {count} شیشه {name!r} مانده است.\n"
)


@pytest.fixture
def new_ts(tmp_path):
    """A .ts as lupdate makes it for strings new in the code: every message unfinished."""
    source = tmp_path / "shelf.py"
    source.write_text(NEW_STRINGS, encoding="utf-8")
    ts = tmp_path / "shelf_fa.ts"
    subprocess.run([translations._tool("lupdate"), "-no-obsolete", "-locations", "none", "-target-language", "fa_IR",
                    str(source), "-ts", str(ts)], check=True, capture_output=True)
    assert len(translations.missing(ts)) == 7
    return ts


def _lupdate_again(ts: Path) -> None:
    subprocess.run([translations._tool("lupdate"), "-no-obsolete", "-locations", "none",
                    str(ts.parent / "shelf.py"), "-ts", str(ts)], check=True, capture_output=True)


def test_set_writes_a_tsv_into_the_ts_finished_as_lupdate_would_write_it(new_ts, qapp, capsys):
    from PySide6.QtCore import QTranslator

    tsv = new_ts.parent / "new.tsv"
    tsv.write_text(TSV, encoding="utf-8")
    assert translations.main(["--ts", str(new_ts), "set", str(tsv)]) == 0
    assert "7 of 7 texts written" in capsys.readouterr().out
    assert translations.missing(new_ts) == []
    written = new_ts.read_bytes()
    _lupdate_again(new_ts)
    assert new_ts.read_bytes() == written  # lupdate has nothing to rewrite: the same escaping, the same layout
    assert translations.main(["--ts", str(new_ts), "set", str(tsv)]) == 0  # again: nothing to do
    assert "0 of 7 texts written" in capsys.readouterr().out and new_ts.read_bytes() == written

    translations.release(new_ts)
    translator = QTranslator()
    assert translator.load(str(new_ts.with_suffix(".qm")))
    assert translator.translate("Shelf", "Tom's \"best\" <tea> & cake") == "بهترین «چای» <تام> & کیک"
    assert translator.translate("Shelf", "First line\nsecond line") == "خط اول\nخط دوم"
    assert translator.translate("Shelf", "May", "the month") == "اردیبهشت"
    assert translator.translate("Shelf", "May", "may I") == "اجازه هست"
    assert translator.translate("Shelf", "%Ln jar(s) left.", None, 3) == "%Ln شیشه مانده."
    assert translator.translate("LoyaltyError", "Only {count} jars of {name!r} are left.") == \
        "فقط {count} شیشه {name!r} مانده است."


def test_set_changes_only_the_named_messages_of_the_real_ts(tmp_path):
    ts = tmp_path / "loyaltydesk_fa.ts"
    shutil.copy(translations.TS, ts)
    before = ts.read_text(encoding="utf-8")
    by_kind = {}
    for m in translations.messages(ts):
        if "\n" in m.source + m.translation[0]:
            continue
        if m.numerus:
            by_kind.setdefault("numerus", m)
        elif "&" in m.source:
            by_kind.setdefault("accelerator", m)
        elif m.comment:
            by_kind.setdefault("comment", m)
        elif "{" in m.source:
            by_kind.setdefault("template", m)
    assert set(by_kind) == {"numerus", "accelerator", "comment", "template"}
    template = by_kind["template"]
    assert translations.main(["--ts", str(ts), "set", "--one", template.context, template.source,
                              template.translation[0] + " ."]) == 0
    lines = "".join(translations.tsv_line(m, m.translation[0] + "\u200c!") + "\n" for m in by_kind.values())
    (tmp_path / "fixes.tsv").write_text(lines, encoding="utf-8")
    assert translations.main(["--ts", str(ts), "set", str(tmp_path / "fixes.tsv")]) == 0

    after = ts.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines()) and len(changed) == 4, changed
    for a, b in changed:  # only a translation's text, one line each
        assert re.fullmatch(r"\s*<(translation|numerusform)>.*</\1>", b), b
        assert b.endswith("\u200c!</translation>") or b.endswith("\u200c!</numerusform>")
    edited = {(m.context, m.source): m.translation for m in translations.messages(ts)}
    for m in by_kind.values():
        assert edited[(m.context, m.source)] == [m.translation[0] + "\u200c!"] * len(m.translation)


@pytest.mark.parametrize("line, problem", [
    ("Shelf\tSave", "2 fields"),
    ("Shelf\tSave\tذخیره\tx\ty", "5 fields"),
    ("Shelf\tSav\tذخیره", "did you mean 'Save'?"),
    ("Cupboard\tSave\tذخیره", "(it is in Shelf)"),
    ("Shelf\tNothing like it\tهیچ", "run `update` first"),
    ("Shelf\tMay\tاردیبهشت", "give the comment as a fourth column"),
    ("Shelf\tSave\t ", "no Persian text"),
    ("Shelf\t%Ln jar(s) left.\tچند شیشه مانده.", "lost %Ln"),
    ("Shelf\tTom's \"best\" <tea> & cake\tکیک", "& accelerator"),
    ("LoyaltyError\tOnly {count} jars of {name!r} are left.\tفقط {n} شیشه {name!r}", "fields"),
    ("LoyaltyError\tOnly {count} jars of {name!r} are left.\tفقط {count} شیشه {name!r} {", "does not .format()"),
    ("Shelf\tSave\tذخیره\nShelf\tSave\tنگهداری", "'نگهداری' here but 'ذخیره' at"),
])
def test_set_writes_nothing_when_a_line_is_wrong_and_says_which(new_ts, capsys, line, problem):
    tsv = new_ts.parent / "bad.tsv"
    tsv.write_text("Shelf\tFirst line\\nsecond line\tخط اول\\nخط دوم\n" + line + "\n", encoding="utf-8")
    before = new_ts.read_bytes()
    assert translations.main(["--ts", str(new_ts), "set", str(tsv)]) == 1
    err = capsys.readouterr().err
    assert problem in err and f"{tsv}:" in err and "nothing written" in err, err
    assert new_ts.read_bytes() == before


def test_missing_lists_tsv_lines_that_set_takes_once_filled_in(new_ts, capsys):
    assert translations.main(["--ts", str(new_ts), "missing"]) == 1
    todo = capsys.readouterr().out.splitlines()
    assert "Shelf\tFirst line\\nsecond line\t" in todo and "Shelf\tMay\t\tthe month" in todo
    filled = {line.split("\t")[1] + (line.split("\t")[3] if line.count("\t") == 3 else ""): line
              for line in TSV.splitlines() if line and not line.startswith("#")}
    for line in todo:
        context, source, text, *comment = line.split("\t")
        assert context and not text
        assert source + "".join(comment) in filled
    assert len(todo) == len(filled)


@given(st.text())
def test_a_tsv_field_reads_back_as_written(text):
    field = translations.escape_field(text)
    assert "\t" not in field and "\n" not in field
    assert translations.unescape_field(field) == text
