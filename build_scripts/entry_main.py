"""PyInstaller entry point for Linux, where one executable serves both names: `docvec-gui`
(a symlink) starts the window, `docvec` the command line. Sharing one binary keeps a
second copy of the Python archive out of the bundle."""
import multiprocessing
import sys
from pathlib import Path

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if Path(sys.argv[0]).name.startswith("docvec-gui"):
        from docvec_gui.app import main
    else:
        from docvec_gui.cli import main
    sys.exit(main())
