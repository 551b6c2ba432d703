"""compare stage: what each version of a story claims, and how versions relate.

Records first (the contract shared with the store side and the stance engineer)::

    from storytrace.compare import Version, compare_versions
"""

from __future__ import annotations

from storytrace.compare.records import (
    AGREEING,
    CELL_OF,
    Claim,
    MatrixCell,
    MatrixRow,
    Quantity,
    Relation,
    RelationKind,
    StoryComparison,
    Version,
)

__all__ = [
    "AGREEING",
    "CELL_OF",
    "Claim",
    "MatrixCell",
    "MatrixRow",
    "Quantity",
    "Relation",
    "RelationKind",
    "StoryComparison",
    "Version",
]
