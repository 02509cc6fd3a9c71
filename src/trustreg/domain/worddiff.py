"""The one word diff: two texts compared word by word, bounded in cost. No Django here.

Used by the evidence monitor (a kept copy against its new text), the reviewer's draft diff and the
public changelog (prose fields of a cell). difflib's SequenceMatcher is quadratic in the worst case and, with autojunk on, silently treats
frequent words as junk (which hides real changes in long policy pages), so autojunk is off and the
input is capped.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from dataclasses import dataclass

MAX_WORDS = 200_000  # per side; beyond this only the start is compared (and the diff says so)
REFINE_LIMIT = 4_000  # words x words handed to difflib at once (its worst case is cubic)
CONTEXT_WORDS = 8
MAX_CHUNKS = 400  # what is stored and shown; a rewritten page does not need every change listed
MAX_CHUNK_CHARS = 2_000


@dataclass(frozen=True)
class WordDiff:
    chunks: tuple[tuple[str, str], ...]  # ("equal" | "delete" | "insert", text); equal runs trimmed
    words_removed: int
    words_added: int
    truncated: bool

    @property
    def changed(self) -> bool:
        return bool(self.words_removed or self.words_added)

    def as_text(self) -> str:
        """[-removed-] {+added+} with a little context: readable in a terminal or a flag."""
        parts = []
        for op, text in self.chunks:
            parts.append(
                text if op == "equal" else ("[-" + text + "-]" if op == "delete" else "{+" + text + "+}")
            )
        suffix = "\n(the diff is cut short: the page changed a great deal)" if self.truncated else ""
        return " ".join(parts) + suffix

    def to_json(self) -> dict:
        return {
            "chunks": [list(c) for c in self.chunks],
            "words_removed": self.words_removed,
            "words_added": self.words_added,
            "truncated": self.truncated,
        }

    @classmethod
    def from_json(cls, data: dict) -> WordDiff:
        return cls(
            chunks=tuple((str(op), str(text)) for op, text in data.get("chunks", [])),
            words_removed=int(data.get("words_removed", 0)),
            words_added=int(data.get("words_added", 0)),
            truncated=bool(data.get("truncated", False)),
        )


def _cap(text: str) -> str:
    return text if len(text) <= MAX_CHUNK_CHARS else text[:MAX_CHUNK_CHARS] + " …"


def _trim(words: list[str], *, first: bool, last: bool, context: int) -> str:
    """Keep ``context`` words on the sides that touch a change; elide the rest."""
    if len(words) <= 2 * context:
        return " ".join(words)
    if first:
        return "… " + " ".join(words[-context:])
    if last:
        return " ".join(words[:context]) + " …"
    return " ".join(words[:context]) + " … " + " ".join(words[-context:])


def _unique_anchors(
    a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Words that occur exactly once on both sides, in an order both sides agree on (patience diff)."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and a[i] in where_b]
    # Longest increasing subsequence on the b positions, O(k log k).
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[pos] = j
            tail_index[pos] = k
        previous[k] = tail_index[pos - 1] if pos else -1
    chain = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Patience diff down to small regions, then difflib inside them: near-linear on real pages,
    and bounded on hostile ones (a region with no unique anchor that is too big to refine is
    reported as replaced, instead of letting the matcher go quadratic or worse)."""
    ops: list[tuple[str, int, int, int, int]] = []
    work = [(0, len(a), 0, len(b))]
    while work:
        alo, ahi, blo, bhi = work.pop()
        start_a, start_b = alo, blo
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo, blo = alo + 1, blo + 1
        if alo > start_a:
            ops.append(("equal", start_a, alo, start_b, blo))
        end_a, end_b = ahi, bhi
        while ahi > alo and bhi > blo and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
        if ahi < end_a:
            ops.append(("equal", ahi, end_a, bhi, end_b))
        if alo == ahi and blo == bhi:
            continue
        if alo == ahi or blo == bhi:
            ops.append(("insert" if alo == ahi else "delete", alo, ahi, blo, bhi))
            continue
        anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
        if anchors:
            prev_a, prev_b = alo, blo
            for i, j in anchors:
                work.append((prev_a, i, prev_b, j))
                ops.append(("equal", i, i + 1, j, j + 1))
                prev_a, prev_b = i + 1, j + 1
            work.append((prev_a, ahi, prev_b, bhi))
        elif (ahi - alo) * (bhi - blo) <= REFINE_LIMIT:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                ops.append((tag, alo + i1, alo + i2, blo + j1, blo + j2))
        else:
            ops.append(("replace", alo, ahi, blo, bhi))
    ops.sort(key=lambda op: (op[1], op[3], op[0] != "delete"))
    return ops


def word_diff(
    before: str, after: str, *, max_words: int = MAX_WORDS, context: int | None = CONTEXT_WORDS,
) -> WordDiff:
    """The changed words of ``after`` against ``before`` (white space folded).

    At most ``max_words`` of each side are compared (``truncated`` says when more were there).
    Unchanged runs keep ``context`` words on each side of a change; ``context=None`` keeps them
    whole (short prose read in full, as the changelog shows it)."""
    a, b = before.split(), after.split()
    truncated = len(a) > max_words or len(b) > max_words
    a, b = a[:max_words], b[:max_words]
    ops: list[tuple[str, list[str]]] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        pieces = []
        if tag == "equal":
            pieces = [("equal", a[i1:i2])]
        else:
            if i2 > i1:
                pieces.append(("delete", a[i1:i2]))
            if j2 > j1:
                pieces.append(("insert", b[j1:j2]))
        for op, words in pieces:
            if not words:
                continue
            if ops and ops[-1][0] == op and op == "equal":
                ops[-1] = (op, ops[-1][1] + words)
            else:
                ops.append((op, words))
    removed = sum(len(w) for op, w in ops if op == "delete")
    added = sum(len(w) for op, w in ops if op == "insert")
    if context is None:
        return WordDiff(tuple((op, " ".join(words)) for op, words in ops), removed, added, truncated)
    if not removed and not added:
        return WordDiff((), 0, 0, truncated)
    chunks = [
        (op, _trim(words, first=i == 0, last=i == len(ops) - 1, context=context)
         if op == "equal" else _cap(" ".join(words)))
        for i, (op, words) in enumerate(ops)
    ]
    if len(chunks) > MAX_CHUNKS:
        chunks, truncated = chunks[:MAX_CHUNKS], True
    return WordDiff(tuple(chunks), removed, added, truncated)
