"""PyInstaller entry point of docvec-gui."""
import multiprocessing
import sys

from docvec_gui.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
