#!/usr/bin/env python3
"""Time ``update.merge``: a whole site with nothing changed, and one page fully edited.

Usage: python benchmarks/bench_update.py
"""

from __future__ import annotations

import time

from transpipe.catalog import Catalog, Message
from transpipe.update import merge


def page(texts: list[str], translate: bool) -> Catalog:
    return Catalog(
        headers={"Content-Type": "text/plain; charset=UTF-8"},
        messages=[
            Message(t, t.upper() if translate else "", locations=[("p.md", i)])
            for i, t in enumerate(texts)
        ],
    )


def texts(page_no: int, count: int) -> list[str]:
    return [
        f"Page {page_no}, paragraph {i}: the network learns a representation of the data, "
        f"and gradient descent minimises the loss over {i} batches of examples."
        for i in range(count)
    ]


def main() -> None:
    pages = [texts(p, 300) for p in range(60)]
    pairs = [(page(t, False), page(t, True)) for t in pages]
    start = time.perf_counter()
    for template, catalog in pairs:
        for _lang in range(15):
            merge(template, catalog)
    print(
        "60 pages × 15 languages × 300 entries, nothing changed: "
        f"{time.perf_counter() - start:.2f} s"
    )
    edited = [t.replace("network", "model") for t in pages[0]]
    start = time.perf_counter()
    result = merge(page(edited, False), pairs[0][1])
    print(
        f"one 300-entry page, every paragraph edited ({result.fuzzy} fuzzy): "
        f"{time.perf_counter() - start:.2f} s"
    )


if __name__ == "__main__":
    main()
