"""Forms declared in data, and the one engine that validates answers against them.

A form file (JSON, in ``resources/forms/`` or an organisation's own forms folder)
declares its id, version, the record type it captures and its fields. Answer
keys that name a field of the record's dataclass fill that field (dotted keys
reach nested ones, such as ``consent.given``); any other key is an
organisation's own field and is kept in the record's ``extra``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

import msgspec

from mentorapp.core.model import RECORD_CLASSES, Record, RecordType


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    TIME = "time"
    DURATION = "duration"
    NUMBER = "number"
    MONEY = "money"
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    MENTEE = "mentee"
    MENTEES = "mentees"
    REPEAT = "repeat"


class FormError(Exception):
    """A form file that cannot be used, with a message naming the file and the problem."""


@dataclass(frozen=True, kw_only=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Condition:
    """Show a field only when another field has one of these values."""

    field: str
    equals: tuple[Any, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.field)
        if isinstance(value, list):
            return any(v in self.equals for v in value)
        return value in self.equals


@dataclass(frozen=True, kw_only=True)
class FormField:
    key: str
    type: FieldType
    label: str
    required: bool = False
    help: str = ""
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    fields: tuple[FormField, ...] = ()  # sub-fields of a repeat
    default: Any = None

    def is_shown(self, answers: Mapping[str, Any]) -> bool:
        return self.show_if is None or self.show_if.holds(answers)

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return value


@dataclass(frozen=True, kw_only=True)
class FormDefinition:
    id: str
    version: int
    record_type: RecordType
    title: str
    description: str = ""
    fields: tuple[FormField, ...] = ()

    def field(self, key: str) -> FormField:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]


@dataclass(frozen=True, kw_only=True)
class FieldError:
    """One problem with one answer, in words a mentor understands."""

    key: str
    message: str


@dataclass(kw_only=True)
class ValidationResult:
    cleaned: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self) -> str:
        return "; ".join(f"{e.key}: {e.message}" for e in self.errors)


# --- loading -----------------------------------------------------------------

_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _checked_attributes(raw: Mapping[str, Any], key: str, where: str) -> None:
    """The attributes an organisation's form file may get wrong, each named with its fix."""
    field_name = f"{where}: field {key!r}"
    for name in ("min", "max"):
        if raw.get(name) is not None and not _is_number(raw[name]):
            raise FormError(
                f"{field_name}: {name} must be a number, like 0 or 720 (not {raw[name]!r})"
            )
    limit = raw.get("max_length")
    if limit is not None and not (isinstance(limit, int) and not isinstance(limit, bool)):
        raise FormError(f"{field_name}: max_length must be a whole number, like 200")
    if limit is not None and limit < 1:
        raise FormError(f"{field_name}: max_length must be at least 1")
    if not isinstance(raw.get("required", False), bool):
        raise FormError(f"{field_name}: required must be true or false, without quotes")
    for name in ("options", "fields"):
        if not isinstance(raw.get(name, []), list):
            raise FormError(f"{field_name}: {name} must be a list [...]")
    for option in raw.get("options", []):
        if isinstance(option, Mapping) and "value" not in option:
            raise FormError(f"{field_name}: every option needs a value")
    if "show_if" in raw:
        cond = raw["show_if"]
        if not isinstance(cond, Mapping) or not isinstance(cond.get("field"), str):
            raise FormError(
                f"{field_name}: show_if must be an object naming an earlier field, like "
                '{"field": "consent.given", "equals": true}'
            )


def _parse_field(raw: Mapping[str, Any], where: str) -> FormField:
    if not isinstance(raw, Mapping):
        raise FormError(f"{where}: every field must be an object {{...}}, not {raw!r}")
    try:
        key = str(raw["key"])
        ftype = FieldType(raw["type"])
    except (KeyError, ValueError) as exc:
        raise FormError(f"{where}: every field needs a key and a known type ({exc})") from exc
    if not _KEY.match(key):
        raise FormError(f"{where}: field key {key!r} must be lower_case letters and digits")
    _checked_attributes(raw, key, where)
    options = tuple(
        Option(value=str(o["value"]), label=str(o.get("label", o["value"])))
        if isinstance(o, Mapping)
        else Option(value=str(o), label=str(o))
        for o in raw.get("options", ())
    )
    if ftype in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not options:
        raise FormError(f"{where}: choice field {key!r} has no options")
    show_if = None
    if "show_if" in raw:
        cond = raw["show_if"]
        equals = cond.get("equals", True)
        show_if = Condition(
            field=cond["field"],
            equals=tuple(equals) if isinstance(equals, list) else (equals,),
        )
    subfields = tuple(_parse_field(s, f"{where}/{key}") for s in raw.get("fields", ()))
    if ftype is FieldType.REPEAT and not subfields:
        raise FormError(f"{where}: repeat field {key!r} has no sub-fields")
    return FormField(
        key=key,
        type=ftype,
        label=str(raw.get("label", key)),
        required=raw.get("required", False),
        help=str(raw.get("help", "")),
        min=raw.get("min"),
        max=raw.get("max"),
        max_length=raw.get("max_length"),
        options=options,
        show_if=show_if,
        fields=subfields,
        default=raw.get("default"),
    )


def parse_form(raw: Mapping[str, Any], where: str = "form") -> FormDefinition:
    """Build a form definition from its decoded JSON, checking it is usable."""
    try:
        form = FormDefinition(
            id=str(raw["id"]),
            version=int(raw["version"]),
            record_type=RecordType(raw["record_type"]),
            title=str(raw.get("title", raw["id"])),
            description=str(raw.get("description", "")),
            fields=tuple(_parse_field(f, where) for f in raw["fields"]),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise FormError(f"{where}: not a usable form definition ({exc})") from exc
    keys = form.keys
    if len(set(keys)) != len(keys):
        raise FormError(f"{where}: a field key is used twice")
    for n, f in enumerate(form.fields):
        if f.show_if and f.show_if.field not in keys[:n]:
            raise FormError(
                f"{where}: {f.key!r} depends on {f.show_if.field!r}, which must come before it"
            )
    noun = f"a {form.record_type.value} record"
    _check_fits(form.fields, RECORD_CLASSES[form.record_type], where, noun)
    return form


# Filled by build_record itself, never by an answer.
_BOOKKEEPING = ("extra", "id", "form_id", "form_version")
_SAMPLE_ID = "01900000-0000-7000-8000-000000000000"
_SAMPLES: dict[FieldType, Any] = {
    FieldType.TEXT: "text",
    FieldType.LONG_TEXT: "text",
    FieldType.DATE: dt.date(2026, 1, 1),
    FieldType.TIME: dt.time(9, 30),
    FieldType.DURATION: 30,
    FieldType.NUMBER: 1,
    FieldType.MONEY: Decimal("1.00"),
    FieldType.YES_NO: True,
    FieldType.MENTEE: _SAMPLE_ID,
    FieldType.MENTEES: [_SAMPLE_ID],
}


def _samples(f: FormField) -> list[Any]:
    """Answers of the kinds validate() makes for this field: every option of a choice."""
    if f.type is FieldType.CHOICE:
        return [o.value for o in f.options]
    if f.type is FieldType.MULTI_CHOICE:
        return [[o.value for o in f.options]]
    if f.type is FieldType.REPEAT:
        return [[{s.key: _samples(s)[0] for s in f.fields}]]
    return [_SAMPLES[f.type]]


def _check_fits(fields: tuple[FormField, ...], cls: type[Any], where: str, noun: str) -> None:
    """Every answer a form can give must fit the record it fills, and every part of the
    record that has no default must be asked for, or saving fails for every person.

    Args:
        noun: what the fields fill, for messages: "a one_to_one record", "an item of expenses".
    """
    hints = typing.get_type_hints(cls)
    by_key = {f.key: f for f in fields}
    for part in dataclasses.fields(cls):
        needed = part.default is dataclasses.MISSING and part.default_factory is dataclasses.MISSING
        asked = by_key.get(part.name)
        if needed and (asked is None or not (asked.required or asked.default is not None)):
            problem = (
                "this form has no such field"
                if asked is None
                else "this form lets it be left blank (make it required)"
            )
            raise FormError(
                f"{where}: {noun} cannot be saved without {part.name!r}, and {problem}; "
                "check the form's record_type and its fields"
            )
    for f in fields:
        head, _, tail = f.key.partition(".")
        if head not in hints or head in _BOOKKEEPING:
            continue  # an organisation's own field, kept in the record's extra
        target = hints[head]
        if tail:
            if not dataclasses.is_dataclass(target) or tail not in typing.get_type_hints(target):
                raise FormError(f"{where}: field {f.key!r}: the {head} of {noun} has no {tail!r}")
            target = typing.get_type_hints(target)[tail]
        item = typing.get_args(target)[0] if typing.get_origin(target) is list else None
        if f.type is FieldType.REPEAT and isinstance(item, type) and dataclasses.is_dataclass(item):
            _check_fits(f.fields, item, f"{where}: field {f.key!r}", f"an item of {f.key}")
        for sample in _samples(f):
            try:
                msgspec.convert(sample, target, strict=False)
            except msgspec.ValidationError as exc:
                raise FormError(
                    f"{where}: field {f.key!r} ({f.type.value}) cannot fill the {f.key} of "
                    f"{noun} ({exc})"
                ) from None


class FormRegistry:
    """Every version of every form found in a list of folders.

    Folders listed first win when two hold the same id and version, so an
    organisation's forms folder can override the shipped forms.
    """

    def __init__(self, folders: Iterable[Path]) -> None:
        self._forms: dict[tuple[str, int], FormDefinition] = {}
        for folder in reversed(list(folders)):
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.json")):
                try:
                    raw = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise FormError(f"{path}: cannot be read as JSON ({exc})") from exc
                form = parse_form(raw, str(path))
                self._forms[(form.id, form.version)] = form

    def latest(self, form_id: str) -> FormDefinition:
        versions = [v for (i, v) in self._forms if i == form_id]
        if not versions:
            raise KeyError(f"no form called {form_id!r}")
        return self._forms[(form_id, max(versions))]

    def get(self, form_id: str, version: int | None = None) -> FormDefinition:
        """The form a record was captured with, or the latest if that version is gone."""
        if version is not None and (form_id, version) in self._forms:
            return self._forms[(form_id, version)]
        return self.latest(form_id)

    def for_record_type(self, record_type: RecordType) -> FormDefinition:
        candidates = {f.id for f in self._forms.values() if f.record_type is record_type}
        if not candidates:
            raise KeyError(f"no form captures {record_type.value}")
        return self.latest(sorted(candidates)[0])

    def ids(self) -> list[str]:
        return sorted({i for (i, _) in self._forms})


# --- validation ---------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and len(value) == 0)


_DURATION = re.compile(
    r"^\s*(?:(\d+)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*(?:m|mins?|minutes?)?)?\s*$", re.IGNORECASE
)


def _parse_duration(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    if ":" in text:
        hours, minutes = text.split(":", 1)
        return int(hours) * 60 + int(minutes)
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        raise ValueError
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise ValueError


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


# One short case per field type, read as a table.
def _clean_value(f: FormField, value: Any, mentees: set[str] | None) -> Any:  # noqa: PLR0911, PLR0912, PLR0915
    """Coerce one non-blank answer to its field's type or raise ValueError(message)."""
    t = f.type
    if t in (FieldType.TEXT, FieldType.LONG_TEXT):
        text = str(value).strip() if t is FieldType.TEXT else str(value)
        limit = f.max_length or (200 if t is FieldType.TEXT else 20000)
        if len(text) > limit:
            raise ValueError(f"is too long (at most {limit} characters)")
        return text
    if t is FieldType.DATE:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError("is not a date (use YYYY-MM-DD)") from None
    if t is FieldType.TIME:
        if isinstance(value, dt.time):
            return value
        try:
            return dt.time.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError("is not a time (use HH:MM)") from None
    if t is FieldType.DURATION:
        try:
            minutes = _parse_duration(value)
        except ValueError:
            raise ValueError("is not a length of time (minutes, or like 1h30)") from None
        _check_range(f, minutes)
        return minutes
    if t is FieldType.NUMBER:
        try:
            number: int | float = (
                value
                if isinstance(value, int | float) and not isinstance(value, bool)
                else float(str(value))
            )
        except ValueError:
            raise ValueError("is not a number") from None
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        _check_range(f, number)
        return number
    if t is FieldType.MONEY:
        try:
            amount = Decimal(str(value).strip().lstrip("£"))
        except InvalidOperation:
            raise ValueError("is not an amount of money (like 4.50)") from None
        if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError("is not an amount of money (like 4.50)")
        if amount < 0:
            raise ValueError("cannot be negative")
        _check_range(f, float(amount))
        return amount.quantize(Decimal("0.01"))
    if t is FieldType.YES_NO:
        try:
            return _parse_bool(value)
        except ValueError:
            raise ValueError("must be yes or no") from None
    if t is FieldType.CHOICE:
        text = str(value)
        if text not in {o.value for o in f.options}:
            raise ValueError(f"must be one of: {', '.join(o.value for o in f.options)}")
        return text
    if t is FieldType.MULTI_CHOICE:
        values = [str(v) for v in _as_list(value)]
        allowed = {o.value for o in f.options}
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValueError(f"has unknown choices: {', '.join(unknown)}")
        return values
    if t is FieldType.MENTEE:
        text = str(value)
        if mentees is not None and text not in mentees:
            raise ValueError("is not a mentee on this caseload")
        return text
    if t is FieldType.MENTEES:
        ids = [str(v) for v in _as_list(value)]
        if mentees is not None:
            missing = [i for i in ids if i not in mentees]
            if missing:
                raise ValueError("names someone who is not a mentee on this caseload")
        if len(set(ids)) != len(ids):
            raise ValueError("names the same mentee twice")
        return ids
    raise AssertionError(f"unhandled field type {t}")


def _check_range(f: FormField, number: float) -> None:
    if f.min is not None and number < f.min:
        raise ValueError(f"must be at least {f.min:g}")
    if f.max is not None and number > f.max:
        raise ValueError(f"must be at most {f.max:g}")


def _validate_fields(
    fields: tuple[FormField, ...],
    answers: Mapping[str, Any],
    mentees: set[str] | None,
    prefix: str,
    result: ValidationResult,
) -> dict[str, Any]:
    known = {f.key for f in fields}
    for key in answers:
        if key not in known:
            result.errors.append(
                FieldError(key=prefix + key, message="is not a field of this form")
            )
    cleaned: dict[str, Any] = {}
    for f in fields:
        # Conditions look at the cleaned value of an earlier field, so "yes" and
        # True both reveal a conditional field; answers to hidden fields are dropped.
        if f.show_if is not None and not f.show_if.holds(cleaned):
            continue
        value = answers.get(f.key, f.default)
        if _is_blank(value):
            if f.required:
                result.errors.append(FieldError(key=prefix + f.key, message="is required"))
            continue
        if f.type is FieldType.REPEAT:
            if not isinstance(value, list) or not all(isinstance(i, Mapping) for i in value):
                result.errors.append(FieldError(key=prefix + f.key, message="must be a list"))
                continue
            cleaned[f.key] = [
                _validate_fields(f.fields, item, mentees, f"{prefix}{f.key}[{n}].", result)
                for n, item in enumerate(value)
            ]
            continue
        try:
            cleaned[f.key] = _clean_value(f, value, mentees)
        except ValueError as exc:
            result.errors.append(FieldError(key=prefix + f.key, message=str(exc)))
    return cleaned


def validate(
    form: FormDefinition, answers: Mapping[str, Any], mentees: set[str] | None = None
) -> ValidationResult:
    """Check an answer set against a form.

    Args:
        form: the form definition.
        answers: field key to value; strings are accepted for every type.
        mentees: ids a mentee picker may name; None skips that check.

    Returns:
        The cleaned, typed answers (hidden conditional fields dropped) and every
        problem found, each naming its field.
    """
    result = ValidationResult()
    result.cleaned = _validate_fields(form.fields, answers, mentees, "", result)
    return result


# Date fields a new record starts at today: most records are made the same day.
_TODAY_FIELDS = ("date", "start_date", "raised_on", "consent.date")


def today_defaults(form: FormDefinition, today: dt.date | None = None) -> dict[str, str]:
    """Answers a new record of this form starts with: today's date in its date fields."""
    day = (today or dt.date.today()).isoformat()
    return {key: day for key in _TODAY_FIELDS if key in form.keys}


# --- records <-> answers ------------------------------------------------------


def _model_keys(cls: type[Record]) -> set[str]:
    keys: set[str] = set()
    for f in dataclasses.fields(cls):
        keys.add(f.name)
    return keys


def _jsonable(value: Any) -> Any:
    return msgspec.to_builtins(value)


def build_record(
    form: FormDefinition, cleaned: Mapping[str, Any], record_id: str | None = None
) -> Record:
    """Turn validated answers into the form's record type.

    Keys naming a model field (``a`` or ``a.b`` for nested ones) fill it; the rest
    go to ``extra`` so an organisation's added fields are kept without code.
    """
    cls = RECORD_CLASSES[form.record_type]
    model_keys = _model_keys(cls)
    data: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in cleaned.items():
        head, _, tail = key.partition(".")
        if head in model_keys and head not in ("extra", "id", "form_id", "form_version"):
            if tail:
                data.setdefault(head, {})[tail] = value
            else:
                data[key] = value
        else:
            extra[key] = _jsonable(value)
    data["extra"] = extra
    data["form_id"] = form.id
    data["form_version"] = form.version
    if record_id is not None:
        data["id"] = record_id
    try:
        return msgspec.convert(data, cls, strict=False)
    except msgspec.ValidationError as exc:
        raise ValueError(f"answers do not fit a {form.record_type.value} record: {exc}") from exc


def answers_from_record(form: FormDefinition, record: Record) -> dict[str, Any]:
    """The answers a form shows for an existing record (the reverse of build_record)."""
    plain = msgspec.to_builtins(record)
    out: dict[str, Any] = {}
    for f in form.fields:
        head, _, tail = f.key.partition(".")
        if head in plain and head != "extra":
            value = plain[head]
            if tail:
                value = value.get(tail) if isinstance(value, dict) else None
            typed = getattr(record, head)
            if not tail and not isinstance(typed, list | dict):
                value = typed
        elif f.key in record.extra:
            value = record.extra[f.key]
        else:
            continue
        out[f.key] = value
    return out


def field_for_path(form: FormDefinition, path: str) -> FormField | None:
    """The form field that captured a place in a record (a merge conflict's path):
    ``consent.given`` is that field, ``extra.weather`` an organisation's own field
    ``weather``, ``actions.0`` and ``actions`` the ``actions`` field."""
    head, _, rest = path.partition(".")
    candidates = [path, head]
    if head == "extra" and rest:
        candidates = [rest, rest.partition(".")[0]]
    keys = {f.key: f for f in form.fields}
    for key in candidates:
        if key in keys:
            return keys[key]
    return None


def readable_path(path: str) -> str:
    """A label for a place in a record no form names: words, not code."""
    words = [part.replace("_", " ") for part in path.split(".") if part and part != "extra"]
    text = ", ".join(words) or path
    return text[:1].upper() + text[1:]
