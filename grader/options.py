"""Options declared once: a dataclass field carries its default, help text and flag, and the
command line is built from the fields.

    memory_mb: int = option(3072, "address-space limit of each worker", flag="--memory-mb")
    add_arguments(parser, Limits);  limits = from_arguments(Limits, args)

Only fields with a flag reach the command line; the others are for library callers.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any


def option(
    default: Any,
    help: str,
    flag: str = "",
    short: str = "",
    metavar: str | None = None,
    choices: tuple[str, ...] | None = None,
    type: type | None = None,
) -> Any:
    """A dataclass field with its command-line description (see add_arguments)."""
    metadata = {"help": help, "flag": flag, "short": short, "metavar": metavar,
                "choices": choices, "type": type}  # fmt: skip
    if isinstance(default, list | dict | set):
        raise TypeError("options are frozen: use a tuple default")
    return dataclasses.field(default=default, metadata=metadata)


def add_arguments(parser: argparse.ArgumentParser, cls: type) -> None:
    """Add one argument per flagged field of the dataclass `cls`; help shows the default."""
    for field in dataclasses.fields(cls):
        meta = field.metadata
        if not meta.get("flag"):
            continue
        names = [n for n in (meta["short"], meta["flag"]) if n]
        default = field.default
        shown = "" if default in (None, (), False) else f" (defaults to {_shown(default)})"
        kwargs: dict[str, Any] = {"dest": field.name, "help": meta["help"] + shown}
        if isinstance(default, bool):
            kwargs["action"] = "store_false" if default else "store_true"
        elif isinstance(default, tuple):
            kwargs.update(action="append", default=None, metavar=meta["metavar"])
        else:
            kind = meta["type"] or (type(default) if default is not None else str)
            kwargs.update(type=kind, default=default, metavar=meta["metavar"],
                          choices=meta["choices"])  # fmt: skip
        parser.add_argument(*names, **kwargs)


def from_arguments(cls: type, args: argparse.Namespace, **overrides: Any):
    """An instance of `cls` from parsed arguments: flagged fields from `args`, others default."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.metadata.get("flag") and hasattr(args, field.name):
            value = getattr(args, field.name)
            if isinstance(field.default, tuple):
                value = tuple(value or ())
            values[field.name] = value
    values.update(overrides)
    return cls(**values)


def _shown(value: Any) -> str:
    return str(value) if not isinstance(value, Path) else value.as_posix()
