"""Qt-free core of docvec: everything the window drives, also scriptable from the CLI."""
