"""Entry point of the extraction child process.

Reads one JSON request per line on stdin (``{"path": ...}``) and answers each with one
JSON line on stdout: ``{"ok": true, "document": ...}`` or ``{"ok": false, "kind", "message"}``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _limit_memory(megabytes: int) -> None:
    if sys.platform.startswith("linux") or sys.platform == "darwin":
        import resource

        limit = megabytes * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError) as exc:
            print(f"memory limit not applied: {exc}", file=sys.stderr)


def _handle(path: str, memory_mb: int) -> dict:
    from docvec_gui.core.extract import ExtractionError, extract_file

    try:
        return {"ok": True, "document": extract_file(Path(path)).to_json()}
    except ExtractionError as exc:
        return {"ok": False, "kind": exc.kind, "message": str(exc)}
    except MemoryError:
        # The heap may be fragmented or half-built objects leaked: ask for a fresh child.
        return {"ok": False, "kind": "too_large", "message": f"extraction needed more than {memory_mb} MB",
                "restart": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docvec-extract-worker")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args(argv)
    # Parsers (xlrd, pypdf) print warnings to stdout; keep fd 1 for results only by sending
    # everything else to stderr, including output from C extensions.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _limit_memory(args.memory_mb)
    for line in sys.stdin.buffer:
        request = json.loads(line)
        result = _handle(request["path"], args.memory_mb)
        out.write(json.dumps(result, ensure_ascii=True).encode("ascii") + b"\n")
        out.flush()
        if result.get("restart"):
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
