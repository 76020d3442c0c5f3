"""The core never loads the UI libraries or torch; only mt/cli prints or exits."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mt"
CORE = ["mt", "mt.document", "mt.errors", "mt.fileio", "mt.formats", "mt.glossary",
        "mt.engines", "mt.scoring", "mt.pipeline", "mt.text"]
FORBIDDEN = ("textual", "rich", "typer", "click", "torch", "transformers", "mt.cli", "mt.tui")


def core_modules() -> list[str]:
    """Every module of the core packages, so a new module cannot slip past the check."""
    names = set(CORE)
    for sub in ("formats", "glossary", "engines", "scoring", "pipeline", "text"):
        for path in (PACKAGE / sub).rglob("*.py"):
            rel = path.relative_to(PACKAGE.parent).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            names.add(".".join(parts))
    return sorted(names)


def test_importing_the_core_loads_no_ui_library_and_no_torch() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}"
        " or m.startswith(('mt.cli', 'mt.tui')))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py")
                                        if p.parts[len(PACKAGE.parts)] not in ("cli", "tui")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_neither_prints_nor_exits(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            assert name not in ("print", "exit", "_exit"), f"{path}:{node.lineno} calls {name}"
