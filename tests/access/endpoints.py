"""Every URL name and API operation of Haven, enumerated from the running URL
configuration and the django-ninja API, with how to fill each one's parameters with the
world's real ids (see world.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

ADMIN_PREFIX = "admin:"


@dataclass(frozen=True)
class Endpoint:
    key: str  # the URL name ("people:detail") or "METHOD /api/path" for an API operation
    kind: str  # "page", "admin" or "api"
    method: str  # the HTTP method sent (pages: GET, then POST if the view only takes POST)
    path: str  # the route with its parameters ("people/<int:person_id>/", "/api/people/{person_id}")
    params: tuple[str, ...]
    multipart: bool = False
    body_schema: dict | None = None
    query: tuple = ()  # required query parameters of an API operation: (name, schema)


def _walk(patterns, prefix="", namespace=None):
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


def page_endpoints() -> list[Endpoint]:
    """Every named URL pattern outside /api/ (the API is enumerated by operation).
    Unnamed admin patterns (redirects to the named change view, the catch-all) are left out:
    they cannot be reversed and lead only to named views."""
    from django.urls import get_resolver

    found = {}
    for name, route, pattern in _walk(get_resolver().url_patterns):
        if not name or name.startswith("api:"):
            continue
        params = tuple(pattern.pattern.regex.groupindex)
        for resolver_params in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
            params += tuple(part for part in resolver_params if part and part not in params)
        kind = "admin" if name.startswith(ADMIN_PREFIX) else "page"
        found.setdefault(name, Endpoint(name, kind, "GET", route, tuple(dict.fromkeys(params))))
    return sorted(found.values(), key=lambda endpoint: endpoint.key)


def _openapi() -> dict:
    from haven.api import api

    try:
        return api.get_openapi_schema()
    except Exception:
        return {}


def api_endpoints() -> list[Endpoint]:
    """Every path operation of every router of ``haven.api.api``, as "METHOD /api/path"."""
    from haven.api import api

    schema = _openapi()
    root = "/api"
    found = []
    routers = list(api._routers)
    for prefix, router in routers:
        for route, path_view in router.path_operations.items():
            full = (root + "/" + "/".join(part.strip("/") for part in (prefix, route) if part.strip("/"))).rstrip("/")
            full = re.sub(r"\{\w+:(\w+)\}", r"{\1}", full)
            params = tuple(re.findall(r"\{(\w+)\}", full))
            for operation in path_view.operations:
                for method in operation.methods:
                    spec = schema.get("paths", {}).get(full, {}).get(method.lower(), {})
                    content = spec.get("requestBody", {}).get("content", {})
                    multipart = "multipart/form-data" in content
                    body = (content.get("multipart/form-data") or content.get("application/json") or {}).get("schema")
                    query = tuple(
                        (parameter["name"], _resolve(parameter.get("schema", {}), schema))
                        for parameter in spec.get("parameters", ())
                        if parameter.get("in") == "query" and parameter.get("required")
                    )
                    found.append(
                        Endpoint(
                            f"{method} {full}",
                            "api",
                            method,
                            full,
                            params,
                            multipart,
                            _resolve(body, schema) if body else None,
                            query,
                        )
                    )
    return sorted(found, key=lambda endpoint: endpoint.key)


def _resolve(node, schema, depth=0):
    """The schema with $refs replaced (enough depth for Haven's bodies)."""
    if depth > 8:
        return {}
    if isinstance(node, dict):
        if "$ref" in node:
            target = schema
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target.get(part, {})
            return _resolve(target, schema, depth + 1)
        return {key: _resolve(value, schema, depth + 1) for key, value in node.items()}
    if isinstance(node, list):
        return [_resolve(value, schema, depth + 1) for value in node]
    return node


def all_endpoints() -> list[Endpoint]:
    return page_endpoints() + api_endpoints()
