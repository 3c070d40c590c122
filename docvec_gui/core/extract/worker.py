"""Entry point of the extraction subprocess: prints one JSON object on stdout."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docvec-extract-worker")
    parser.add_argument("path")
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args(argv)
    # Parsers (xlrd, pypdf) print warnings to stdout; keep fd 1 clean for the JSON result
    # by sending everything else to stderr, including output from C extensions.
    result_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _limit_memory(args.memory_mb)
    from docvec_gui.core.extract import ExtractionError, extract_file

    try:
        doc = extract_file(Path(args.path))
        result = {"ok": True, "document": doc.to_json()}
    except ExtractionError as exc:
        result = {"ok": False, "kind": exc.kind, "message": str(exc)}
    except MemoryError:
        result = {"ok": False, "kind": "too_large", "message": f"extraction needed more than {args.memory_mb} MB"}
    data = json.dumps(result, ensure_ascii=False).encode("utf-8")
    with os.fdopen(result_fd, "wb") as out:
        out.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
