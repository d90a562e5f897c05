"""Every link of the README works from a clone (issue 13, item 8): relative links point at
files inside the repository, and `#anchors` at headings of the linked Markdown file."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces → hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {
        _slug(m.group(1))
        for m in re.finditer(r"^#{1,6}\s+(.*)$", path.read_text(encoding="utf-8"), re.M)
    }


def broken_links(readme: Path) -> list[str]:
    bad = []
    for target in LINK.findall(readme.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target):  # http(s), mailto: outside links are not checked
            continue
        path, _sep, anchor = target.partition("#")
        file = (readme.parent / path).resolve() if path else readme
        if not file.is_relative_to(ROOT) or not file.exists():
            bad.append(f"{target}: not a file of the repository")
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
            bad.append(f"{target}: no such heading")
    return bad


def test_every_readme_link_resolves_inside_the_repository():
    assert broken_links(ROOT / "README.md") == []


def test_the_check_finds_outside_files_and_missing_headings():
    fake = ROOT / "tests" / "_links_probe.md"
    fake.write_text("# Title\n[a](../shared/DESIGN.md) [b](#nope) [c](#title) [d](https://x.y)\n")
    try:
        assert broken_links(fake) == [
            "../shared/DESIGN.md: not a file of the repository",
            "#nope: no such heading",
        ]
    finally:
        fake.unlink()
