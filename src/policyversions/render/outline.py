"""A plain-text outline of a policy: an indented tree with node ids, for terminals and notes."""

from __future__ import annotations

from ..model import Block, CommitmentList, Paragraph, Policy, Section, Table


def render_outline(policy: Policy, *, width: int = 72) -> str:
    """Return an indented outline of *policy*, one node a line, each with its id.

    Texts longer than *width* characters are shortened with an ellipsis; ``width=0`` keeps
    them whole.
    """
    lines = [policy.title]
    lines.extend(f"  {decision}" for decision in policy.decisions)
    _blocks(policy.body, 0, width, lines)
    return "\n".join(lines) + "\n"


def _blocks(blocks: tuple[Block, ...], depth: int, width: int, lines: list[str]) -> None:
    pad = "  " * depth
    for block in blocks:
        if isinstance(block, Section):
            lines.append(f"{pad}[{block.id}] § {_cut(block.title, width)}")
            _blocks(block.children, depth + 1, width, lines)
        elif isinstance(block, Paragraph):
            lines.append(f"{pad}[{block.id}] ¶ {_cut(block.text, width)}")
        elif isinstance(block, CommitmentList):
            _list(block, depth, width, lines)
        else:
            _table(block, depth, width, lines)


def _list(block: CommitmentList, depth: int, width: int, lines: list[str]) -> None:
    pad = "  " * depth
    lead = f": {_cut(block.lead_in, width)}" if block.lead_in else ""
    lines.append(f"{pad}[{block.id}] list ({block.style}, {len(block.items)}){lead}")
    marker = "•" if block.style == "bullet" else "#"
    for item in block.items:
        lines.append(f"{pad}  [{item.id}] {item.label or marker} {_cut(item.text, width)}")
        if item.sublist is not None:
            _list(item.sublist, depth + 2, width, lines)
    if block.wrap_up:
        lines.append(f"{pad}  wrap-up: {_cut(block.wrap_up, width)}")


def _table(table: Table, depth: int, width: int, lines: list[str]) -> None:
    pad = "  " * depth
    columns = max(len(row.cells) for row in table.rows)
    caption = f": {_cut(table.caption, width)}" if table.caption else ""
    lines.append(f"{pad}[{table.id}] table ({len(table.rows)} x {columns}){caption}")
    for row in table.rows:
        marker = "‖" if row.header else "|"
        lines.append(f"{pad}  [{row.id}] {marker} {_cut(row.text, width)}")


def _cut(text: str, width: int) -> str:
    if width <= 0 or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"
