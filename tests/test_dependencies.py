"""Every module the product imports is a declared dependency, used by its public names: an
undeclared one works only where it happens to be installed, and a private one may go in
any release of its library."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "csp_draft"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _third_party_imports() -> dict[str, list[str]]:
    """Each third-party module imported by the product -> the places importing it."""
    found: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ("csp_draft", "__future__"):
                    continue
                found.setdefault(module, []).append(
                    f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_imported_library_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {_canonical(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0])
                for spec in project["project"]["dependencies"]}
    owners = packages_distributions()
    missing = []
    for module, places in _third_party_imports().items():
        distributions = {_canonical(name) for name in owners.get(module.split(".")[0], [])}
        if not distributions & declared:
            missing.append(f"{module} ({', '.join(places)})")
    assert not missing, "imported but not declared in pyproject.toml: " + "; ".join(missing)


def test_no_library_is_used_by_its_private_names() -> None:
    private = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                top = node.module.split(".")[0]
                if top == "csp_draft" or top == "__future__":
                    continue
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names
                         if alias.name.split(".")[0] != "csp_draft"]
            else:
                continue
            for name in names:
                if any(part.startswith("_") and not part.startswith("__")
                       for part in name.split(".")):
                    private.append(f"{name} ({path.relative_to(ROOT)}:{node.lineno})")
    assert not private, "private names of a library: " + "; ".join(private)
