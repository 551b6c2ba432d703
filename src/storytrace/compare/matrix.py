"""The claim matrix: claims as rows, versions as columns.

Each row is one alignment group (claims of several versions that say the same thing) or
a claim no other version carries; its representative is the group's claim from the
earliest version. A cell is "agree", "differs", "contradicts" or "absent", with the
relation behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storytrace.compare.records import CELL_OF, Claim, MatrixCell, MatrixRow, Relation

if TYPE_CHECKING:
    from storytrace.compare.records import StoryComparison

#: When a cell has several relations (many-to-one), the strongest one shows.
_SEVERITY = {"agree": 0, "absent": 1, "differs": 2, "contradicts": 3}


def build_matrix(comparison: StoryComparison) -> list[MatrixRow]:
    order = {v.id: i for i, v in enumerate(comparison.versions)}
    by_id: dict[str, Claim] = {c.id: c for cs in comparison.claims.values() for c in cs}
    pair_rel: dict[tuple[str, str], Relation] = {}
    for r in comparison.relations:
        if r.a is not None and r.b is not None:
            # Two claims can have several relations (a number mismatch and the figure
            # marked as added): the cell shows the strongest, never the last one listed.
            for key in ((r.a.id, r.b.id), (r.b.id, r.a.id)):
                held = pair_rel.get(key)
                if held is None or _SEVERITY[CELL_OF[r.kind]] > _SEVERITY[CELL_OF[held.kind]]:
                    pair_rel[key] = r
    rows: list[MatrixRow] = []
    seen: set[str] = set()
    for group in comparison.alignments:
        members = [by_id[c] for c in group if c in by_id]
        if not members:
            continue
        members.sort(key=lambda c: (order.get(c.version, 0), c.span[0]))
        rows.append(_row(members, comparison, pair_rel))
        seen.update(c.id for c in members)
    for v in comparison.versions:
        for c in comparison.claims.get(v.id, []):
            if c.id not in seen:
                rows.append(_row([c], comparison, pair_rel))
    rows.sort(key=lambda r: (order.get(r.claim.version, 0), r.claim.span[0]))
    return rows


def _row(
    members: list[Claim],
    comparison: StoryComparison,
    pair_rel: dict[tuple[str, str], Relation],
) -> MatrixRow:
    rep = members[0]
    cells: dict[str, MatrixCell] = {}
    for v in comparison.versions:
        mine = [c for c in members if c.version == v.id]
        if v.id == rep.version:
            cells[v.id] = MatrixCell("agree", rep.id, None)
            continue
        if not mine:
            cells[v.id] = MatrixCell("absent", None, None)
            continue
        best: MatrixCell | None = None
        for c in mine:
            rel = pair_rel.get((rep.id, c.id))
            cell = MatrixCell(CELL_OF[rel.kind] if rel else "agree", c.id, rel)
            if best is None or _SEVERITY[cell.cell] > _SEVERITY[best.cell]:
                best = cell
        assert best is not None
        cells[v.id] = best
    return MatrixRow(rep, cells)
