"""Known-item search (issue 9): a phrase copied from a document should find that document.

    cd benchmarks && ../.venv/bin/python known_item.py [--data-dir DIR] [--model-dir DIR]

Adds every document of ../shared/testdata whose expected outcome is text (``docvec add
--wait``; an existing DIR is reused), then sends each MANIFEST phrase (phrase_1..phrase_3,
whitespace collapsed) through ``docvec search --batch`` in every mode and reports how often
the phrase's own document is the first hit (top-1) and among the first 5 documents.

Some phrases occur word for word in two documents of the set (a Word and a PowerPoint file
with the same sample text, a CSV and the workbook of the same table, one guide as PDF and as
text). ``top1_any`` also counts a first hit whose reference text (``expected/``) contains the
phrase: both answers are right there. ``top1`` is the strict figure.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import DOCS, REPO


def phrases() -> list[tuple[str, str]]:
    with open(DOCS.parent / "MANIFEST.tsv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["expected_outcome"] == "text"]
    out = []
    for row in rows:
        for key in ("phrase_1", "phrase_2", "phrase_3"):
            phrase = " ".join((row.get(key) or "").split())
            if phrase:
                out.append((phrase, row["file"]))
    return out


def _collapse(text: str) -> str:
    return " ".join(text.split()).casefold()


def reference_texts(names: set[str]) -> dict[str, str]:
    """Each document's reference text (whitespace collapsed, case folded), if it has one."""
    out = {}
    for name in names:
        path = DOCS.parent / "expected" / Path(name).with_suffix(".txt").name
        if path.exists():
            out[name] = _collapse(path.read_text(encoding="utf-8", errors="replace"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--model-dir", type=Path, help="default: the app's default model")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="docvec-known-item-")) / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("MODEL_DIR", "DOCVEC_MODEL_DIR")}
    env["DOCVEC_DATA_DIR"] = str(data_dir)
    if args.model_dir:
        env["DOCVEC_MODEL_DIR"] = str(args.model_dir.resolve())
    pairs = phrases()
    if not (data_dir / "docvec.db").exists():
        inbox = data_dir.parent / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        for name in sorted({doc for _, doc in pairs}):
            shutil.copy(DOCS / name, inbox / name)
        subprocess.run([sys.executable, "-m", "docvec_gui", "add", "--wait", str(inbox)], env=env, check=True,
                       cwd=REPO, stdout=subprocess.DEVNULL)
    text = "".join(phrase + "\n" for phrase, _ in pairs)
    references = reference_texts({doc for _, doc in pairs})
    report = {"model": args.model_dir.name if args.model_dir else "default", "phrases": len(pairs), "documents": len({d for _, d in pairs})}
    for mode in ("hybrid", "keyword", "vector"):
        out = subprocess.run([sys.executable, "-m", "docvec_gui", "search", "--batch", "--mode", mode,
                              "--top-k", "20"], env=env, input=text, capture_output=True, text=True, check=True,
                             cwd=REPO).stdout.split("\n")  # not splitlines(): text may hold U+2028 or U+0085
        top1 = top5 = top1_any = 0
        misses = []
        for (phrase, doc), line in zip(pairs, out):
            ranked: list[str] = []
            for hit in json.loads(line)["results"]:
                if hit["filename"] not in ranked:
                    ranked.append(hit["filename"])
            top1 += ranked[:1] == [doc]
            top5 += doc in ranked[:5]
            also_right = bool(ranked) and _collapse(phrase) in references.get(ranked[0], "")
            top1_any += ranked[:1] == [doc] or also_right
            if ranked[:1] != [doc] and not also_right:
                misses.append({"phrase": phrase, "want": doc, "got": ranked[:1]})
        report[mode] = {"top1": round(top1 / len(pairs), 3), "top1_any": round(top1_any / len(pairs), 3),
                        "top5": round(top5 / len(pairs), 3), "misses": misses[:20]}
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
