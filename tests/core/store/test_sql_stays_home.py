"""Every SQL statement of the kiosk lives in `kiosk/core/store/`: no other module imports sqlite3,
calls `.execute(`, or holds a statement in a string. The other modules ask the store's record
objects by name, so a table's rows are written one way, in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kiosk

KIOSK = Path(kiosk.__file__).parent
STORE = KIOSK / "core" / "store"
_SQL = re.compile(
    r"\bSELECT\b.+\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\b(CREATE|DROP|ALTER)\s+(TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|\bPRAGMA\s+\w+|\b(BEGIN|COMMIT|ROLLBACK)\b",
    re.DOTALL,
)
_EXECUTE = {"execute", "executemany", "executescript"}


def sql_found(source: str) -> list[str]:
    """What in `source` is SQL, or a way to run it, one line each."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names]
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if any(name.split(".")[0] == "sqlite3" for name in [*names, module or ""]):
                found.append(f"line {node.lineno}: imports sqlite3")
        elif isinstance(node, ast.Name) and node.id == "sqlite3":
            found.append(f"line {node.lineno}: uses sqlite3")
        elif isinstance(node, ast.Attribute) and node.attr in _EXECUTE:
            found.append(f"line {node.lineno}: calls .{node.attr}(")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _SQL.search(node.value)
        ):
            found.append(f"line {node.lineno}: a statement {node.value[:40]!r}")
    return found


def modules_outside_the_store() -> list[Path]:
    return sorted(path for path in KIOSK.rglob("*.py") if STORE not in path.parents)


def test_no_module_outside_the_store_holds_sql() -> None:
    modules = modules_outside_the_store()
    assert len(modules) > 50 and KIOSK / "core" / "library" / "state.py" in modules
    found = {
        str(path.relative_to(KIOSK.parent)): problems
        for path in modules
        if (problems := sql_found(path.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    "source",
    [
        "import sqlite3",
        "from sqlite3 import Connection",
        "def f(db: object) -> None:\n    db.execute('anything')",
        "def f(db: object) -> None:\n    db.executemany('anything', [])",
        "QUERY = 'SELECT clip_key FROM hidden_clips'",
        "def f(table: str) -> str:\n    return f'DELETE FROM {table} WHERE x = ?'",
        "STATEMENT = 'INSERT OR REPLACE INTO pin_throttle (id) VALUES (1)'",
        "STATEMENT = 'UPDATE sessions SET counted_seconds = 0'",
        "STATEMENTS = ('CREATE TABLE views (id INTEGER)', 'PRAGMA user_version = 4')",
        "STATEMENT = '''SELECT path\n    FROM library_files'''",
    ],
)
def test_the_check_finds_sql_in_any_of_its_forms(source: str) -> None:
    assert sql_found(source)


def test_the_check_finds_the_sql_that_is_in_the_store() -> None:
    found = sql_found((STORE / "library_records.py").read_text(encoding="utf-8"))
    assert any("imports sqlite3" in line for line in found)
    assert sum("a statement" in line for line in found) >= 10


@pytest.mark.parametrize(
    "source",
    [
        '"""Select the clips from the folder, then update the view and delete what is gone."""',
        "READ_ME = 'The parent may insert a USB stick into the PC.'",
        "def f(pool: object) -> None:\n    pool.execute_later()",
    ],
)
def test_plain_words_are_not_taken_for_sql(source: str) -> None:
    assert sql_found(source) == []
