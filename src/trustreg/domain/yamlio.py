"""The one place that talks to ruamel.yaml (YAML 1.2: ``no`` stays a string).

Loading uses the safe constructor only; dumping writes plain data, multi-line text as literal
blocks so that data files diff well in git.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from typing import Any

from _ruamel_yaml import CParser  # ruamel.yaml.clib (a dependency): the C parser YAML(typ="safe") uses
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString
from ruamel.yaml.tag import Tag

from trustreg.domain import nesting, yamlemit

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_INT_BITS = 4096  # far beyond any count or id; well under Python's 4,300-decimal-digit limit


class _YAML(YAML):
    """ruamel's YAML without its plug-in search: none is installed or used here, and the search (a
    directory glob) ran for every file read, 2% of reading 20,000 offerings' files."""

    def official_plug_ins(self) -> Any:
        return []


class YamlProblem(ValueError):
    """The text is not well-formed YAML; the message says where."""


class Unreadable:
    """A scalar that looks like a date or an integer but is none (``2026-02-30``, 5,000 digits).

    Loaded as this marker instead of raising, so that the reader that expected a value reports it
    with the field's path like any other wrong value.
    """

    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason

    def __repr__(self) -> str:
        shown = self.text if len(self.text) <= 40 else self.text[:37] + "..."
        return f"{shown} ({self.reason})"


class _Constructor(SafeConstructor):
    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:
            return Unreadable(str(node.value), f"not a date on the calendar: {exc}")

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            value = super().construct_yaml_int(node)
        except ValueError:  # over Python's 4,300 decimal digits
            value = None
        # Hexadecimal and octal escape that limit, but no such number could be written out again.
        if not isinstance(value, int) or value.bit_length() > MAX_INT_BITS:
            return Unreadable(str(node.value), f"a number of {len(str(node.value))} digits is too long")
        return value


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


class _Resolver(VersionedResolver):
    """ruamel's resolver, the YAML version and its table of implicit types looked up once a document.

    ruamel looks both up again for every scalar, and with the C parser (which has no scanner to
    ask) through three attribute errors each time: a third of a data file's load. The version
    cannot change within the one document ``load`` reads (it is set by the directives before it).
    """

    _trustreg_tags: dict[str, Any]  # set at the first plain scalar: the remembered tags of its version

    @property
    def processing_version(self) -> Any:
        try:
            return self._trustreg_version
        except AttributeError:
            self._trustreg_version: Any = VersionedResolver.processing_version.fget(self)  # type: ignore[attr-defined]
            return self._trustreg_version

    @property
    def versioned_resolver(self) -> Any:
        try:
            return self._trustreg_table
        except AttributeError:
            self._trustreg_table: Any = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
            return self._trustreg_table


    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """ruamel's ``resolve`` (the C parser calls it for every node), its answer for a short plain
        scalar remembered by YAML version: keys, grades, kinds and flags recur in every file. The tag
        remembered is the one object ruamel made for it first (a value-equal ``Tag``: ruamel makes a
        new one each time), so that the constructor below knows a boolean or an integer by identity."""
        if kind is ScalarNode and not self.yaml_path_resolvers:  # none is registered here
            if not implicit[0]:  # quoted or a block scalar: text, as ruamel finds with no path resolver
                return _STR
            try:
                tags = self._trustreg_tags
            except AttributeError:  # the first plain scalar: the version is known (set by the directives)
                tags = self._trustreg_tags = _PLAIN_TAGS.setdefault(self.processing_version, {})
            tag = tags.get(value)
            if tag is not None:
                return tag
            tag = super().resolve(kind, value, implicit)
            tag = _SHARED_TAGS.get((tag.handle, tag.suffix), tag)
            if len(value) <= _REMEMBERED_LEN and len(tags) < _REMEMBERED:
                tags[value] = tag
            return tag
        if kind is MappingNode and not self.yaml_path_resolvers:
            return _MAP
        if kind is SequenceNode and not self.yaml_path_resolvers:
            return _SEQ
        return super().resolve(kind, value, implicit)


_REMEMBERED, _REMEMBERED_LEN = 65536, 100  # plain scalars remembered (a YAML version), and their longest
_PLAIN_TAGS: dict[Any, dict[str, Any]] = {}  # YAML version -> text of a plain scalar -> its tag

_STR, _MAP, _SEQ = (VersionedResolver.DEFAULT_SCALAR_TAG, VersionedResolver.DEFAULT_MAPPING_TAG,
                    VersionedResolver.DEFAULT_SEQUENCE_TAG)
_BOOL, _INT, _NULL = (Tag(suffix="tag:yaml.org,2002:bool"), Tag(suffix="tag:yaml.org,2002:int"),
                      Tag(suffix="tag:yaml.org,2002:null"))
# The one tag object of each implicit type the constructor builds directly (the text's own types).
_SHARED_TAGS = {(tag.handle, tag.suffix): tag for tag in (_STR, _BOOL, _INT, _NULL)}


class _FastConstructor(_Constructor):
    """The safe constructor, with the nodes a data file is mostly made of built directly.

    A plain string, a mapping whose keys are distinct plain strings and a sequence, each with the
    very tag object the resolver gives an untagged node of its kind (so no ``!!tag``, merge key or
    ``=`` key), are built as ruamel builds them (a ``str``, ``dict``, ``list``); any other node
    (numbers, dates, booleans, null, explicit tags, a duplicate key, whose error ruamel raises)
    goes to ruamel's constructor. Only for text that uses no aliases: an alias is the same node
    twice, which ruamel makes one shared object.
    """

    def construct_document(self, node: Any) -> Any:
        try:
            return self._build(node)
        finally:
            self.constructed_objects = {}
            self.recursive_objects = {}
            self.deep_construct = False

    def _build(self, node: Any) -> Any:
        tag, kind = node.ctag, type(node)
        if kind is ScalarNode:
            if tag is _STR:
                return node.value
            # an untagged boolean, integer or null: ruamel's safe constructor of its type, called
            # as ``construct_object`` would call it (a scalar has nothing to share or recurse into)
            if tag is _INT:
                return self.construct_yaml_int(node)
            if tag is _BOOL:
                return self.construct_yaml_bool(node)
            if tag is _NULL:
                return self.construct_yaml_null(node)
        elif tag is _MAP and kind is MappingNode:
            built: dict[Any, Any] = {}
            for key, value in node.value:
                if key.ctag is not _STR or type(key) is not ScalarNode or key.value in built:
                    return self.construct_object(node, deep=True)
                built[key.value] = self._build(value)
            return built
        elif tag is _SEQ and kind is SequenceNode:
            return [self._build(item) for item in node.value]
        return self.construct_object(node, deep=True)


class _Loader(CParser, _FastConstructor, _Resolver):
    """What ruamel's ``YAML.load`` builds for each text with the C parser (its ``XLoader``: the C
    parser, this module's constructor and resolver, joined the same way), the class made once: ruamel
    makes the class and its ``YAML`` object again for every call, a tenth of a data file's load."""

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        self._parser = self._composer = self
        _FastConstructor.__init__(self, loader=self)
        self.allow_duplicate_keys = False
        _Resolver.__init__(self, version=None, loadumper=self)


def load(text: str, *, aliases: bool = False) -> Any:
    """Parse YAML text; refuse, before parsing, nesting the C loader cannot survive and (unless
    ``aliases``) anchors and aliases, which can expand a small file beyond any bound."""
    if aliases:
        return _load(text, aliases, _Resolver, _Constructor)
    return _load(text, aliases, _Resolver, _FastConstructor, fast=True)


def load_with_ruamel(text: str, *, aliases: bool = False) -> Any:
    """The same checks, then ruamel's own resolver and safe constructor: the reference ``load``
    follows (tests hold it to the same values and the same problems)."""
    return _load(text, aliases, VersionedResolver, _Constructor)


def _load(text: str, aliases: bool, resolver: type[VersionedResolver], constructor: type[_Constructor],
          *, fast: bool = False) -> Any:
    try:
        nesting.check_yaml(text, aliases=aliases)
    except nesting.Refusal as exc:
        raise YamlProblem(str(exc)) from None
    try:
        if fast:
            loader = _Loader(text)
            try:
                return loader.get_single_data()
            finally:
                loader.dispose()
        yaml = _YAML(typ="safe")  # the C parser of ruamel.yaml.clib when present: ~8x faster, same YAML 1.2 rules
        yaml.Resolver = resolver
        yaml.Constructor = constructor
        return yaml.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(f"{where}malformed YAML: {problem}") from None
    except (IndexError, KeyError, TypeError, ValueError) as exc:
        # ruamel's constructors of explicit tags fail this way on values they cannot build
        # ("x: !!int" with nothing after it, "!!bool" of an empty value): still the file's problem.
        raise YamlProblem(f"malformed YAML: a tagged value could not be built ({type(exc).__name__})") from None


def dump(data: Any) -> str:
    """The data as YAML text: ``yamlemit``'s fast writer, or ruamel's emitter for what it leaves
    (both give the same bytes; tests hold them to it)."""
    prepared = _prepare(data)
    try:
        return yamlemit.emit(prepared, is_plain_str=_plain_is_str, float_text=_float_text)
    except yamlemit.Unsupported:
        return _ruamel_dump(prepared)


def _dumper() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = yamlemit.WIDTH
    yaml.indent(mapping=yamlemit.MAP_INDENT, sequence=yamlemit.SEQ_INDENT, offset=2)
    yaml.allow_unicode = True
    return yaml


def dump_with_ruamel(data: Any) -> str:
    """ruamel's round-trip emitter: the reference the fast writer follows."""
    return _ruamel_dump(_prepare(data))


def _ruamel_dump(prepared: Any) -> str:
    out = io.StringIO()
    _dumper().dump(prepared, out)
    return out.getvalue()


_RESOLVER = _dumper().resolver


@functools.lru_cache(maxsize=65536)
def _plain_is_str(text: str) -> bool:
    """Would ``text`` written plain read back as a string (not a date, number, boolean or null)?"""
    return bool(_RESOLVER.resolve(ScalarNode, text, (True, False)) == _RESOLVER.DEFAULT_SCALAR_TAG)


@functools.lru_cache(maxsize=4096)
def _float_text(value: float) -> str:
    text = _ruamel_dump({"x": value})
    if not text.startswith("x: ") or text.count("\n") != 1:
        raise yamlemit.Unsupported("a number ruamel writes on more than a line")
    return text[3:-1]


def _prepare_key(key: Any) -> Any:
    if isinstance(key, str) and not key.isprintable():
        return DoubleQuotedScalarString(key)
    return key


def _prepare(value: Any) -> Any:
    if isinstance(value, dict):
        return {_prepare_key(k): _prepare(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v) for v in value]
    if isinstance(value, str) and not _printable_lines(value):
        # Control and separator characters only survive as escapes in a double-quoted scalar.
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and "\n" in value and _literal_safe(value):
        return LiteralScalarString(value)
    if isinstance(value, str) and len(value) > FOLD_AT and "\n" not in value and _literal_safe(value):
        return _folded(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


FOLD_AT = 90


def _folded(text: str) -> FoldedScalarString:
    """Long prose as a folded block, broken at single spaces (which fold back to spaces)."""
    folded = FoldedScalarString(text)
    positions, last = [], 0
    # the first single space (one between two other characters) more than FOLD_AT - 10 past the last
    while (found := yamlemit.LONE_SPACE.search(text, last + FOLD_AT - 9)) is not None:
        last = found.start()
        positions.append(last)
    folded.fold_pos = positions  # type: ignore[attr-defined]
    return folded


def _literal_safe(text: str) -> bool:
    """Literal blocks cannot carry trailing blanks, tabs, CR or leading blank lines faithfully."""
    if text.startswith((" ", "\n")) or text.endswith(" ") or text.endswith("\n\n"):
        return False
    if not _printable_lines(text):
        return False
    return all(line == line.rstrip() for line in text.split("\n"))


def _printable_lines(text: str) -> bool:
    """Every character printable or a line feed."""
    return text.isprintable() or text.replace("\n", "").isprintable()
