"""The docs cannot drift from the code: every command, URL and file they name exists.

(Datasette tests its documentation the same way.) Commands and URLs are read from code: fenced blocks
and inline code spans, so prose ("make a change") is not mistaken for a command.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import tomllib
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.urls import Resolver404, resolve

from trustreg import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]

# What a doc may name that is made by running something, not kept in the repository.
GENERATED = {".venv/": "made by `make setup`", "test-artifacts/": "written by the browser tests",
             "var/": "made by `make run` and the server (database, bulk files, page cache)"}
# Files of the static mirror `trustreg build-site` writes (bulk/links.py names them): API documents,
# pages as index.html, a query folded into the name.
MIRROR_FILE = re.compile(r"^api/v1/.*\.json$|(?:^|/)index(?:__[\w-]+)?\.html$")


def generated(name: str) -> bool:
    return name.startswith(tuple(GENERATED)) or MIRROR_FILE.search(name) is not None
# Relative paths are read from these directories (the README's layout names `domain/history.py`, the
# data section `parties/<id>.yaml`).
BASES = (ROOT, ROOT / "src", ROOT / "src" / "trustreg", ROOT / "data" / "registry")
PATH = re.compile(r"(?<![\w$:/.~-])((?:\.\./)*(?:[\w.-]+/)+[\w.*<>-]*)")
FILE_IN_PROSE = re.compile(
    r"(?<![\w/.$~-])((?:\.\./)*(?:[\w.-]+/)+[\w.*<>-]+\.(?:py|md|yaml|yml|txt|jsonl|json|html|css|js|toml|png))\b"
)


def code_of(path: Path) -> list[str]:
    """The fenced code lines and inline code spans of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S)
    outside = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.M | re.S)
    return [line for block in fenced for line in block.splitlines()] + re.findall(r"`([^`\n]+)`", outside)


def link_targets(path: Path) -> list[str]:
    return re.findall(r"\]\(([^)\s#]+)", path.read_text(encoding="utf-8"))


def make_targets() -> set[str]:
    return set(re.findall(r"^([\w.-]+)\s*:(?!=)", (ROOT / "Makefile").read_text(), flags=re.M))


def looks_like_a_path(name: str) -> bool:
    """A file name with an extension, a directory (``data/eval/``), or a name whose first directory
    exists (``evidence/fetch``); not a version label such as the extractor's ``rules/1``."""
    if name.endswith("/") or "." in name.rsplit("/", 1)[-1]:
        return True
    first = name.split("/", 1)[0]
    return any((base / first).is_dir() for base in BASES)


# Placeholders written in capitals inside a path (`copies/ID.txt`, a setting naming a directory).
PLACEHOLDERS = r"\b(?:ID|DIR|FILE|NAME|[A-Z]+_[A-Z_]+)\b"


def exists_in_repo(name: str, *extra_bases: Path) -> bool:
    pattern = re.sub(PLACEHOLDERS, "*", re.sub(r"<[^>]*>", "*", name))
    pattern = "**/" + pattern[2:] if pattern.startswith("*/") else pattern  # a directory setting
    return any(next(iter(base.glob(pattern.rstrip("/"))), None) is not None for base in (*BASES, *extra_bases))


def named_make_targets() -> list[tuple[str, str]]:
    return [(doc.name, t) for doc in DOCS for code in code_of(doc) for t in re.findall(r"\bmake ([\w.-]+)", code)]


def named_commands() -> list[tuple[str, list[str]]]:
    found = []
    for doc in DOCS:
        for code in code_of(doc):
            for match in re.finditer(r"(?:^|[\s/])trustreg ((?:[a-z][\w-]*)(?: [a-z][\w-]*)?)", code):
                found.append((doc.name, match.group(1).split()))
    return found


def test_every_make_target_the_docs_name_exists():
    named = named_make_targets()
    assert {t for _, t in named} >= {"run", "test"}
    assert [(doc, t) for doc, t in named if t not in make_targets()] == []


def _subcommands(name: str) -> set[str] | None:
    """The verbs a management command takes first (``monitor run``), or None if it takes none."""
    parser = load_command_class(get_commands()[name], name).create_parser("trustreg", name)
    for action in parser._actions:
        if not action.option_strings and action.choices is not None:
            return set(action.choices)
    return None


def test_every_trustreg_command_the_docs_name_exists_with_its_verb():
    commands = get_commands()
    wrong = []
    for doc, words in named_commands():
        name = cli.COMMANDS.get(words[0], words[0])
        if name not in commands:
            wrong.append(f"{doc}: trustreg {words[0]}: no such command")
            continue
        verbs = _subcommands(name)
        if verbs is not None and len(words) > 1 and words[1] not in verbs:
            wrong.append(f"{doc}: trustreg {' '.join(words)}: {words[1]} is not one of {sorted(verbs)}")
    assert named_commands() and wrong == []


def test_trustreg_without_arguments_lists_every_command_of_ours_the_readme_names():
    ours = {name for name, app in get_commands().items() if app.startswith("trustreg")}
    listed = set(re.findall(r"^  ([a-z][\w-]*)", cli.USAGE, flags=re.M))
    named = {words[0] for doc, words in named_commands() if doc == README.name}
    ours_named = {w for w in named if w in cli.COMMANDS or w in ours}
    assert ours_named and sorted(ours_named - listed) == []


def readme_urls() -> set[str]:
    urls = set()
    for code in code_of(README):
        if code.startswith("/"):
            urls.add(code)
        urls.update("/api/v1" + m for m in re.findall(r"\$API(/[^\s\"']*)", code))
    urls.update(re.findall(r"http://127\.0\.0\.1:8000(/[^\s)`\"']*)", README.read_text(encoding="utf-8")))
    return urls


def url_variants(url: str) -> list[str]:
    """``/compare/<a>-vs-<b>[-vs-<c>]/?x=1`` -> the paths to resolve, optional parts left out and in."""
    path = re.split(r"[?#]", url)[0].rstrip(".")
    path = re.sub(r"<[^>]*>", "1", path)
    return sorted({re.sub(r"\[[^\[\]]*(?:\[[^\]]*\])?[^\]]*\]", "", path), path.replace("[", "").replace("]", "")})


def resolves(path: str) -> bool:
    for candidate in (path, path + "/") if not path.endswith("/") else (path,):  # APPEND_SLASH
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return True
    return False


def test_every_url_the_readme_names_resolves():
    urls = readme_urls()
    assert {"/", "/fit/", "/api/v1/openapi.json", "/accounts/login/"} <= urls
    missing = [f"{url} ({path})" for url in sorted(urls) for path in url_variants(url) if not resolves(path)]
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_repository_path_a_doc_names_exists(doc):
    named = {t for code in [*code_of(doc), *link_targets(doc)] if "://" not in code for t in PATH.findall(code)}
    named = {t for t in named if looks_like_a_path(t) and not generated(t)}
    assert [t for t in sorted(named) if not exists_in_repo(t)] == []


def _comments_and_docstrings(path: Path):  # noqa: ANN202 - a generator of (line, text)
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                yield getattr(node, "lineno", 1), docstring


def test_comments_and_docstrings_name_only_files_in_the_repository():
    templates = [*ROOT.glob("src/trustreg/*/templates"), *ROOT.glob("src/trustreg/*/static")]
    sources = sorted([*ROOT.glob("src/**/*.py"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("bench/**/*.py")])
    dangling = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sources
        for line, text in _comments_and_docstrings(path)
        for name in FILE_IN_PROSE.findall(text)
        if not generated(name) and not exists_in_repo(name, path.parent, *templates)
    ]
    assert sources and dangling == []


PARTS = sorted(p.name for p in (ROOT / "src" / "trustreg").iterdir() if (p / "__init__.py").is_file())


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert found is not None, title
    return found.group(1)


def test_the_readme_layout_names_every_part_folder():
    block = re.search(r"```\n(src/trustreg/.*?)```", readme_section("Layout"), flags=re.S)
    assert block is not None
    named = re.findall(r"^  (\w+)/ ", block.group(1), flags=re.M)
    assert PARTS and sorted(named) == PARTS


def test_how_the_parts_fit_says_what_every_part_does():
    described = set(re.findall(r"^- \*\*(\w+)\*\*(?:, \*\*(\w+)\*\*)?:", readme_section("How the parts fit"),
                               flags=re.M))
    assert sorted({name for pair in described for name in pair if name}) == PARTS


def test_the_layout_lists_the_parts_in_the_layer_order():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    (layers,) = [c for c in contracts if c["type"] == "layers"]
    order = [name.strip() for layer in layers["layers"] for name in layer.split("|")]
    block = re.search(r"```\n(src/trustreg/.*?)```", readme_section("Layout"), flags=re.S)
    assert block is not None
    named = re.findall(r"^  (\w+)/ ", block.group(1), flags=re.M)
    rank = {name: order.index(name) for name in named}
    assert [rank[n] for n in named] == sorted(rank[n] for n in named)
