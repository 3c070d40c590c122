"""PyInstaller entry point of the docvec command line."""
import sys

from docvec_gui.cli import main

if __name__ == "__main__":
    sys.exit(main())
