"""Outcome instruments declared in data, like forms.

An instrument names its areas and its scale; a check-in scores each area or
marks it not applicable. An organisation licensed for another questionnaire adds
a JSON file beside the shipped one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentorapp.core.forms import FormError


@dataclass(frozen=True, kw_only=True)
class Area:
    key: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Instrument:
    id: str
    version: int
    title: str
    scale_min: int
    scale_max: int
    allow_not_applicable: bool
    areas: tuple[Area, ...]
    low_label: str = ""
    high_label: str = ""

    def validate(self, scores: Mapping[str, Any]) -> dict[str, int | None]:
        """Return cleaned scores or raise ValueError naming every problem.

        ``None`` (or "n/a") marks an area not applicable.
        """
        problems: list[str] = []
        cleaned: dict[str, int | None] = {}
        keys = {a.key for a in self.areas}
        for key in scores:
            if key not in keys:
                problems.append(f"{key}: is not an area of {self.title}")
        for area in self.areas:
            raw = scores.get(area.key)
            if raw is None or (isinstance(raw, str) and raw.strip().lower() in ("n/a", "na", "")):
                if not self.allow_not_applicable:
                    problems.append(f"{area.key}: needs a score")
                cleaned[area.key] = None
                continue
            try:
                value = int(raw)
            except (TypeError, ValueError):
                problems.append(f"{area.key}: must be a whole number")
                continue
            if not self.scale_min <= value <= self.scale_max:
                problems.append(f"{area.key}: must be {self.scale_min} to {self.scale_max}")
                continue
            cleaned[area.key] = value
        if problems:
            raise ValueError("; ".join(problems))
        return cleaned


def parse_instrument(raw: Mapping[str, Any], where: str = "instrument") -> Instrument:
    try:
        scale = raw["scale"]
        return Instrument(
            id=str(raw["id"]),
            version=int(raw["version"]),
            title=str(raw.get("title", raw["id"])),
            scale_min=int(scale["min"]),
            scale_max=int(scale["max"]),
            low_label=str(scale.get("low_label", "")),
            high_label=str(scale.get("high_label", "")),
            allow_not_applicable=bool(raw.get("allow_not_applicable", False)),
            areas=tuple(Area(key=str(a["key"]), label=str(a["label"])) for a in raw["areas"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise FormError(f"{where}: not a usable instrument ({exc})") from exc


class InstrumentRegistry:
    """Every instrument version found in a list of folders (earlier folders win)."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self._items: dict[tuple[str, int], Instrument] = {}
        for folder in reversed(list(folders)):
            for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
                try:
                    raw = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise FormError(f"{path}: cannot be read as JSON ({exc})") from exc
                inst = parse_instrument(raw, str(path))
                self._items[(inst.id, inst.version)] = inst

    def get(self, instrument_id: str, version: int | None = None) -> Instrument:
        if version is not None and (instrument_id, version) in self._items:
            return self._items[(instrument_id, version)]
        versions = [v for (i, v) in self._items if i == instrument_id]
        if not versions:
            raise KeyError(f"no instrument called {instrument_id!r}")
        return self._items[(instrument_id, max(versions))]

    def ids(self) -> list[str]:
        return sorted({i for (i, _) in self._items})
