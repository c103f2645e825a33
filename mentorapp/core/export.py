"""Flat rows for CSV export: one column per form field, organisation fields included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from mentorapp.core.forms import FieldType, FormDefinition, FormField, answers_from_record
from mentorapp.core.model import Record


# One return per kind of value.
def _cell(f: FormField | None, value: Any) -> str:  # noqa: PLR0911
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date | dt.time | Decimal):
        return str(value.isoformat() if not isinstance(value, Decimal) else value)
    if isinstance(value, list):
        if f is not None and f.type is FieldType.REPEAT:
            return " | ".join(
                ", ".join(f"{k}={_cell(None, v)}" for k, v in item.items() if v not in (None, ""))
                for item in value
                if isinstance(item, dict)
            )
        return "; ".join(_cell(None, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={_cell(None, v)}" for k, v in value.items())
    return str(value)


def export_rows(
    form: FormDefinition, records: Iterable[Record]
) -> tuple[list[str], list[list[str]]]:
    """Header and rows for every record captured with ``form`` (any version).

    Columns are the form's fields in order, then any answers the records hold for
    fields no longer (or not yet) in this version of the form.
    """
    chosen = [r for r in records if r.form_id == form.id]
    keys = form.keys
    leftovers = sorted({k for r in chosen for k in r.extra if k not in keys})
    header = ["id", "form_version", *keys, *leftovers]
    rows: list[list[str]] = []
    for r in chosen:
        answers = answers_from_record(form, r)
        row = [r.id, str(r.form_version)]
        row += [_cell(form.field(k), answers.get(k)) for k in keys]
        row += [_cell(None, r.extra.get(k)) for k in leftovers]
        rows.append(row)
    return header, rows
