"""Merging two edits of one record field by field, against the version both started from.

A field changed on one side only takes that side's value; a field changed on both
sides to the same value is simply that value; a field changed on both sides to
different values is a conflict that a person must settle. Never by wall clock.
Nested objects (consent, contact details, an organisation's extra fields) merge
field by field too; lists are one value each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_MISSING = object()
_UNKNOWN = object()  # no base at all: equal to nothing, and nested values unknown too


@dataclass(frozen=True, kw_only=True)
class FieldConflict:
    path: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(kw_only=True)
class MergeResult:
    """The merged document (conflicting fields hold this side's value until settled)."""

    merged: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _same(a: Any, b: Any) -> bool:
    """Equal, with "absent" equal only to itself."""
    if a is _UNKNOWN or b is _UNKNOWN:
        return False
    if a is _MISSING or b is _MISSING:
        return a is b
    return bool(a == b)


def _merge(base: Any, mine: Any, theirs: Any, path: str, conflicts: list[FieldConflict]) -> Any:
    if _same(mine, theirs):
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict):
        base_map = base if isinstance(base, dict) else {}
        out: dict[str, Any] = {}
        for key in sorted(set(mine) | set(theirs) | set(base_map), key=str):
            value = _merge(
                base_map.get(key, _UNKNOWN if base is _UNKNOWN else _MISSING),
                mine.get(key, _MISSING),
                theirs.get(key, _MISSING),
                f"{path}.{key}" if path else str(key),
                conflicts,
            )
            if value is not _MISSING:
                out[key] = value
        return out
    if _same(mine, base):
        return theirs
    if _same(theirs, base):
        return mine
    conflicts.append(
        FieldConflict(
            path=path,
            base=None if base in (_MISSING, _UNKNOWN) else base,
            mine=None if mine is _MISSING else mine,
            theirs=None if theirs is _MISSING else theirs,
        )
    )
    return mine


def merge_fields(
    base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any]
) -> MergeResult:
    """Three-way merge of two plain documents. With no base, any difference conflicts."""
    conflicts: list[FieldConflict] = []
    if base is None:
        # No common version known: nothing can be called unchanged.
        conflicts_only = _merge(_UNKNOWN, mine, theirs, "", conflicts)
        return MergeResult(merged=conflicts_only, conflicts=conflicts)
    merged = _merge(base, mine, theirs, "", conflicts)
    return MergeResult(merged=merged, conflicts=conflicts)


def settle(
    merged: dict[str, Any], conflicts: list[FieldConflict], choices: dict[str, str]
) -> dict[str, Any]:
    """Apply a person's choice ("mine" or "theirs") for every conflicting field.

    Raises:
        ValueError: a conflicting field has no choice, or a choice is not mine/theirs.
    """
    out: dict[str, Any] = _copy(merged)
    for conflict in conflicts:
        choice = choices.get(conflict.path)
        if choice not in ("mine", "theirs"):
            raise ValueError(f"choose 'mine' or 'theirs' for {conflict.path}")
        value = conflict.mine if choice == "mine" else conflict.theirs
        _set_path(out, conflict.path, value)
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    target = doc
    for part in parts[:-1]:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            target[part] = nxt
        target = nxt
    if value is None and parts[-1] not in target:
        return
    target[parts[-1]] = value
