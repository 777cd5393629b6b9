"""The README and docs/ stand alone in a clone: every relative link (and image) resolves to a file
of the repository, an anchor to a heading of the page it names, and every path or Markdown file
the text names is there too (nothing of a folder beside the repository, like ../shared)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")  # [text](target "title")
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.M)  # [name]: target
HTML = re.compile(r"""<(?:img|a)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
TOP_LEVEL = ("loyaltydesk/", "resources/", "translations/", "tests/", "installer/", "tools/", "bench/", "docs/")


def targets(text: str) -> list[str]:
    text = FENCE.sub("", text)
    return LINK.findall(text) + REFERENCE.findall(text) + HTML.findall(text)


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    text = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LNM")
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    return {slug(m) for m in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", FENCE.sub("", text), re.M)}


def ignored(path: Path) -> bool:
    """True when git ignores ``path``: a fresh clone would not have it (dist/, build/...)."""
    if not shutil.which("git") or not (ROOT / ".git").exists():
        return False
    return subprocess.run(["git", "check-ignore", "-q", str(path)], cwd=ROOT).returncode == 0


def broken_links(page: Path, text: str | None = None) -> list[str]:
    """What is wrong with each relative link of ``page`` (its ``text``, else the file's)."""
    text = page.read_text(encoding="utf-8") if text is None else text
    wrong = []
    for target in targets(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto: ...
            continue
        path_part, _, anchor = target.partition("#")
        resolved = (page.parent / path_part).resolve() if path_part else page
        if not resolved.is_relative_to(ROOT):
            wrong.append(f"{target}: outside the repository")
        elif not resolved.exists():
            wrong.append(f"{target}: no such file")
        elif ignored(resolved):
            wrong.append(f"{target}: ignored by git, so not in a clone")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(
                text if resolved == page else resolved.read_text(encoding="utf-8")):
            wrong.append(f"{target}: no heading #{anchor} in {resolved.relative_to(ROOT)}")
    return wrong


def missing_named_files(page: Path, text: str | None = None) -> list[str]:
    """Paths of the repository named in code spans (`loyaltydesk/store/db.py`), and Markdown files
    named anywhere (DOMAIN.md), that the repository does not have."""
    text = page.read_text(encoding="utf-8") if text is None else text
    wrong = []
    for span in CODE_SPAN.findall(text):
        for word in span.split():
            word = word.lstrip("('\"").rstrip(".,;:)'\"")
            if word.startswith("../"):
                wrong.append(f"`{span}`: outside the repository")
            elif word.startswith(TOP_LEVEL) and not any(ch in word for ch in "*<>{}=|"):
                base = (page.parent if word.startswith(("./", "../")) else ROOT) / word
                if not base.exists():
                    wrong.append(f"`{span}`: {word} does not exist")
    named_md = set(re.findall(r"(?<![\w/.-])([\w.-]+\.md)\b", FENCE.sub("", text)))
    have = {p.name for p in ROOT.rglob("*.md") if ".venv" not in p.parts and not ignored(p)}
    wrong += [f"{name}: no such file in the repository" for name in sorted(named_md - have)]
    return wrong


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_inside_the_repository(page):
    assert not broken_links(page), "\n".join(broken_links(page))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_the_text_names_is_in_the_repository(page):
    assert not missing_named_files(page), "\n".join(missing_named_files(page))


def test_the_docs_are_linked_from_the_readme():
    linked = {(ROOT / t.partition("#")[0]).resolve() for t in targets((ROOT / "README.md").read_text(encoding="utf-8"))
              if not re.match(r"^[a-z]+:", t)}
    assert len(PAGES) > 3 and set(PAGES[1:]) <= linked, sorted(str(p) for p in set(PAGES[1:]) - linked)


@pytest.mark.parametrize("text, wrong", [
    ("see [the shape](../shared/ARCHITECTURE.md)", "outside the repository"),
    ("see [rules](docs/nothing.md)", "no such file"),
    ("the [checkout](docs/rules.md#no-such-heading)", "no heading #no-such-heading"),
    ("[below](#nowhere)\n## Somewhere", "no heading #nowhere"),
    # a file git ignores, made by the test itself (.hypothesis/ is hypothesis' own folder): dist/ is
    # there only after the installer's build, which may run later or on another worker
    ('<img src=".hypothesis/link-check.txt">', "ignored by git"),
    ("[ok](docs/rules.md#the-checkout-in-one-fixed-order) [web](https://example.com) [below](#money-and-time)\n"
     "## Money, and time\n[code](loyaltydesk/store/db.py) <img src=\"docs/samples/card-sheet.png\">", None),
])
def test_the_link_check_catches_what_a_clone_lacks(text, wrong):
    ignored_file = ROOT / ".hypothesis" / "link-check.txt"
    ignored_file.parent.mkdir(exist_ok=True)
    ignored_file.touch()
    found = broken_links(ROOT / "README.md", text)  # links resolve from the repository's root
    assert (found == []) if wrong is None else any(wrong in f for f in found), found


@pytest.mark.parametrize("text, wrong", [
    ("the order of DOMAIN.md", "DOMAIN.md: no such file"),
    ("layers (see `../shared/ARCHITECTURE.md`)", "outside the repository"),
    ("the ledger, `loyaltydesk/store/nothing.py`", "does not exist"),
    ("the ledger, `loyaltydesk/store/ledger.py`, `bench/README.md` and rules.md", None),
])
def test_the_name_check_catches_files_a_clone_lacks(text, wrong):
    found = missing_named_files(ROOT / "docs" / "rules.md", text)
    assert (found == []) if wrong is None else any(wrong in f for f in found), found
