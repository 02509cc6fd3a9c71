"""A fast writer of the data files' YAML: byte for byte what ruamel.yaml's round-trip emitter writes.

Exporting 20,000 offerings spent nearly all its time in ruamel's general-purpose emitter (an event
queue, tag objects and a character-by-character analysis of every scalar). The data files use a
small part of YAML: block mappings with string keys, block sequences, plain or single-quoted
scalars, literal and folded blocks, integers, numbers and booleans. This module writes exactly that
part with ruamel's own layout rules (width 100, mappings indented 2, sequences 4 with the dash at 2;
the rules of ``Emitter.write_plain``, ``write_single_quoted``, ``write_folded`` and
``write_literal`` are followed step for step) and raises ``Unsupported`` for anything else (empty
collections, ``None``, double-quoted text, a sequence directly in a sequence, odd keys), so that
``yamlio.dump`` falls back to ruamel for that document. Tests compare both writers on generated
data and on the data files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

WIDTH = 100  # ruamel's ``best_width``
MAP_INDENT = 2
SEQ_INDENT = 4  # the dash sits at DASH_OFFSET within it
DASH = "  -"
MAX_SIMPLE_KEY = 128

WS = "\0 \t\r\n\x85\u2028\u2029"  # what ruamel's analysis counts as whitespace around an indicator
BREAKS = "\n\x85\u2028\u2029"
# Characters ruamel escapes (allow_unicode): anything outside these ranges forces double quotes.
_SPECIAL = re.compile("[^\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_BREAK = re.compile("[\n\x85\u2028\u2029]")
_COLON_BEFORE_WS = re.compile("[:](?:[\0 \t\r\n\x85\u2028\u2029]|\\Z)")
_HASH_AFTER_WS = re.compile("[\0 \t\r\n\x85\u2028\u2029]#")
_SPACE_BREAK = re.compile("[ ][\n\x85\u2028\u2029]|[\n\x85\u2028\u2029][ ]")
_TOKENS = re.compile(" +|[^ ]+")
_QUOTED_TOKENS = re.compile(" +|'|[^ ']+")
LONE_SPACE = re.compile("(?<=[^ ]) (?=[^ ])")  # a space between two other characters
LEADING_INDICATORS = "#,[]{}&*!|>'\"%@`"


class Unsupported(Exception):
    """The data holds something this writer leaves to ruamel."""


class Analysis:
    """The part of ruamel's ``ScalarAnalysis`` the block styles need."""

    __slots__ = ("block_plain", "single_quoted", "multiline")

    def __init__(self, block_plain: bool, single_quoted: bool, multiline: bool):
        self.block_plain = block_plain
        self.single_quoted = single_quoted
        self.multiline = multiline


def analyze(text: str) -> Analysis:
    """ruamel's ``Emitter.analyze_scalar`` for a non-empty scalar in block context, with regexes.

    Short texts (keys, grades, kinds, URLs, names) recur in every file, so their analyses are kept."""
    return _analyze_short(text) if len(text) <= SHORT else _analyze(text)


SHORT = 120  # characters: a key, an enumerated value, a URL, a name


@functools.lru_cache(maxsize=8192)
def _analyze_short(text: str) -> Analysis:
    return _analyze(text)


def _analyze(text: str) -> Analysis:
    special = _SPECIAL.search(text) is not None
    breaks = _BREAK.search(text) is not None
    first = text[0]
    followed = len(text) == 1 or text[1] in WS
    indicators = (
        text.startswith(("---", "..."))
        or first in LEADING_INDICATORS
        or (first in "?:-" and followed)
        or _COLON_BEFORE_WS.search(text) is not None
        or _HASH_AFTER_WS.search(text) is not None
    )
    edge = first == " " or text[-1] == " " or first in BREAKS or text[-1] in BREAKS
    mixed = _SPACE_BREAK.search(text) is not None  # a space next to a line break, either side
    block_plain = not (edge or mixed or special or breaks or indicators)
    return Analysis(block_plain, not (mixed or special), breaks)


class Writer:
    """One document; ``column``, ``whitespace`` and ``indention`` mean what they mean in ruamel."""

    def __init__(self, is_plain_str: Callable[[str], bool], float_text: Callable[[float], str]):
        self.parts: list[str] = []
        self.column = 0
        self.whitespace = True
        self.indention = True
        self.is_plain_str = is_plain_str
        self.float_text = float_text

    def text(self) -> str:
        return "".join(self.parts)

    # ruamel's write_line_break, write_indent and write_indicator
    def line_break(self) -> None:
        self.parts.append("\n")
        self.whitespace = self.indention = True
        self.column = 0

    def indent_to(self, indent: int) -> None:
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.line_break()
        if self.column < indent:
            self.whitespace = True
            self.parts.append(" " * (indent - self.column))
            self.column = indent

    def indicator(self, text: str, need_whitespace: bool, *, indention: bool = False) -> None:
        data = text if self.whitespace or not need_whitespace else " " + text
        self.whitespace = False
        self.indention = self.indention and indention
        self.column += len(data)
        self.parts.append(data)

    def write(self, data: str) -> None:
        self.column += len(data)
        self.parts.append(data)

    # documents and collections
    def document(self, data: Any) -> None:
        if type(data) is not dict or not data:
            raise Unsupported("the root is not a non-empty mapping")
        self.mapping(data, 0)
        self.indent_to(0)

    def mapping(self, data: dict[Any, Any], indent: int) -> None:
        for key, value in data.items():
            self.indent_to(indent)
            self.key(key, indent + MAP_INDENT)
            self.indicator(":", False)
            self.value(value, indent)

    def key(self, key: Any, indent: int) -> None:
        if type(key) is not str or not key or len(key) >= MAX_SIMPLE_KEY:
            raise Unsupported("a key that is not a short string")
        a = analyze(key)
        if a.multiline:
            raise Unsupported("a multi-line key")
        if a.block_plain and self.is_plain_str(key):
            self.plain(key, indent, split=False)
        elif "'" not in key and a.single_quoted:
            self.single_quoted(key, indent, split=False)
        else:
            raise Unsupported("a key that needs double quotes")

    def value(self, value: Any, indent: int) -> None:
        """A mapping's value; the mapping's keys are at ``indent``."""
        kind = type(value)
        if kind is dict:
            if not value:
                raise Unsupported("an empty mapping")
            self.mapping(value, indent + MAP_INDENT)
        elif kind is list:
            self.sequence(value, indent)  # indentless: the dashes are offset from the keys
        else:
            self.scalar(value, indent + MAP_INDENT)

    def sequence(self, items: list[Any], indent: int) -> None:
        if not items:
            raise Unsupported("an empty sequence")
        for item in items:
            self.indent_to(indent)
            self.indicator(DASH, True, indention=True)
            kind = type(item)
            if kind is dict:
                if not item:
                    raise Unsupported("an empty mapping")
                self.mapping(item, indent + SEQ_INDENT)
            elif kind is list:
                raise Unsupported("a sequence in a sequence")
            else:
                self.indent_to(indent + SEQ_INDENT)  # ruamel's process_scalar in a sequence
                self.scalar(item, indent + SEQ_INDENT)

    # scalars
    def scalar(self, value: Any, indent: int) -> None:
        kind = type(value)
        if kind is bool:
            self.plain("true" if value else "false", indent)
        elif kind is int:
            self.plain(str(value), indent)
        elif kind is float:
            self.plain(self.float_text(value), indent)
        elif kind is str:
            self.string(value, indent)
        elif kind.__name__ == "FoldedScalarString" and "\n" not in value and value:
            self.folded(value, getattr(value, "fold_pos", []), indent)
        elif kind.__name__ == "LiteralScalarString" and value and value[0] not in " \n" and not value.endswith("\n\n"):
            self.literal(value, indent)
        else:
            raise Unsupported(f"a scalar of type {kind.__name__}")

    def string(self, text: str, indent: int) -> None:
        if not text:
            raise Unsupported("an empty string")
        a = analyze(text)
        if a.multiline:
            raise Unsupported("a multi-line string outside a block")
        if a.block_plain and self.is_plain_str(text):
            self.plain(text, indent)
        elif "'" in text:
            raise Unsupported("a string ruamel double-quotes")
        elif a.single_quoted:
            self.single_quoted(text, indent)
        else:
            raise Unsupported("a string that needs double quotes")

    def plain(self, text: str, indent: int, *, split: bool = True) -> None:
        """ruamel's write_plain for text without line breaks."""
        if not self.whitespace:
            self.write(" ")
        self.whitespace = self.indention = False
        if self.column + len(text) <= WIDTH:  # it fits: no word or space can break the line
            self.column += len(text)
            self.parts.append(text)
            return
        for token in _TOKENS.findall(text):
            if token[0] == " ":
                if len(token) == 1 and self.column >= WIDTH and split:
                    self.indent_to(indent)
                    self.whitespace = self.indention = False
                else:
                    self.write(token)
            else:
                if len(token) + self.column > WIDTH and self.column > indent:
                    self.indent_to(indent)  # a word longer than the rest of the line gets a line of its own
                self.write(token)

    def single_quoted(self, text: str, indent: int, *, split: bool = True) -> None:
        """ruamel's write_single_quoted for text without line breaks."""
        self.indicator("'", True)
        pos, end = 0, len(text)
        for part in _QUOTED_TOKENS.findall(text):
            if part == "'":
                self.write("''")
            elif part[0] == " " and len(part) == 1 and self.column > WIDTH and split and pos > 0 and pos + 1 < end:
                self.indent_to(indent)
            else:
                self.write(part)
            pos += len(part)
        self.indicator("'", False)

    def folded(self, text: str, fold_pos: list[int], indent: int) -> None:
        """ruamel's representer (fold marks) and write_folded for single-line text."""
        if text[0] == " " or text[-1] == " " or any(ch in text for ch in "\n\x85\u2028\u2029\a"):
            raise Unsupported("a folded block with edge spaces or line breaks")
        folds = {p for p in fold_pos
                 if 0 < p < len(text) - 1 and text[p] == " " and not text[p - 1].isspace()
                 and not text[p + 1].isspace()}
        self.indicator(">-", True)
        # ruamel's line break and indent, then the text; a fold, or a lone space past the width,
        # starts a new line at the indent. Prose is most of a data file, so the lines are cut as
        # slices between those spaces, not built word by word.
        pad = "\n" + " " * indent
        out = self.parts
        ahead = sorted(folds, reverse=True)  # the folds still to come, the next one last
        start, wide = 0, WIDTH - indent + 1  # a lone space this far into a line is past the width
        while True:
            while ahead and ahead[-1] < start:
                ahead.pop()
            past = LONE_SPACE.search(text, start + max(wide, 0))
            cut = min(ahead[-1] if ahead else len(text), past.start() if past else len(text))
            out.append(pad)
            out.append(text[start:cut])
            if cut == len(text):
                break
            start = cut + 1
        out.append("\n")
        self.column, self.whitespace, self.indention = 0, True, True

    def literal(self, text: str, indent: int) -> None:
        """ruamel's write_literal for text that starts with neither a space nor a line break."""
        if any(ch in text for ch in "\x85\u2028\u2029"):
            raise Unsupported("a literal block with unusual line breaks")
        self.indicator("|" if text.endswith("\n") else "|-", True)
        self.line_break()
        lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
        for line in lines:
            if line:
                self.indent_to(indent)
                self.parts.append(line)  # ruamel does not count these columns either
            self.line_break()


def emit(data: Any, *, is_plain_str: Callable[[str], bool], float_text: Callable[[float], str]) -> str:
    """The YAML text of ``data`` (raises ``Unsupported`` for what this writer leaves to ruamel)."""
    writer = Writer(is_plain_str, float_text)
    writer.document(data)
    return writer.text()
