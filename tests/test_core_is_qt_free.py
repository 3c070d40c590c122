"""The core, and the API and MCP server over it, must never import Qt (napari enforces the
same for its model): they run in `docvec serve` and `docvec mcp` without a window."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "docvec_gui"
CORE = PACKAGE / "core"
QT_FREE = (CORE, PACKAGE / "api")
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "qtpy", "docvec_gui.ui")


def test_no_qt_imports_in_core():
    offenders = []
    for path in (p for root in QT_FREE for p in root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(QT)]
    assert offenders == []
    assert len(list(CORE.rglob("*.py"))) > 10  # the scan really saw the core
    assert len(list((PACKAGE / "api").rglob("*.py"))) >= 5  # and the API
