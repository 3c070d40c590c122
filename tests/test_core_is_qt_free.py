"""The core must never import Qt (napari enforces the same for its model)."""
import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "docvec_gui" / "core"
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "qtpy", "docvec_gui.ui")


def test_no_qt_imports_in_core():
    offenders = []
    for path in CORE.rglob("*.py"):
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
