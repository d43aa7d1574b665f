"""The layout shows the architecture: stage packages, imports pointing one way, no cycles.

See docs/architecture.md. Every ``import`` of the package is read from the source (module level
and inside functions alike), so a lazy import cannot hide a dependency.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "sitroom"

# Lower layers never import higher ones; a package may import its own modules freely.
LAYERS = ["core", "lang", "ingest", "clean", "nlp", "extract", "fuse", "store", "export", "report", "web",
          "app", "evaluation"]
APP_MODULES = {"cli", "pipeline", "progress", "bench", "watch", "__main__"}
MAX_FUNCTION_LINES = 40


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """'sitroom.nlp._places' -> 'nlp'; 'sitroom.cli' -> 'app'; 'sitroom' -> 'core' (version only)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "core"
    return "app" if parts[1] in APP_MODULES else parts[1]


def sitroom_imports(tree: ast.AST, module: str) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "sitroom" or node.module.startswith("sitroom."):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_") and not a.name.startswith("__"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "sitroom")
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{module}: relative import (use absolute sitroom.* imports)")
    return found


def modules() -> dict[str, tuple[Path, ast.AST]]:
    return {module_name(p): (p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py"))}


MODULES = modules()
GRAPH = {name: {i for i in sitroom_imports(tree, name) if i in MODULES}
         for name, (_, tree) in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_stages(module):
    own = package_of(module)
    for imported in sitroom_imports(MODULES[module][1], module):
        other = package_of(imported)
        if other == own:
            continue
        assert LAYERS.index(other) <= LAYERS.index(own) or own == "app" and other == "evaluation", (
            f"{module} ({own}) imports {imported} ({other}): imports must point down "
            f"{' <- '.join(LAYERS)}")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_other_packages_are_used_through_their_public_api(module):
    own = package_of(module)
    for imported in sitroom_imports(MODULES[module][1], module):
        private = any(part.startswith("_") and part != "__init__" for part in imported.split("."))
        if package_of(imported) != own and own != "evaluation":
            assert not private, f"{module} imports {imported}: use the package's public names"


def test_no_import_cycles():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(GRAPH[name]):
            if state.get(dep) == 1 and not is_package_of(dep, name):
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(dep):] + [dep]))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


def is_package_of(package: str, module: str) -> bool:
    """A package's __init__ re-exporting its own modules is not a cycle."""
    return module.startswith(package + ".") and MODULES[package][0].name == "__init__.py"


def test_every_stage_package_names_its_public_api():
    for package in LAYERS[:-2]:
        init = SRC.joinpath(*package.split("."), "__init__.py") if package != "lang" else SRC / "lang/en/__init__.py"
        tree = ast.parse(init.read_text(encoding="utf-8"))
        names = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets
                 if isinstance(t, ast.Name)]
        assert "__all__" in names, f"{init} has no __all__"
        assert ast.get_docstring(tree), f"{init} says nothing of what the package owns"


def test_modules_inside_packages_are_private():
    for name, (path, _) in MODULES.items():
        parts = name.split(".")
        if len(parts) > 2 and package_of(name) not in ("evaluation",) and path.name != "__init__.py":
            assert parts[-1].startswith("_"), f"{name}: modules inside a stage package start with '_'"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_is_longer_than_forty_lines(module):
    path, tree = MODULES[module]
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{path.name}:{node.lineno} {node.name} has {length} lines"
