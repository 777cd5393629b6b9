"""Keep the Persian translation complete. ``translations/loyaltydesk_fa.ts`` (Qt Linguist's XML) is
the one store of the Persian texts; the app loads ``loyaltydesk_fa.qm``, the .ts compiled.

    uv run python tools/translations.py update     # collect every string of the sources into the .ts
    uv run python tools/translations.py missing    # what still needs a Persian text, as TSV lines
    uv run python tools/translations.py set FILE.tsv          # write Persian texts into the .ts
    uv run python tools/translations.py set --one CONTEXT SOURCE TRANSLATION
    uv run python tools/translations.py release    # compile the .ts into the .qm (committed)

A TSV line is ``context<TAB>English source<TAB>Persian`` (and a fourth column, the message's
disambiguating comment, only where one context has the same source twice with different comments;
``set`` says when). In a field ``\\n`` stands for a line break, ``\\t`` for a tab and ``\\\\`` for a backslash; empty lines
and lines starting with ``#`` are skipped. ``set`` checks every line first (the message is in the
.ts, its placeholders are kept, no two lines disagree) and writes nothing unless all are right; it
changes only the named messages' translations, marks them finished, and leaves every other byte
of the .ts as it was. ``missing > todo.tsv`` gives the lines to fill in.

Or edit the .ts with ``pyside6-linguist``. tests/gui/test_translations.py fails when a string in
the code has no Persian text, a text loses a placeholder, or the .qm is not the .ts compiled.
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from loyaltydesk.resources import shipped  # noqa: E402 (the checkout's package, whatever is installed)

PACKAGE = ROOT / "loyaltydesk"
TS = shipped("translations", "loyaltydesk_fa.ts")
QM = TS.with_suffix(".qm")
UNFINISHED = ("unfinished", "vanished", "obsolete")


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}") or str(Path(sys.executable).parent / f"pyside6-{name}")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py"))


def update(ts: Path = TS) -> str:
    """Run lupdate over every module into ``ts`` (keeping the texts already there)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as f:
        f.write("\n".join(sources()))
    done = subprocess.run([_tool("lupdate"), "-no-obsolete", "-locations", "none", f"@{f.name}", "-ts", str(ts)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    Path(f.name).unlink()
    return done.stdout + done.stderr


def release(ts: Path = TS, qm: Path | None = None) -> None:
    qm = qm or ts.with_suffix(".qm")
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def stale(folder: Path | None = None) -> list[Path]:
    """The .qm files of ``folder`` that are missing or not their .ts compiled."""
    out = []
    for ts in sorted((folder or TS.parent).glob("*.ts")):
        qm = ts.with_suffix(".qm")
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / qm.name
            release(ts, fresh)
            if not qm.exists() or qm.read_bytes() != fresh.read_bytes():
                out.append(qm)
    return out


class Message(NamedTuple):
    context: str
    source: str
    comment: str
    translation: list[str]  # one text, or the numerus forms
    numerus: bool
    unfinished: bool


def messages(ts: Path = TS) -> list[Message]:
    """Every message of ``ts``, in the order of the file."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            out.append(Message(name, message.findtext("source") or "", message.findtext("comment") or "", forms,
                               message.get("numerus") == "yes", translation.get("type") in UNFINISHED))
    return out


def missing(ts: Path = TS) -> list[Message]:
    return [m for m in messages(ts) if m.unfinished or not all(t.strip() for t in m.translation)]


# --- placeholders: what a translation must keep of its source ------------------------------------------

FIELD = re.compile(r"\{([^{}]*)\}")
QT_ARG = re.compile(r"%(\d+)")


def problems(source: str, text: str) -> list[str]:
    """What ``text`` lost or broke of the placeholders of ``source`` ({name} fields for .format(),
    %1 %2 for arg(), %n/%Ln for plurals, the & accelerator, a (F9) shortcut)."""
    out = []
    fields, t_fields = set(FIELD.findall(source)), set(FIELD.findall(text))
    if fields != t_fields:
        out.append(f"fields {sorted(fields)} became {sorted(t_fields)}")
    args, t_args = set(QT_ARG.findall(source)), set(QT_ARG.findall(text))
    if args != t_args:
        out.append(f"%-args {sorted(args)} became {sorted(t_args)}")
    for plural in ("%n", "%Ln"):
        if plural in source and plural not in text:
            out.append(f"lost {plural}")
    if "&" in source and source.count("&") != text.count("&"):
        out.append("the & accelerator is lost")
    for key in re.findall(r"\(F\d+\)", source):
        if key not in text:
            out.append(f"lost {key}")
    if fields and not out:
        try:
            text.format(**{name.split("!")[0].split(":")[0]: "x" for name in fields})
        except (KeyError, IndexError, ValueError) as e:
            out.append(f"does not .format(): {e!r}")
    return out


# --- set: Persian texts from TSV lines into the .ts, touching nothing else -------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\"}


def unescape_field(field: str) -> str:
    """A TSV field's text: ``\\n`` a line break, ``\\t`` a tab, ``\\\\`` a backslash."""
    return re.sub(r"\\([nt\\])", lambda m: _ESCAPES[m.group(1)], field)


def escape_field(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def tsv_line(m: Message, text: str = "") -> str:
    fields = [m.context, m.source, text] + ([m.comment] if m.comment else [])
    return "\t".join(escape_field(f) for f in fields)


class Entry(NamedTuple):
    where: str  # "FILE:LINE" or "--one", for the problems
    context: str
    source: str
    translation: str
    comment: str | None  # None: any (the context has that source once)


def read_tsv(text: str, name: str) -> tuple[list[Entry], list[str]]:
    """The entries of a TSV text and the problems of its malformed lines."""
    entries, wrong = [], []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        fields = [unescape_field(f) for f in line.split("\t")]
        where = f"{name}:{number}"
        if len(fields) not in (3, 4):
            wrong.append(f"{where}: {len(fields)} fields; a line is context<TAB>source<TAB>translation[<TAB>comment]")
            continue
        entries.append(Entry(where, fields[0].strip(), fields[1], fields[2], fields[3] if len(fields) == 4 else None))
    return entries, wrong


def _protect(text: str) -> str:
    """Text as lupdate writes it (Qt's ts.cpp ``protect``), so that a later ``update`` changes nothing."""
    out = []
    for ch in text:
        if ch in '"&><\'':
            out.append({'"': "&quot;", "&": "&amp;", ">": "&gt;", "<": "&lt;", "'": "&apos;"}[ch])
        elif ord(ch) > 0x7F and ch.isspace():
            out.append(f"&#x{ord(ch):x};")
        else:
            out.append(ch)
    return "".join(out)


_TRANSLATION = re.compile(r"<translation\b([^>]*?)(?:/>|>(.*?)</translation>)", re.S)
_TYPE = re.compile(r'\s+type="[^"]*"')


def _finished(attrs: str, text: str, forms: int, indent: str) -> str:
    attrs = _TYPE.sub("", attrs)
    if not forms:
        return f"<translation{attrs}>{_protect(text)}</translation>"
    inner = "".join(f"\n{indent}    <numerusform>{_protect(text)}</numerusform>" for _ in range(forms))
    return f"<translation{attrs}>{inner}\n{indent}</translation>"


def set_translations(entries: list[Entry], ts: Path = TS) -> tuple[int, list[str]]:
    """Write ``entries`` into ``ts``; returns (how many messages changed, problems). Nothing is
    written when there is any problem: every one is listed, with the line it comes from."""
    found = messages(ts)
    by_key: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(found):
        by_key.setdefault((m.context, m.source), []).append(i)
    wrong: list[str] = []
    chosen: dict[int, Entry] = {}
    for e in entries:
        at = [i for i in by_key.get((e.context, e.source), []) if e.comment is None or found[i].comment == e.comment]
        if not at:
            wrong.append(f"{e.where}: {e.context} has no message {e.source!r} in {ts.name}{_hint(e, found)}")
            continue
        if len(at) > 1:
            comments = ", ".join(repr(found[i].comment) for i in at)
            wrong.append(f"{e.where}: {e.context} has {e.source!r} {len(at)} times (comments {comments}): "
                         f"give the comment as a fourth column")
            continue
        if not e.translation.strip():
            wrong.append(f"{e.where}: no Persian text for {e.context} {e.source!r}")
            continue
        if any(ord(ch) < 0x20 and ch not in "\n\t" for ch in e.translation):
            wrong.append(f"{e.where}: a control character in the text for {e.context} {e.source!r}")
            continue
        lost = problems(e.source, e.translation)
        if lost:
            wrong.append(f"{e.where}: {e.context} {e.source!r} → {e.translation!r}: {'; '.join(lost)}")
            continue
        before = chosen.get(at[0])
        if before and before.translation != e.translation:
            wrong.append(f"{e.where}: {e.context} {e.source!r} is {e.translation!r} here but "
                         f"{before.translation!r} at {before.where}")
            continue
        chosen[at[0]] = e
    if wrong:
        return 0, wrong

    text = ts.read_text(encoding="utf-8")
    spans = list(_TRANSLATION.finditer(text))
    if len(spans) != len(found):
        return 0, [f"{ts}: {len(spans)} <translation> elements for {len(found)} messages: not a .ts lupdate wrote"]
    out, last, changed = [], 0, 0
    for i, span in enumerate(spans):
        e = chosen.get(i)
        if e is None:
            continue
        m = found[i]
        if m.translation == [e.translation] * len(m.translation) and not m.unfinished:
            continue  # already so
        line_start = text.rfind("\n", 0, span.start()) + 1
        indent = text[line_start:span.start()]
        forms = len(m.translation) if m.numerus else 0
        out += [text[last:span.start()], _finished(span.group(1), e.translation, forms, indent)]
        last = span.end()
        changed += 1
    if changed:
        out.append(text[last:])
        ts.write_text("".join(out), encoding="utf-8")
    return changed, []


def _hint(e: Entry, found: list[Message]) -> str:
    contexts = sorted({m.context for m in found if m.source == e.source})
    if contexts:
        return f" (it is in {', '.join(contexts)})"
    close = difflib.get_close_matches(e.source, sorted({m.source for m in found if m.context == e.context}), n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return " (run `update` first if the string is new in the code)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tools/translations.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ts", type=Path, default=TS, help=f"the .ts (default {TS.relative_to(ROOT)})")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("update", help="collect every string of the sources into the .ts")
    commands.add_parser("release", help="compile the .ts into the .qm")
    commands.add_parser("missing", help="print what needs a Persian text, as TSV lines to fill in")
    setting = commands.add_parser("set", help="write Persian texts into the .ts")
    setting.add_argument("files", nargs="*", type=Path, help="TSV files (- for standard input)")
    setting.add_argument("--one", nargs=3, metavar=("CONTEXT", "SOURCE", "TRANSLATION"),
                         help="one text, the fields as in a TSV line")
    args = parser.parse_args(argv or ["missing"])
    ts = args.ts

    if args.command == "update":
        print(update(ts).strip())
    elif args.command == "release":
        release(ts)
        print(f"wrote {ts.with_suffix('.qm')}")
    elif args.command == "missing":
        gaps = missing(ts)
        for m in gaps:
            print(tsv_line(m))
        print(f"{len(gaps)} of {len(messages(ts))} strings need a Persian text", file=sys.stderr)
        return 1 if gaps else 0
    elif args.command == "set":
        if not args.files and not args.one:
            setting.error("give TSV files or --one CONTEXT SOURCE TRANSLATION")
        entries, wrong = [], []
        for file in args.files:
            text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8-sig")
            got, bad = read_tsv(text, str(file))
            entries += got
            wrong += bad
        if args.one:
            context, source, translation = (unescape_field(f) for f in args.one)
            entries.append(Entry("--one", context, source, translation, None))
        if not wrong:
            changed, wrong = set_translations(entries, ts)
        if wrong:
            print("\n".join(wrong), file=sys.stderr)
            print(f"nothing written: {len(wrong)} problem(s)", file=sys.stderr)
            return 1
        print(f"{changed} of {len(entries)} texts written into {ts} "
              f"(the rest were already so); now run `release`")
    else:
        parser.print_help()
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
