"""The shape of the code: modules, lines, function-local imports, mypy errors, ruff findings, package cycles.

Run from the repository root: `python bench/architecture.py`. Prints one table,
so a redesign can be reported as before and after from the same script.
Cycles are counted between the layers (paperpass's sub-packages and top-level
modules), following every import, at module level or inside a function.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "paperpass"


def _layer(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, bool]]:
    """(imported module, inside a function) for every paperpass import in the tree."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, in_function) for alias in child.names if alias.name.startswith("paperpass"))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = module.split(".")
                    base = base[: len(base) - child.level + (1 if is_package else 0)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target.startswith("paperpass"):
                    found.append((target, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one layer (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = [0]

    def strongconnect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                strongconnect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in list(edges):
        if node not in index:
            strongconnect(node)
    return components


def _run(args: list[str]) -> subprocess.CompletedProcess[str] | str:
    """Run a tool on this checkout (its paperpass first on the path), or say why it could not run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"n/a ({exc.__class__.__name__})"


def _count_tool(args: list[str], summary: str | None = None) -> str:
    """The tool's summary line: the first line starting with `summary`, else its last line."""
    result = _run(args)
    if isinstance(result, str):
        return result
    lines = [line.strip() for line in (result.stdout + result.stderr).strip().splitlines() if line.strip()]
    if summary is not None:
        return next((line for line in lines if line.startswith(summary)), lines[-1] if lines else "")
    return lines[-1] if lines else ""


def _count_ruff(bin_dir: Path) -> str:
    """Number of ruff findings: one line per finding in the concise format."""
    result = _run([str(bin_dir / "ruff"), "check", "--output-format", "concise", "paperpass", "tests", "bench"])
    if isinstance(result, str):
        return result
    findings = [line for line in result.stdout.splitlines() if re.match(r"^\S[^:]*:\d+:\d+: ", line)]
    return f"{len(findings)} findings"


def main() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    lines = 0
    local_imports = 0
    total_imports = 0
    init_logic = []
    edges: dict[str, set[str]] = {}
    for path in modules:
        text = path.read_text()
        lines += len(text.splitlines())
        module = _module_name(path)
        tree = ast.parse(text)
        for target, in_function in _imports(tree, module, path.name == "__init__.py"):
            total_imports += 1
            local_imports += in_function
            source, dest = _layer(module), _layer(target)
            if source != dest:
                edges.setdefault(source, set()).add(dest)
        if path.name == "__init__.py" and any(
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for node in tree.body
        ):
            init_logic.append(module)
    cycles = _cycles(edges)
    largest = max(modules, key=lambda p: len(p.read_text().splitlines()))
    bin_dir = Path(sys.executable).parent
    rows = [
        ("modules", str(len(modules))),
        ("lines", str(lines)),
        ("largest module", f"{largest.relative_to(ROOT)} ({len(largest.read_text().splitlines())} lines)"),
        ("paperpass imports inside functions", f"{local_imports} of {total_imports}"),
        ("__init__ files with logic", str(len(init_logic)) + (f" ({', '.join(init_logic)})" if init_logic else "")),
        ("cycles between layers", str(len(cycles)) + "".join(f"\n    {' <-> '.join(c)}" for c in cycles)),
        ("mypy", _count_tool([str(bin_dir / "mypy"), "paperpass"])),
        ("ruff", _count_ruff(bin_dir)),
        ("import-linter", _count_tool([str(bin_dir / "lint-imports")], summary="Contracts:")),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
