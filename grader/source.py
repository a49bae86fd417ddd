"""Read a student's source without running it: find a function, its loops and its calls.

    node, aliases = find_function(root, "cs231n.layers:affine_forward")

Static rules are best effort (code can hide a loop behind getattr), so every check that uses
them also requires the function's output to be right.
"""

from __future__ import annotations

import ast
from pathlib import Path

# Calls that are loops in disguise when a task forbids explicit loops.
HIDDEN_LOOPS = ("numpy.vectorize", "numpy.apply_along_axis", "numpy.frompyfunc", "map")
LOOP_NODES = (ast.For, ast.AsyncFor, ast.While, ast.comprehension)


class SourceProblem(Exception):
    """The function cannot be found or parsed; the message is a reason for the student."""


def module_file(root: Path, target: str) -> Path:
    """'pkg.mod:Qual.name' -> root/pkg/mod.py"""
    module = target.partition(":")[0]
    return root.joinpath(*module.split(".")).with_suffix(".py")


def find_function(root: Path, target: str) -> tuple[ast.FunctionDef, dict[str, str]]:
    """The function's AST node and the module's import aliases (alias -> full name)."""
    path = module_file(root, target)
    relative = path.relative_to(root).as_posix()
    try:
        tree = ast.parse(path.read_bytes(), filename=relative)
    except FileNotFoundError:
        raise SourceProblem(f"{relative} is missing") from None
    except (SyntaxError, ValueError) as error:
        raise SourceProblem(f"{relative} does not parse: {error}") from None
    node: ast.AST = tree
    for name in target.partition(":")[2].split("."):
        found = [
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and child.name == name
        ]
        if not found:
            raise SourceProblem(f"{relative} has no {target.partition(':')[2]}")
        node = found[-1]  # a later definition wins, as at run time
    return node, _aliases(tree)


def loops_in(function: ast.AST, aliases: dict[str, str]) -> list[tuple[str, int]]:
    """Every loop in the function's body as (description, line), hidden loops included."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.For | ast.AsyncFor):
            found.append(("a for loop", node.lineno))
        elif isinstance(node, ast.While):
            found.append(("a while loop", node.lineno))
        elif isinstance(node, ast.comprehension):
            found.append(("a comprehension", node.target.lineno))
        elif isinstance(node, ast.Call):
            name = resolve(node.func, aliases)
            if name in HIDDEN_LOOPS:
                found.append((f"{name}()", node.lineno))
    return sorted(found, key=lambda item: item[1])


def forbidden_uses(function: ast.AST, aliases: dict[str, str], forbidden: tuple[str, ...]):
    """Uses of forbidden names (fully qualified: 'numpy.linalg.norm', 'scipy') as (name, line)."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Attribute | ast.Name):
            name = resolve(node, aliases)
            for banned in forbidden:
                if name == banned or name.startswith(banned + "."):
                    found.append((banned, node.lineno))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else ""
            for alias in node.names:
                full = f"{module}.{alias.name}" if module else alias.name
                if any(full == b or full.startswith(b + ".") for b in forbidden):
                    found.append((full, node.lineno))
    return sorted(set(found), key=lambda item: item[1])


def resolve(node: ast.AST, aliases: dict[str, str]) -> str:
    """The dotted name an expression spells, with import aliases expanded ('np' -> 'numpy')."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def _aliases(tree: ast.Module) -> dict[str, str]:
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases
