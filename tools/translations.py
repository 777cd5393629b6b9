"""Keep the Persian translation complete.

    uv run python tools/translations.py update    # collect every string of the sources into the .ts
    uv run python tools/translations.py release   # compile the .ts into the .qm the app loads
    uv run python tools/translations.py missing   # list what still needs a Persian text

The .ts (Qt Linguist's XML) is the source of truth for the Persian texts: edit it with
``pyside6-linguist`` or by hand, then ``release``. tests/gui/test_translations.py fails when a
string in the code has no Persian text or the .qm is older than the .ts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "loyaltydesk"
TS = PACKAGE / "translations" / "loyaltydesk_fa.ts"
QM = TS.with_suffix(".qm")


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


def release(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def messages(ts: Path = TS) -> list[dict]:
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            out.append({
                "context": name,
                "source": message.findtext("source"),
                "translation": forms,
                "unfinished": translation.get("type") in ("unfinished", "vanished", "obsolete"),
            })
    return out


def missing(ts: Path = TS) -> list[dict]:
    return [m for m in messages(ts) if m["unfinished"] or not all(t.strip() for t in m["translation"])]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "missing"
    if command == "update":
        print(update().strip())
    elif command == "release":
        release()
        print(f"wrote {QM.relative_to(ROOT)}")
    elif command == "missing":
        gaps = missing()
        for m in gaps:
            print(f"{m['context']}\t{m['source']}")
        print(f"{len(gaps)} of {len(messages())} strings need a Persian text", file=sys.stderr)
        return 1 if gaps else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
