"""Long lists cut into pages: no page of the site grows with the catalog.

A list of initiatives (A–Z, a facet's value, a territory) or of organisations
shows at most :data:`PAGE_SIZE` of them a page; page 1 keeps the list's
address, the next ones are beside it (``index/themes/culture.html``, then
``index/themes/culture.page-2.html``…: no slug has a dot, so no other page
can have that name; in the same folder, they share its frame and its list
entries, rendered once), each linked from the others, in order, with previous
and next. Plain static pages: they work without JavaScript and in the offline
archive. The whole list stays in the open data.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_SIZE = 100
"""Initiatives on one page of a list: an entry weighs ~550 bytes of HTML, so a
page stays near 90 kB with the theme's frame, whatever the size of the catalog."""
ALL_NUMBERS_UP_TO = 12
"""A list of this many pages or fewer names every page; a longer one names the
first, the last and two on either side of the page shown (the others are a
« next » or a « previous » away, and an A–Z list also has its letters)."""


def page_uri(first: str, number: int) -> str:
    """The source of page ``number`` of the list whose first page is ``first``:
    ``index/themes/culture.md`` -> ``index/themes/culture.page-3.md``."""
    return first if number == 1 else f"{first.removesuffix('.md')}.page-{number}.md"


@dataclass(frozen=True)
class ListPage:
    """One page of a list."""

    number: int
    """From 1."""
    uris: tuple[str, ...]
    """Every page of the list, in order (sources)."""
    start: int
    """Position of its first item in the whole list, from 0."""
    items: list
    total: int
    """Items in the whole list."""

    @property
    def count(self) -> int:
        """Pages in the list."""
        return len(self.uris)

    @property
    def uri(self) -> str:
        return self.uris[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.uris[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.uris[self.number] if self.number < self.count else None

    def numbers(self) -> list[tuple[int, str] | None]:
        """The pages the navigation names, ``(number, source)``, in order; ``None``
        where pages are left out (see :data:`ALL_NUMBERS_UP_TO`)."""
        if self.count <= ALL_NUMBERS_UP_TO:
            shown = list(range(1, self.count + 1))
        else:
            around = range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)
            shown = sorted({1, self.count, *around})
        out: list[tuple[int, str] | None] = []
        previous = 0
        for k in shown:
            if k > previous + 1:
                out.append(None)
            out.append((k, self.uris[k - 1]))
            previous = k
        return out

    @property
    def first(self) -> int:
        """Position of its first item, from 1 (as a reader counts)."""
        return self.start + 1

    @property
    def last(self) -> int:
        return self.start + len(self.items)


def paginate(first: str, items: list, size: int | None = None) -> list[ListPage]:
    """``items`` in pages of ``size`` (:data:`PAGE_SIZE`); at least one page (an empty list has one, empty)."""
    size = size or PAGE_SIZE
    count = max(1, -(-len(items) // size))
    uris = tuple(page_uri(first, k) for k in range(1, count + 1))
    return [
        ListPage(k, uris, (k - 1) * size, items[(k - 1) * size : k * size], len(items)) for k in range(1, count + 1)
    ]


def page_of(position: int, size: int | None = None) -> int:
    """The page (from 1) that shows the item at ``position`` (from 0)."""
    return position // (size or PAGE_SIZE) + 1
