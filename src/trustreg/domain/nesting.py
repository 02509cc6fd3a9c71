"""Refuse deeply nested or alias-using YAML and JSON before any parser sees it.

The C YAML loader (ruamel.yaml.clib) composes nodes recursively and segfaults on ~30,000 nested
``[``; the JSON decoder recurses too. A segfault cannot be caught, so every reader of hostile text
(data files, front matter, data.json, JSON-LD in pages) first runs this cheap, linear pre-scan.
It over-estimates rather than under-estimates depth (unbalanced brackets in prose count), so it
never lets a crashing document through; the limit is far above what any real document uses.
Aliases are found by the same scan: ``*alias`` can expand a small file into billions of nodes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

MAX_DEPTH = 64


@dataclass(frozen=True)
class Refusal(ValueError):
    """Where the scan stopped (1-based line and column) and why."""

    line: int
    column: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}"


def _too_deep(limit: int) -> str:
    return f"nested deeper than {limit} levels; refused before parsing"


_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


def check_json(text: str, *, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`Refusal` if arrays/objects in ``text`` nest deeper than ``limit``."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group()
        if tok in "[{":
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, m.start()) + 1
                column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
                raise Refusal(line, column, _too_deep(limit))
        elif tok in "]}":
            depth = max(0, depth - 1)


_INDICATOR = re.compile(r"[-?:](?:[ \t]+|$)")
_KEY = re.compile(
    r"""(?:[^\s"'#\[\]{},&*!|>](?:[^:#]|:(?![ \t]|$)|(?<![ \t])#)*+|"(?:[^"\\]++|\\.)*+"|'(?:[^']++|'')*+')"""
    r"[ \t]*:(?:[ \t]+|$)"
)
_NODE_PROPS = re.compile(r"(?:![^\s\[\]{},]*[ \t]*|&[^\s\[\]{},]+[ \t]*)*")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")
_QUOTE_END = {'"': re.compile(r'(?:[^"\\]++|\\.)*+"'), "'": re.compile(r"(?:[^']++|'')*+'")}
_SPACES = re.compile(r"[ \t]*")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what libyaml takes for a line break
# One flow-context token: quoted scalars (with their closing quote, if on this line), brackets,
# separators, indicators, comments and runs of plain text.
_FLOW = re.compile(
    r"""(?P<space>\s+)|(?P<dq>"(?:[^"\\]++|\\.)*+(?P<dqe>")?)|(?P<sq>'(?:[^']++|'')*+(?P<sqe>')?)"""
    r"""|(?P<open>[\[{])|(?P<close>[\]}])|(?P<comma>,)|(?P<ind>[:?](?=[\s,\[\]{}]|$))"""
    r"""|(?P<plain>[^\s\[\]{},"'#:?]++|.)"""
)
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # line breaks besides "\n"
_ALIAS = "anchors and aliases (&name, *name) are not allowed here; write the value out"


@dataclass
class _Flow:
    """Open flow collections: "{", "[" or "[:" (a list whose current entry is a one-pair mapping,
    ``[a: b]``, one level deeper until the next comma); ``base`` is the block depth around them."""

    frames: list[str]
    base: int = 0
    at_node: bool = True  # a quote here starts a quoted scalar; after plain text it is text
    after_quoted: bool = False  # a ":" right after a quoted scalar is an indicator ({"a":1})

    def depth(self) -> int:
        return self.base + len(self.frames) + self.frames.count("[:")


def check_yaml(text: str, *, limit: int = MAX_DEPTH, aliases: bool = False) -> None:
    """Raise :class:`Refusal` if ``text`` nests deeper than ``limit``, or (unless ``aliases``) if it
    uses an anchor or alias.

    Block depth is the depth of the parent line plus the indicators and keys on a line
    (``- - - x``, ``- key: x``); flow depth counts brackets outside quoted scalars and comments.
    Block scalars (``|``, ``>``) are skipped as the text they are.
    """
    if not within_bound(text, limit=limit, aliases=aliases):
        scan_yaml(text, limit=limit, aliases=aliases)


def within_bound(text: str, *, limit: int, aliases: bool) -> bool:
    """True when the scan below cannot refuse ``text``, known from a few counts (a data file's
    scan costs about as much as its parse; this, a tenth).

    Every level the scan counts on a line is one of: a step of that line's prefix (an indicator or
    a key, each holding its own "-", "?" or ":" of the line); a step of a line above still open,
    which the scan keeps only at a column up to the line's indent, at most two a column (a key and
    the "-" of a sequence under it at its column); or an open flow bracket, a "[" counting at most
    two (itself and a one-pair mapping in it). So no count exceeds, for any line,
    2 x (its indent + 1) + its "-", "?" and ":" + 2 x the text's "[" + its "{". Nor is there an
    anchor or alias to refuse when every "!", "&" and "*" follows a letter or digit ("Q&A"): the
    scan looks for them only where a node starts, after a space, an indicator or a bracket.
    """
    if not aliases and _may_hold_a_property(text):
        return False
    budget = limit - 2 * text.count("[") - text.count("{") - 2
    if budget < 0 or any(brk in text for brk in _OTHER_BREAKS):  # lines are then found as the scan finds them
        return False
    indent = budget // 4  # no line indented deeper, and none with more "-", "?", ":" than the rest
    if text.startswith(" " * (indent + 1)) or "\n" + " " * (indent + 1) in text:
        return False
    # no line holds more "-", "?" and ":" than what is left (one regular expression, not a count a line)
    return _crowded_line(budget - 2 * indent).search(text) is None


@functools.lru_cache(maxsize=256)
def _crowded_line(most: int) -> re.Pattern[str]:
    """Finds a line holding more than ``most`` of "-", "?" and ":" (the scan begins only at a line's
    start, and moves past each other character without going back: linear in the text)."""
    return re.compile(r"^(?:[^-?:\n]*+[-?:]){" + str(most + 1) + "}", re.MULTILINE)


def _may_hold_a_property(text: str) -> bool:
    """Is there a "!", "&" or "*" that does not follow a letter or digit (where a tag, an anchor
    or an alias could start)?"""
    for mark in "!&*":
        at = text.find(mark)
        while at != -1:
            if at == 0 or not (text[at - 1].isascii() and text[at - 1].isalnum()):
                return True
            at = text.find(mark, at + 1)
    return False


def scan_yaml(text: str, *, limit: int = MAX_DEPTH, aliases: bool = False) -> None:
    """The scan ``check_yaml`` runs (when the bound does not settle it)."""
    # Open block nodes by column: (column, depth inside it, is a "key:" with its value below).
    parents: list[tuple[int, int, bool]] = []
    flow = _Flow([])
    quote = ""  # a quoted scalar that continues on the next line
    block_scalar_above: int | None = None  # lines indented deeper than this are a block scalar's text
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        indent = len(line) - len(line.lstrip(" "))
        if block_scalar_above is not None:
            if not line.strip() or indent > block_scalar_above:
                continue
            block_scalar_above = None
        pos = 0
        if quote:
            end = _QUOTE_END[quote].match(line)
            if end is None:
                continue
            quote, pos = "", end.end()
            flow.at_node, flow.after_quoted = False, True
            if not flow.frames:
                continue
        if not flow.frames:
            content = line[indent:]
            if not content or content.startswith("#"):
                continue
            if indent == 0 and content.startswith(("---", "...", "%")):
                parents.clear()
                if not content.startswith("---"):
                    continue
                pos = 3
            else:
                # "key:" followed by "- item" at the key's column: the sequence is its value.
                while parents and parents[-1][0] >= indent and not (
                    parents[-1][0] == indent and parents[-1][2] and content.startswith("-")
                ):
                    parents.pop()
                pos = indent
            pos, steps = _block_prefix(line, pos, parents[-1][1] if parents else 0, number, limit, aliases)
            rest = line[pos:].lstrip(" \t")
            start = len(line) - len(rest)
            if not rest or (rest.startswith("#") and start > 0 and line[start - 1] in " \t"):
                pos = len(line)  # only a comment follows ("key: # note"): the value is on the lines below
            if steps and pos < len(line):  # a key with its value on its own line has no children
                steps[-1] = (steps[-1][0], steps[-1][1], False)
            parents += steps
            if pos >= len(line):
                continue
            depth = steps[-1][1] if steps else (parents[-1][1] if parents else 0)
            node_col = steps[-1][0] if steps else indent
            head = line[pos]
            if head == "*" and not aliases:
                raise Refusal(number, pos + 1, _ALIAS)
            if _BLOCK_SCALAR.match(line, pos):
                block_scalar_above = node_col
                continue
            if head in "\"'":
                if _QUOTE_END[head].match(line, pos + 1) is None:
                    quote = head
                continue
            if head not in "[{":
                continue  # a plain scalar: brackets inside it are text
            flow = _Flow([], base=depth)
        quote = _scan_flow(line, pos, flow, number, limit, aliases)


def _block_prefix(
    line: str, pos: int, depth: int, number: int, limit: int, aliases: bool
) -> tuple[int, list[tuple[int, int, bool]]]:
    """Skip node properties, compact indicators and keys; each indicator or key opens a level.

    Returns where the value starts and, per indicator or key, (its column, the depth inside it,
    whether it is a key); a block scalar's text and a node's children are indented deeper than
    that column.
    """
    pos = _SPACES.match(line, pos).end()  # type: ignore[union-attr]
    steps: list[tuple[int, int, bool]] = []
    while True:
        pos = _skip_props(line, pos, number, aliases)
        if not aliases and line.startswith("*", pos):
            raise Refusal(number, pos + 1, _ALIAS)
        step = _INDICATOR.match(line, pos) or _KEY.match(line, pos)
        if step is None:
            return pos, steps
        depth += 1
        steps.append((pos, depth, not line.startswith("-", pos)))  # a key, or ":" or "?"
        pos = step.end()
        if depth > limit:
            raise Refusal(number, pos, _too_deep(limit))


def _skip_props(line: str, pos: int, number: int, aliases: bool) -> int:
    props = _NODE_PROPS.match(line, pos)
    if props is None or props.end() == pos:
        return pos
    if not aliases and "&" in props.group():
        raise Refusal(number, pos + props.group().index("&") + 1, _ALIAS)
    return props.end()


def _scan_flow(line: str, pos: int, flow: _Flow, number: int, limit: int, aliases: bool) -> str:
    """Read flow tokens from ``pos`` to the end of the line; returns a quote left open there.

    Scanning goes on after the outermost collection closes (``[a]: [b]``), so that nothing on the
    line escapes the count.
    """
    while pos < len(line):
        m = _FLOW.match(line, pos)
        assert m is not None  # the last alternative matches any character
        kind, tok = m.lastgroup, m.group()
        if kind in ("dqe", "sqe"):
            kind = "dq" if kind == "dqe" else "sq"
        if kind in ("dq", "sq") and not flow.at_node:
            kind, m_end = "plain", pos + 1  # a quote inside plain text is text
        else:
            m_end = m.end()
        if kind == "space":
            if line.startswith("#", m_end):
                return ""
        elif kind in ("dq", "sq"):
            if m.group("dqe" if kind == "dq" else "sqe") is None:
                return tok[0]
            flow.at_node, flow.after_quoted = False, True
            pos = m_end
            continue
        elif kind == "open":
            flow.frames.append(tok)
            flow.at_node = True
        elif kind == "close":
            if flow.frames:
                flow.frames.pop()
            flow.at_node, flow.after_quoted = False, True
            pos = m_end
            continue
        elif kind == "comma":
            if flow.frames and flow.frames[-1] == "[:":
                flow.frames[-1] = "["
            flow.at_node = True
        elif kind == "ind" or (tok == ":" and flow.after_quoted):
            if flow.frames and flow.frames[-1] == "[":
                flow.frames[-1] = "[:"
            flow.at_node = True
        else:
            flow.at_node = False
        flow.after_quoted = False
        if flow.depth() > limit:
            raise Refusal(number, pos + 1, _too_deep(limit))
        if not aliases and flow.at_node and kind != "space":
            after = _SPACES.match(line, m_end).end()  # type: ignore[union-attr]
            after = _skip_props(line, after, number, aliases)
            if line.startswith("*", after):
                raise Refusal(number, after + 1, _ALIAS)
        pos = m_end
    return ""
