"""The API reference in words, from the OpenAPI schema: every operation with its parameters,
request body and responses, and every schema with its fields, for the service's own page
(``api/docs.html``), which meets WCAG 2.2 AA as the interactive explorer beside it does not.

The schema is what ninja generates (``api.get_openapi_schema``); a ``$ref`` becomes a link to
the schema it names, so the page reads from one operation to the shapes it sends and returns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ApiField", "ApiOperation", "ApiReference", "ApiResponse", "ApiSchema", "reference"]

_REF = "#/components/schemas/"


@dataclass(frozen=True)
class TypeName:
    """A field's type in words, and the schema it refers to (for the link), if any."""

    words: str
    schema: str = ""


@dataclass(frozen=True)
class ApiField:
    name: str
    type: TypeName
    required: bool
    description: str
    where: str = ""
    """For a parameter: ``path`` or ``query``."""


@dataclass(frozen=True)
class ApiResponse:
    status: str
    description: str
    schema: str


@dataclass(frozen=True)
class ApiOperation:
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[ApiField, ...]
    body: str
    """The request body's schema (empty when the operation takes none)."""
    responses: tuple[ApiResponse, ...]

    @property
    def label(self) -> str:
        """``GET /api/v1/plans``: the operation as a caller writes it."""
        return f"{self.method} {self.path}"

    @property
    def anchor(self) -> str:
        """A fragment id for the operation: ``get-plans-plan-id-measures``."""
        cleaned = "".join(c if c.isalnum() else "-" for c in f"{self.method} {self.path}")
        return "-".join(part for part in cleaned.lower().split("-") if part and part != "api")


@dataclass(frozen=True)
class ApiSchema:
    name: str
    description: str
    fields: tuple[ApiField, ...]


@dataclass(frozen=True)
class ApiReference:
    title: str
    version: str
    operations: tuple[ApiOperation, ...]
    schemas: tuple[ApiSchema, ...]


def _type(spec: Mapping[str, Any]) -> TypeName:
    """``integer``, ``text``, ``list of PlanOut``, ``number or text or null``."""
    if "$ref" in spec:
        name = str(spec["$ref"]).removeprefix(_REF)
        return TypeName(name, name)
    if "anyOf" in spec:
        parts = [_type(option) for option in spec["anyOf"]]
        linked = next((p.schema for p in parts if p.schema), "")
        return TypeName(" or ".join(p.words for p in parts), linked)
    kind = spec.get("type", "any")
    if kind == "array":
        inner = _type(spec.get("items", {}))
        return TypeName(f"list of {inner.words}", inner.schema)
    words = {"string": "text", "boolean": "true or false"}.get(str(kind), str(kind))
    if "enum" in spec:
        words += " (one of " + ", ".join(str(v) for v in spec["enum"]) + ")"
    return TypeName(words)


def _plain(text: object) -> str:
    """A docstring's words without their reStructuredText literals' backquotes."""
    return str(text).replace("``", "").strip()


def _notes(spec: Mapping[str, Any]) -> str:
    """A field's description with its limits and example, in words."""
    notes = [_plain(spec.get("description", ""))]
    if "minimum" in spec and "maximum" in spec:
        notes.append(f"From {spec['minimum']} to {spec['maximum']}.")
    if "maxLength" in spec:
        notes.append(f"At most {spec['maxLength']} characters.")
    if spec.get("default") not in (None, ""):
        notes.append(f"Default: {json.dumps(spec['default'])}.")
    if spec.get("examples"):
        notes.append(f"For example {spec['examples'][0]}.")
    return " ".join(n for n in notes if n)


def _schema_of(content: Mapping[str, Any]) -> str:
    spec = content.get("application/json", {}).get("schema", {})
    return _type(spec).schema if spec else ""


def _operation(method: str, path: str, details: Mapping[str, Any]) -> ApiOperation:
    parameters = tuple(
        ApiField(
            p["name"],
            _type(p.get("schema", {})),
            bool(p.get("required")),
            _notes(
                {
                    **p.get("schema", {}),
                    **({"description": p["description"]} if "description" in p else {}),
                }
            ),
            p.get("in", ""),
        )
        for p in details.get("parameters", ())
    )
    responses = tuple(
        ApiResponse(str(status), str(r.get("description", "")), _schema_of(r.get("content", {})))
        for status, r in sorted(details.get("responses", {}).items(), key=lambda i: str(i[0]))
    )
    return ApiOperation(
        method.upper(),
        path,
        str(details.get("summary", "")),
        _plain(details.get("description", "")),
        parameters,
        _schema_of(details.get("requestBody", {}).get("content", {})),
        responses,
    )


def _schema(name: str, spec: Mapping[str, Any]) -> ApiSchema:
    required = set(spec.get("required", ()))
    fields = tuple(
        ApiField(field, _type(details), field in required, _notes(details))
        for field, details in spec.get("properties", {}).items()
    )
    return ApiSchema(name, _plain(spec.get("description", "")), fields)


def reference(schema: Mapping[str, Any]) -> ApiReference:
    """The reference of the OpenAPI ``schema``: operations in the schema's order, schemas by
    name."""
    operations = tuple(
        _operation(method, path, details)
        for path, methods in schema.get("paths", {}).items()
        for method, details in methods.items()
    )
    components = schema.get("components", {}).get("schemas", {})
    schemas = tuple(_schema(name, components[name]) for name in sorted(components))
    info = schema.get("info", {})
    return ApiReference(
        str(info.get("title", "")), str(info.get("version", "")), operations, schemas
    )
