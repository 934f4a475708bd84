"""Renders the metric part of the data dictionary from the catalogue (``python -m queries.dictionary``).

``docs/data-dictionary.md`` embeds this output between markers; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from queries import catalogue

DOC = Path(__file__).parent.parent / "docs" / "data-dictionary.md"
BEGIN, END = "<!-- metrics:begin -->", "<!-- metrics:end -->"
KIND_VI = {"stock": "thời điểm (stock)", "flow": "thời kỳ (flow)", "ratio": "tỷ lệ (ratio)"}


def render() -> str:
    lines = [
        "| khóa (key) | tên | đơn vị tính | loại | nguồn | cắt theo | định dạng | ý nghĩa |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in catalogue.describe():
        lines.append(
            f"| `{row['key']}` | {row['label']} | {row['unit']} | {KIND_VI[row['kind']]} | {row['source']} | "
            f"{row['dims']} | {row['format']} | {row['description']} |"
        )
    return "\n".join(lines)


def update(path: Path = DOC) -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{render()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    update()
    sys.stdout.write(f"updated {DOC}\n")
