"""Where a vector hit stops being a "good match", per model (issue 9: "no good matches"
instead of padding the list).

For each model, real passages (windows of the reference texts in ../shared/testdata/docs/expected
and HSK sentences from ../shared/eval/hsk-zh) are embedded, then three kinds of query:

- on-topic: a phrase copied from a document (MANIFEST phrases, each with the passage around
  it), an English sentence with its Chinese translation, a Chinese sentence with its
  paraphrase, a SciFact train claim with a relevant abstract;
  the figure is the cosine to the passage it should find;
- off-topic: plausible questions about things the corpus does not hold (English and Chinese);
- nonsense: keyboard mash and random syllables.

For off-topic and nonsense queries the figure is the best cosine over the whole corpus: a
floor above it leaves the result list empty. The script prints the distributions and, for a
grid of floors, how many on-topic targets stay and how many bad queries come back empty.

    .venv/bin/python benchmarks/match_floor.py [--per-doc 4] [--hsk 200] [--scifact 120] [MODEL_DIR ...]

With ``--keyword`` it measures the keyword side on CJK instead (no model): the HSK sentences
in an FTS5 index built as docvec builds it, queried with a traditional-character sentence
for its simplified original (with and without folding) and with a Chinese paraphrase, the
query cut into a phrase of the whole run, single characters, or bigrams (docvec's).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import SHARED  # noqa: E402
from docvec_gui.core.db import CJK_RE  # noqa: E402
from docvec_gui.core.embed import OnnxEmbedder  # noqa: E402

EXPECTED = SHARED / "testdata" / "docs" / "expected"
MANIFEST = SHARED / "testdata" / "docs" / "MANIFEST.tsv"
HSK = SHARED / "eval" / "hsk-zh"
SCIFACT = SHARED / "eval" / "scifact-train"
MODELS = [SHARED / "models" / "all-MiniLM-L6-v2", SHARED / "models" / "multilingual-e5-small"]
WINDOW_WORDS = 120
WINDOW_CJK = 220

OFF_TOPIC_EN = [
    "how to bake sourdough bread at home", "best hiking trails in Patagonia", "symptoms of a sprained ankle",
    "who won the football world cup final", "cheap flights from Paris to Tokyo", "how to train a puppy to sit",
    "recipe for chocolate chip cookies", "how do I fix a leaking tap", "wedding dress shopping tips",
    "learn to play the violin as an adult", "price of second hand electric cars", "knitting a wool scarf pattern",
    "yoga poses for back pain", "how to grow tomatoes on a balcony", "history of the Roman colosseum",
]
OFF_TOPIC_ZH = [
    "怎么做红烧肉", "周末去哪里钓鱼", "婚礼上穿什么衣服", "如何训练小狗", "马拉松比赛的报名时间",
    "手机屏幕碎了怎么修", "哪个牌子的洗衣机好", "学习弹钢琴要多久", "感冒了吃什么药", "上海迪士尼门票价格",
]
FIXED_NONSENSE = ["xqzvbn flurp", "asdf qwer zxcv", "blorptastic zengle", "qqqq", "zzxq vbnm plok",
                  "hjkl hjkl", "frobnicate the wuzzle", "glarb", "mxyzptlk", "sdfkjh wqoieu"]


def windows(text: str, per_doc: int) -> list[str]:
    """``per_doc`` windows spread evenly through ``text``: words for Latin text, characters for CJK."""
    cjk = len(CJK_RE.findall(text[:20000])) > 0.2 * len(text[:20000])
    units = list(re.sub(r"\s+", "", text)) if cjk else text.split()
    size = WINDOW_CJK if cjk else WINDOW_WORDS
    if len(units) < 20:
        return []
    starts = sorted({int(i * max(0, len(units) - size) / max(1, per_doc - 1)) for i in range(per_doc)})
    joiner = "" if cjk else " "
    return [joiner.join(units[s:s + size]) for s in starts]


def around(text: str, phrase: str) -> str | None:
    """The window of the reference text around ``phrase`` (whitespace collapsed), if it occurs."""
    flat = " ".join(text.split())
    at = flat.find(" ".join(phrase.split()))
    if at < 0:
        return None
    words_before = flat[:at].split()[-WINDOW_WORDS // 3:]
    words_after = flat[at:].split()[:WINDOW_WORDS - len(words_before)]
    return " ".join(words_before + words_after)


def nonsense(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    letters = "bcdfghjklmnpqrstvwxz"
    vowels = "aeiouy"
    out = list(FIXED_NONSENSE)
    while len(out) < count:
        words = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5:  # pronounceable gibberish
                words.append("".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4))))
            else:  # keyboard mash
                words.append("".join(rng.choice(letters) for _ in range(rng.randint(3, 8))))
        out.append(" ".join(words))
    return out


def build(per_doc: int, hsk: int, scifact: int) -> tuple[list[str], list[tuple[str, int, str]]]:
    """(passages, on-topic queries as (query, index of its passage, kind))."""
    passages: list[str] = []
    targets: list[tuple[str, int, str]] = []
    texts = {p.name[:-4]: p.read_text(encoding="utf-8", errors="replace")
             for p in sorted(EXPECTED.glob("*.txt")) if not p.name.endswith(".layout.txt")}
    for text in texts.values():
        passages.extend(windows(text, per_doc))
    with open(MANIFEST, encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text = texts.get(Path(row["file"]).stem) or texts.get(row["file"])
            for key in ("phrase_1", "phrase_2", "phrase_3"):
                phrase = (row.get(key) or "").strip()
                window = around(text, phrase) if text and len(phrase.split()) >= 3 else None
                if window:
                    targets.append((phrase, len(passages), "phrase"))
                    passages.append(window)
    pairs = [json.loads(line) for line in open(HSK / "pairs.jsonl", encoding="utf-8")]
    random.Random(3).shuffle(pairs)
    for pair in pairs[:hsk]:
        targets.append((pair["en"], len(passages), "en->zh"))
        passages.append(pair["zh"])
    groups: dict[int, list[dict]] = {}
    for row in (json.loads(line) for line in open(HSK / "paraphrase.jsonl", encoding="utf-8")):
        groups.setdefault(row["group"], []).append(row)
    for members in groups.values():
        if len(members) >= 2 and members[0]["zh"] != members[1]["zh"]:
            targets.append((members[0]["zh"], len(passages), "zh paraphrase"))
            passages.append(members[1]["zh"])
    add_scifact(scifact, passages, targets)
    return passages, targets


def add_scifact(count: int, passages: list[str], targets: list[tuple[str, int, str]]) -> None:
    """English meaning queries: SciFact train claims with (the start of) a relevant abstract."""
    relevant: dict[str, str] = {}
    with open(SCIFACT / "qrels.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            relevant.setdefault(row["query-id"], row["corpus-id"])
    queries = [json.loads(line) for line in open(SCIFACT / "queries.jsonl", encoding="utf-8")]
    queries = [q for q in queries if q["_id"] in relevant][:count]
    wanted = {relevant[q["_id"]] for q in queries}
    docs = {}
    for line in open(SCIFACT / "corpus.jsonl", encoding="utf-8"):
        doc = json.loads(line)
        if doc["_id"] in wanted:
            docs[doc["_id"]] = " ".join((doc["title"] + ". " + doc["text"]).split()[:WINDOW_WORDS])
    index: dict[str, int] = {}
    for q in queries:
        doc_id = relevant[q["_id"]]
        if doc_id not in docs:
            continue
        if doc_id not in index:
            index[doc_id] = len(passages)
            passages.append(docs[doc_id])
        targets.append((q["text"], index[doc_id], "scifact claim"))


def pct(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else float("nan")


def embedded(embedder: OnnxEmbedder, texts: list[str], kind: str, cache: Path | None) -> np.ndarray:
    """Vectors of ``texts``, kept in ``cache`` (keyed by model, kind and the texts) for re-runs."""
    import hashlib

    key = hashlib.sha256("\0".join([embedder.name, kind, *texts]).encode()).hexdigest()[:16]
    path = cache / f"{embedder.name}-{kind}-{key}.npy" if cache else None
    if path is not None and path.is_file():
        return np.load(path)
    vectors = embedder.embed(texts, kind=kind)
    if path is not None:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def _gap(similarities: np.ndarray) -> np.ndarray:
    ordered = -np.sort(-similarities, axis=1)
    return ordered[:, 0] - ordered[:, 9]


def measure(model_dir: Path, passages: list[str], targets: list[tuple[str, int, str]], bad: dict[str, list[str]],
            threads: int, cache: Path | None = None) -> None:
    embedder = OnnxEmbedder(model_dir, threads=threads)
    start = time.perf_counter()
    corpus = embedded(embedder, passages, "passage", cache)
    took = time.perf_counter() - start
    print(f"\n## {embedder.name}  ({len(passages)} passages embedded in {took:.0f} s)")
    on = embedded(embedder, [q for q, _, _ in targets], "query", cache)
    on_target = np.array([float(on[i] @ corpus[t]) for i, (_, t, _) in enumerate(targets)])
    kinds = sorted({k for _, _, k in targets})
    rows = []
    for kind in kinds:
        mask = np.array([k == kind for _, _, k in targets])
        rows.append((f"on-topic {kind} (cosine to its passage)", on_target[mask]))
    best_bad = {}
    for name, queries in bad.items():
        best_bad[name] = (embedded(embedder, queries, "query", cache) @ corpus.T).max(axis=1)
        rows.append((f"{name} (best cosine over the corpus)", best_bad[name]))
    # Another signal than a floor: how far the best hit stands out from the 10th best.
    gaps = {}
    on_all = on @ corpus.T
    top1 = on_all.argmax(axis=1) == np.array([t for _, t, _ in targets])
    gaps["on-topic, target first"] = _gap(on_all[top1])
    for name, queries in bad.items():
        gaps[name] = _gap(embedded(embedder, queries, "query", cache) @ corpus.T)
    print(f"{'':52} {'n':>4} {'min':>6} {'p5':>6} {'p50':>6} {'p95':>6} {'max':>6}")
    for label, values in rows:
        print(f"{label:52} {len(values):4} {values.min():6.3f} {pct(values, 5):6.3f} {pct(values, 50):6.3f} "
              f"{pct(values, 95):6.3f} {values.max():6.3f}")
    for name, values in gaps.items():
        label = f"gap best - 10th best: {name}"
        print(f"{label:52} {len(values):4} {values.min():6.3f} {pct(values, 5):6.3f} {pct(values, 50):6.3f} "
              f"{pct(values, 95):6.3f} {values.max():6.3f}")
    low, high = float(min(v.min() for _, v in rows)), float(max(v.max() for _, v in rows))
    print(f"\n{'floor':>6} " + " ".join(f"{'kept ' + k:>18}" for k in kinds)
          + " " + " ".join(f"{'empty ' + n:>18}" for n in bad))
    for floor in np.arange(max(0.0, np.floor(low * 100) / 100), min(1.0, high) + 0.005, 0.01):
        kept = [float((on_target[np.array([k == kind for _, _, k in targets])] >= floor).mean()) for kind in kinds]
        empty = [float((best_bad[n] < floor).mean()) for n in bad]
        print(f"{floor:6.2f} " + " ".join(f"{v:18.1%}" for v in kept) + " " + " ".join(f"{v:18.1%}" for v in empty))


def keyword_cjk() -> None:
    import sqlite3

    from docvec_gui.core import search
    from docvec_gui.core.db import fts_text

    pairs = [json.loads(line) for line in open(HSK / "pairs.jsonl", encoding="utf-8")]
    paraphrases: dict[int, list[str]] = {}
    for row in (json.loads(line) for line in open(HSK / "paraphrase.jsonl", encoding="utf-8")):
        paraphrases.setdefault(row["group"], []).append(row["zh"])
    sentences = list(dict.fromkeys([p["zh"] for p in pairs] + [z for g in paraphrases.values() for z in g]))
    row_of = {text: i + 1 for i, text in enumerate(sentences)}
    unfolded = lambda t: CJK_RE.sub(lambda m: f" {m.group(0)} ", t)  # noqa: E731  (before folding)

    def index(make) -> sqlite3.Connection:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE f USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')")
        con.executemany("INSERT INTO f(rowid, body) VALUES (?, ?)", [(row_of[t], make(t)) for t in sentences])
        return con

    def cut(query: str, how: str) -> str | None:
        runs = [w for w in search._words(query) if CJK_RE.match(w)]
        if how == "phrase":
            return " AND ".join(search._phrase([w]) for w in runs) or None
        if how == "characters":
            return " OR ".join(dict.fromkeys(search._phrase([c]) for w in runs for c in w)) or None
        return search.fts_query(query)

    def recall(con: sqlite3.Connection, cases: list[tuple[str, str]], how: str) -> str:
        first = found = 0
        for query, target in cases:
            expression = cut(query, how)
            rows = [r[0] for r in con.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT 11",
                                               (expression,))] if expression else []
            rows = [r for r in rows if r != row_of.get(query)][:10]  # not the query's own sentence
            first += bool(rows) and rows[0] == row_of[target]
            found += row_of[target] in rows
        return f"R@1 {first / len(cases):.3f}  R@10 {found / len(cases):.3f}"

    folded_index, plain_index = index(fts_text), index(unfolded)
    traditional = [(p["zh_trad"], p["zh"]) for p in pairs if p["zh_trad"] != p["zh"]]
    print(f"## keyword side, {len(sentences)} HSK sentences indexed")
    print(f"traditional query -> simplified sentence ({len(traditional)}), bigrams:")
    print(f"  folded (now)      {recall(folded_index, traditional, 'bigrams')}")
    fold = search.fold
    search.fold = lambda t: t  # the query side before folding
    try:
        print(f"  not folded        {recall(plain_index, traditional, 'bigrams')}")
    finally:
        search.fold = fold
    cases = [(g[0], g[1]) for g in paraphrases.values() if len(g) >= 2 and g[0] != g[1]]
    print(f"Chinese paraphrase -> its pair ({len(cases)}):")
    for how in ("phrase", "characters", "bigrams"):
        print(f"  {how:17} {recall(folded_index, cases, how)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", type=Path, default=MODELS)
    parser.add_argument("--per-doc", type=int, default=4, help="windows taken from each reference text")
    parser.add_argument("--hsk", type=int, default=200, help="HSK English/Chinese pairs")
    parser.add_argument("--scifact", type=int, default=120, help="SciFact train claims")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--cache", type=Path, help="keep embeddings here for re-runs")
    parser.add_argument("--keyword", action="store_true", help="measure the keyword side on CJK instead")
    args = parser.parse_args()
    if args.keyword:
        keyword_cjk()
        return 0
    passages, targets = build(args.per_doc, args.hsk, args.scifact)
    bad = {"off-topic en": OFF_TOPIC_EN, "off-topic zh": OFF_TOPIC_ZH, "nonsense": nonsense(60)}
    print(f"{len(passages)} passages; {len(targets)} on-topic, "
          + ", ".join(f"{len(v)} {k}" for k, v in bad.items()) + " queries")
    for model_dir in args.models:
        measure(model_dir, passages, targets, bad, args.threads, args.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
