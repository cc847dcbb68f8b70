"""pyproject.toml declares the dependencies as ranges; requirements.txt and requirements.lock pin
versions inside them, so `pip install .` alone and `make env` give the same working package."""

from __future__ import annotations

import ast
import re
import sys
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from rare_earth_trade.paths import PROJECT_ROOT


def pins(path) -> dict[str, str]:
    lines = [line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return {canonicalize_name(n): v for n, v in (re.split(r"==", line) for line in lines if line)}


def declared() -> dict[str, Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    return {canonicalize_name(r.name): r for r in map(Requirement, reqs)}


def test_every_dependency_is_a_range_that_holds_its_pinned_version():
    ranges, pinned, locked = (
        declared(),
        pins(PROJECT_ROOT / "requirements.txt"),
        pins(PROJECT_ROOT / "requirements.lock"),
    )
    assert set(ranges) == set(pinned)
    for name, req in ranges.items():
        assert any(s.operator in ("<", "<=") for s in req.specifier), f"{name}: no upper bound"
        assert any(s.operator in (">", ">=") for s in req.specifier), f"{name}: no lower bound"
        assert req.specifier.contains(pinned[name]), f"{name}=={pinned[name]} is outside {req.specifier}"
        assert locked[name] == pinned[name], f"{name}: requirements.lock pins {locked[name]}"


def imported_top_level_names() -> set[str]:
    names = set()
    for path in (PROJECT_ROOT / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_every_package_the_code_imports_is_declared():
    distribution = {"yaml": "pyyaml", "bs4": "beautifulsoup4", "IPython": "ipython"}
    imported = imported_top_level_names() - set(sys.stdlib_module_names) - {"rare_earth_trade"}
    assert {"pandas", "matplotlib", "nbconvert", "weasyprint"} <= imported
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    missing = {canonicalize_name(distribution.get(m, m)) for m in imported} - runtime
    assert not missing, f"imported but not in pyproject.toml's dependencies: {missing}"
