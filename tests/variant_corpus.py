"""The corpus of correct variants and realistic bugs (tests/variants/<assignment>/).

Each file holds one complete function (methods inside a stub `class` of the right name),
written as a student could write it, plus for bugs two module constants:

    LOSES = "stays exact for scores near 1000"   # a phrase of the check name that must lose
    REASON = "inf"                               # a phrase its reason must contain

The folder names the unit: correct/<unit>/<name>.py and bugs/<unit>/<name>.py. A variant is
applied by replacing the unit's function in a solved submission with the file's function.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from grader.config import Assignment

CORPUS = Path(__file__).resolve().parent / "variants"


@dataclass(frozen=True)
class Variant:
    assignment: str
    kind: str  # "correct" or "bugs"
    unit: str  # "softmax_loss", "KNearestNeighbor.predict_labels"
    name: str  # the file's stem
    doc: str  # what is different about it, from the module docstring
    source: str  # the function's source, dedented
    loses: str = ""  # bugs: a phrase of a check name of the unit that must lose points
    reason: str = ""  # bugs: a phrase that check's reason must contain
    constants: dict = field(default_factory=dict)  # every module constant of the file
    imports: tuple[str, ...] = ()  # the file's imports, put at the top of the function's body

    @property
    def id(self) -> str:
        return f"{self.unit}/{self.name}"


def load_variants(assignment: str, kind: str) -> list[Variant]:
    """Every variant of one kind, sorted by unit and name."""
    return load_corpus(CORPUS / assignment / kind, assignment, kind)


def load_corpus(folder: Path, assignment: str, kind: str) -> list[Variant]:
    """Every <unit>/<name>.py below `folder` (the variants, or the hostile suite's cases)."""
    variants = []
    for path in sorted(folder.glob("*/*.py")):
        unit = path.parent.name
        text = path.read_text()
        tree = ast.parse(text, filename=str(path))
        constants = {
            node.targets[0].id: ast.literal_eval(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        }
        function = _find(tree, unit.split("."))
        if function is None:
            raise ValueError(f"{path}: defines no {unit}")
        source = textwrap.dedent(ast.get_source_segment(text, function, padded=True))
        imports = tuple(
            ast.get_source_segment(text, node)
            for node in tree.body
            if isinstance(node, ast.Import | ast.ImportFrom)
            and getattr(node, "module", None) != "__future__"
        )
        variants.append(
            Variant(assignment, kind, unit, path.stem, ast.get_docstring(tree) or "", source,
                    constants.get("LOSES", ""), constants.get("REASON", ""), constants,
                    imports)
        )  # fmt: skip
    return variants


def apply_variant(folder: Path, assignment: Assignment, variant: Variant) -> str:
    """Replace the unit's function in the submission folder; returns the file changed."""
    for path in assignment.student_files:
        if not path.endswith(".py"):
            continue
        target = folder / path
        text = target.read_text()
        function = _find(ast.parse(text), variant.unit.split("."))
        if function is None:
            continue
        lines = text.splitlines(keepends=True)
        first = min([function.lineno, *(d.lineno for d in function.decorator_list)]) - 1
        indent = " " * function.col_offset
        replacement = textwrap.indent(_with_imports(variant).rstrip() + "\n", indent)
        target.write_text("".join([*lines[:first], replacement, *lines[function.end_lineno :]]))
        return path
    raise ValueError(f"{variant.id}: no student file of {assignment.name} defines {variant.unit}")


def _with_imports(variant: Variant) -> str:
    """The function's source with the file's imports as the first lines of its body, so it
    runs in a module that lacks them (the module's own imports stay as they are)."""
    if not variant.imports:
        return variant.source
    function = ast.parse(variant.source).body[0]
    lines = variant.source.splitlines(keepends=True)
    at = function.body[0].lineno - 1
    indent = " " * function.body[0].col_offset
    inserted = [f"{indent}{line}\n" for block in variant.imports for line in block.splitlines()]
    return "".join([*lines[:at], *inserted, *lines[at:]])


def _find(tree: ast.AST, names: list[str]):
    node = tree
    for name in names:
        found = [
            child
            for child in ast.iter_child_nodes(node)
            if isinstance(child, ast.FunctionDef | ast.ClassDef) and child.name == name
        ]
        if not found:
            return None
        node = found[-1]
    return node if isinstance(node, ast.FunctionDef) else None
