"""A page's rows straight from a query: counted in SQL, built only for the slice a page shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from django.db.models import QuerySet

T = TypeVar("T")
MAX_WINDOW_PAGE = 10_000  # a page number past this is read as this one (bounded parse)


class LazyRows(Sequence[T]):
    """Rows of a query, built only when a page slices them; its length is one COUNT query."""

    def __init__(self, rows: QuerySet[Any], build: Callable[[list[Any]], list[T]], count: int | None = None):
        """``count``: the number of rows when already known (then no COUNT query is made)."""
        self._rows, self._build = rows, build
        self._count: int | None = count

    def __len__(self) -> int:  # Django's Paginator asks this once per page
        if self._count is None:
            self._count = self._rows.count()
        return self._count

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return self._build(list(self._rows[i]))
        return self._build([self._rows[i]])[0]

    def __iter__(self) -> Iterator[T]:
        for start in range(0, len(self), 500):
            yield from self[start:start + 500]


class Window(Generic[T]):
    """One page of a query's rows without counting them all: it reads one row more than it shows to
    know whether a next page exists (a picker or search pages this way; no COUNT over the registry)."""

    def __init__(self, rows: QuerySet[Any], number: object, size: int):
        try:
            self.number = max(1, min(int(str(number)), MAX_WINDOW_PAGE))
        except ValueError:
            self.number = 1
        start = (self.number - 1) * size
        found = list(rows[start:start + size + 1])
        self.object_list: list[T] = found[:size]
        self.has_next = len(found) > size
        self.has_previous = self.number > 1
        self.start_index = start + 1 if self.object_list else 0
        self.end_index = start + len(self.object_list)

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1
