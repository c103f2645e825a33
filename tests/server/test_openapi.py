"""The OpenAPI document a real server publishes is complete: every $ref resolves, and
every successful response says what it returns, so a generated client is typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.conftest import start_server

ERROR_STATUSES = {"400", "401", "403", "404", "409", "413", "422", "429", "500"}


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'server.db'}"
    with start_server(url) as server:
        response = httpx.get(f"{server.url}/openapi.json", timeout=10)
    response.raise_for_status()
    doc: dict[str, Any] = response.json()
    return doc


def _walk(node: Any, where: str = "#") -> Iterator[tuple[str, Any]]:
    yield where, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _walk(value, f"{where}/{n}")


def _resolve(doc: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"{ref} is not a reference into this document"
    node: Any = doc
    for token in ref[2:].split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and key in node, f"{ref} does not resolve"
        node = node[key]
    return node


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _untyped_objects(doc: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    """Places in ``schema`` that are an object with no properties (a dict of anything)."""
    if "$ref" in schema:
        return _untyped_objects(doc, _resolve(doc, schema["$ref"]), schema["$ref"])
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for n, option in enumerate(schema.get(key, [])):
            found += _untyped_objects(doc, option, f"{where}/{key}/{n}")
    if schema.get("type") == "array":
        found += _untyped_objects(doc, schema.get("items", {}), f"{where}/items")
    if schema.get("type") == "object":
        if not schema.get("properties") and not isinstance(
            schema.get("additionalProperties"), dict
        ):
            found.append(where)
        for name, prop in schema.get("properties", {}).items():
            found += _untyped_objects(doc, prop, f"{where}/properties/{name}")
    return found


def test_every_ref_resolves(document: dict[str, Any]) -> None:
    refs = [
        (where, node["$ref"])
        for where, node in _walk(document)
        if isinstance(node, dict) and isinstance(node.get("$ref"), str)
    ]
    assert refs, "expected the document to use $ref"
    for where, ref in refs:
        _resolve(document, ref)  # fails naming the ref
        assert "$defs" not in ref, f"{where}: {ref} points into an inline $defs"


def test_every_successful_v1_response_is_typed(document: dict[str, Any]) -> None:
    checked = 0
    for path, method, operation in _operations(document):
        if not path.startswith("/v1/"):
            continue
        successes = {k: v for k, v in operation["responses"].items() if k.startswith("2")}
        assert successes, f"{method.upper()} {path} documents no success"
        for status, response in successes.items():
            content = response.get("content", {})
            if status == "204":
                assert not content, f"{method.upper()} {path}: 204 with a body"
                continue
            assert "application/json" in content, f"{method.upper()} {path} {status}"
            schema = content["application/json"].get("schema", {})
            assert schema, f"{method.upper()} {path} {status} has no schema"
            untyped = _untyped_objects(document, schema, f"{method.upper()} {path} {status}")
            assert untyped == [], untyped
            checked += 1
    assert checked >= 12


def test_push_body_is_the_push_request_model(document: dict[str, Any]) -> None:
    body = document["paths"]["/v1/push"]["post"]["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/PushRequest"}
    items = _resolve(document, schema["$ref"])["properties"]["envelopes"]["items"]
    assert items == {"$ref": "#/components/schemas/EnvelopeIn"}
    envelope = _resolve(document, items["$ref"])
    assert {"id", "version", "base_version", "ciphertext", "signature"} <= set(envelope["required"])


def test_errors_are_documented_as_problem_documents(document: dict[str, Any]) -> None:
    problem_ref = {"$ref": "#/components/schemas/ProblemDoc"}
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        assert set(responses) >= ERROR_STATUSES, f"{method.upper()} {path}"
        for status, response in responses.items():
            if status[0] in "45":
                assert response["content"] == {
                    "application/problem+json": {"schema": problem_ref}
                }, f"{method.upper()} {path} {status}"
    enrol = document["paths"]["/v1/enrol"]["post"]["responses"]
    assert "code-expired" in enrol["410"]["description"]


def test_problem_documents_match_the_documented_shape(tmp_path: Path) -> None:
    """A real error carries the fields ProblemDoc requires, in the documented media type."""
    with start_server(f"sqlite:///{tmp_path / 'server.db'}") as server:
        doc = httpx.get(f"{server.url}/openapi.json", timeout=10).json()
        answer = httpx.post(f"{server.url}/v1/enrol", json={"code": 1}, timeout=10)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    shape = doc["components"]["schemas"]["ProblemDoc"]
    assert set(shape["required"]) <= set(problem)
    assert set(problem) <= set(shape["properties"])
