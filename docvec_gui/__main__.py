"""``python -m docvec_gui`` runs the CLI; ``python -m docvec_gui gui`` the window."""
import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["gui"]:
        from docvec_gui.app import main as gui_main

        sys.argv.pop(1)
        sys.exit(gui_main())
    from docvec_gui.cli import main

    sys.exit(main())
