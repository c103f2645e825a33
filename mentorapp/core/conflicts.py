"""The parts of a sync conflict a person is shown, worked out once for the window and
the command line: the record, the form it was made with, and a label for each answer
both sides changed (formatting the values is each front end's own)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from mentorapp.core.codec import RecordDecodeError, decode_record
from mentorapp.core.forms import (
    FormDefinition,
    FormField,
    FormRegistry,
    field_for_path,
    readable_path,
)
from mentorapp.core.instruments import InstrumentRegistry
from mentorapp.core.model import Record, RecordType


def decode_document(record_type: str, doc: dict[str, Any] | None) -> Record | None:
    """A record from one side of a conflict, or None (deleted there, or unreadable)."""
    if doc is None:
        return None
    try:
        return decode_record(RecordType(record_type), json.dumps(doc).encode())
    except (RecordDecodeError, ValueError):
        return None


def form_of(
    forms: FormRegistry, record_type: str, doc: dict[str, Any] | None
) -> FormDefinition | None:
    """The form (and version) the record was made with, else its kind's form."""
    doc = doc or {}
    try:
        if doc.get("form_id"):
            return forms.get(str(doc["form_id"]), doc.get("form_version") or None)
        return forms.for_record_type(RecordType(record_type))
    except (KeyError, ValueError):
        return None


def labelled_answers(
    record_type: str,
    doc: dict[str, Any] | None,
    paths: Iterable[str],
    forms: FormRegistry,
    instruments: InstrumentRegistry,
) -> list[tuple[str, str, FormField | None]]:
    """(path, label, the form's field if any) for each answer in conflict: the form's
    label, a check-in area's name, or the path in words."""
    form = form_of(forms, record_type, doc)
    areas: dict[str, str] = {}
    if record_type == RecordType.CHECK_IN.value:
        try:
            instrument = instruments.get(str((doc or {}).get("instrument_id", "")))
            areas = {a.key: a.label for a in instrument.areas}
        except KeyError:
            areas = {}
    out = []
    for path in paths:
        field = field_for_path(form, path) if form is not None else None
        if field is not None:
            label = field.label
        elif path.startswith("scores.") and path[7:] in areas:
            label = areas[path[7:]]
        else:
            label = readable_path(path)
        out.append((path, label, field))
    return out
