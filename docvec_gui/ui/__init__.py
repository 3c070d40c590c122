"""The desktop window: widgets, models and the signal bridge over :mod:`docvec_gui.core`."""
