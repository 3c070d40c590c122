# Fallback used only when package metadata is missing (e.g. a frozen bundle built
# without it). build_scripts/build.py rewrites this file from pyproject.toml.
VERSION = "0.1.0"
