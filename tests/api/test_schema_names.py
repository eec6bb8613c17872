"""The published OpenAPI schema names each request and response shape once: two classes of one
name would overwrite each other there, and clients would be told the wrong shape."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from pydantic import BaseModel

import khth
from khth.api.urls import api


def _modules(*, api_only: bool) -> list[str]:
    names = []
    for info in pkgutil.walk_packages(khth.__path__, "khth."):
        parts = info.name.split(".")
        if "migrations" in parts or "management" in parts or info.name == "khth.api.urls":
            continue
        # Run by locust in its own process, never imported: importing it patches threads and
        # sockets with gevent for the rest of the test session.
        if info.name == "khth.demo.locustfile":
            continue
        if "api" in parts or not api_only:
            names.append(info.name)
    return names


def _shapes(*, api_only: bool = True) -> dict[str, set[str]]:
    """Class name → the modules defining a pydantic model of that name."""
    found: dict[str, set[str]] = defaultdict(set)
    for name in _modules(api_only=api_only):
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
            ):
                found[attr].add(name)
    return found


def test_every_shape_has_its_own_name():
    shapes = _shapes()
    assert len(shapes) > 100  # the scan reached the routers of every app
    assert {n: sorted(m) for n, m in shapes.items() if len(m) > 1} == {}


def test_every_published_component_is_one_of_the_shapes():
    components = api.get_openapi_schema()["components"]["schemas"]
    shapes = _shapes(api_only=False)
    assert "PlanCreateIn" in components and "ReportUpdateIn" in components
    # Ninja adds the shapes of multipart bodies under names of its own making.
    ours = {c for c in components if not c.endswith(("Params", "MultiPartBodyParams"))}
    assert {c: sorted(shapes.get(c, ())) for c in ours if len(shapes.get(c, ())) != 1} == {}
