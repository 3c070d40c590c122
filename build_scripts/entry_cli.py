"""PyInstaller entry point of the docvec command line."""
import multiprocessing
import sys

from docvec_gui.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the vector store runs in a spawned child process
    sys.exit(main())
