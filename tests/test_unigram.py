"""The SentencePiece-backed tokenizer (docvec_gui/core/unigram.py) against HF tokenizers, on
the real multilingual model's tokenizer.json and real text: same ids, same offsets, same
chunks, a cache that survives damage, thread safety, and the memory it saves.

Every reference text is in the corpus; the big ones are sampled (10 pieces of 2,000
characters spread through each file) to keep the test near 30 s on two shared cores. Set
DOCVEC_FULL_TOKENIZER_CORPUS=1 to cut every file whole (5,182 pieces, a few minutes).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import DOCS, MULTILINGUAL_DIR, SCIFACT, SHARED, require
from docvec_gui.core.unigram import load_unigram

HSK = SHARED / "eval" / "hsk-zh" / "pairs.jsonl"
PIECE = 2000
PIECES_PER_FILE = 10

EDGE_CASES = [
    "", " ", "   ", "\t\n", "\n\n\n", "a  b", "a \n\t b", " lead", "trail ", "  both  ",
    "a\u00a0b", "\u00a0\u00a0x", "a\u2028b\u2029c", "\u3000中文", "\u200b", "\u200ba",
    "😀 ok 👩\u200d💻 🇫🇷", "e\u0301 x", "the\u0301e Moire\u0301", "y\u0304 =", "q\u0301 e\u0301\u0301",
    "中文分词测试没有空格的长句子，还有标点。", "日本語のテキストとカタカナ、ひらがな。", "한국어 텍스트",
    "x\x01y\x7f z\x1b[0m", "\x01", "\x01中", " \x01 a", "a\x00b", "tab\there", "cr\r\nlf",
    "a" * 3000, "Donaudampfschifffahrtsgesellschaftskapitän" * 3, "https://example.org/a/b?c=d&e=f",
    "<s>x</s>", "a <mask> b", "<pad><pad>", "x<unk>y", "▁a▁▁b", "a ▁b", "…", "al….", "˜/x ˜ y", "㍿ ㈱",
    "ｈｅｌｌｏ　ｗｏｒｌｄ", "①②③ ½ ﬁ", "................................ 12", "──────── ────",
    "1.07194008,0.041350719,-0.08724,0.000012", "𠀀𪛖 z \U0001FAE8\U0001FAE8", "Ελληνικά русский עברית العربية",
    # Decomposed (NFD) text, as macOS file names and some PDFs give it; marks HF's normalizer drops.
    unicodedata.normalize("NFD", "Tiếng Việt có dấu: người, được, những. Ça été ñandú Ångström"),
    unicodedata.normalize("NFD", "한국어 텍스트"), "بِسْمِ اللَّهِ", "שָׁלוֹם", "हिन्दी", "ภาษาไทย", "e\u0323\u0302 n\u0303\u0303",
    "\u00a0\u0301x", " \u0301 y", "ｅ\u0301", "a\r\n\r\nb\r\n",
]


@pytest.fixture(scope="module")
def tokenizer_json() -> Path:
    return require(MULTILINGUAL_DIR / "tokenizer.json", "multilingual tokenizer")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tokenizer-cache")


@pytest.fixture(scope="module")
def uni(tokenizer_json, cache_dir):
    tok = load_unigram(tokenizer_json, cache_dir)
    assert tok is not None
    return tok


@pytest.fixture(scope="module")
def hf(tokenizer_json):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_json))
    tok.no_padding()
    tok.no_truncation()
    return tok


def _pieces(text: str, full: bool) -> list[str]:
    starts = range(0, len(text), PIECE)
    if not full and len(starts) > PIECES_PER_FILE:
        step = len(starts) / PIECES_PER_FILE
        starts = [starts[int(i * step)] for i in range(PIECES_PER_FILE)]
    return [text[s:s + PIECE] for s in starts]


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[str]]:
    full = os.environ.get("DOCVEC_FULL_TOKENIZER_CORPUS") == "1"
    expected = require(DOCS / "expected", "reference texts")
    reference = [piece for path in sorted(expected.glob("*.txt"))
                 for piece in _pieces(path.read_text(encoding="utf-8"), full)]
    hsk = []
    with open(require(HSK, "HSK sentences"), encoding="utf-8") as fh:
        for line in list(fh)[:500]:
            row = json.loads(line)
            hsk += [row["zh"], row["zh_trad"], row["en"]]
    scifact = []
    with open(require(SCIFACT / "corpus.jsonl", "SciFact corpus"), encoding="utf-8") as fh:
        for line in list(fh)[:300]:
            row = json.loads(line)
            scifact.append(f"{row.get('title', '')}\n{row['text']}")
    assert len(reference) > 400 and len(hsk) == 1500 and len(scifact) == 300
    return {"reference": reference, "hsk": hsk, "scifact": scifact, "edge": EDGE_CASES}


def _report(name: str, bad: list[str], total: int) -> str:
    shown = "; ".join(repr(text[:60]) for text in bad[:5])
    return f"{name}: {len(bad)}/{total} differ ({100 * len(bad) / max(total, 1):.3f}%) {shown}"


@pytest.mark.parametrize("part", ["reference", "hsk", "scifact", "edge"])
def test_ids_and_offsets_are_hf_s(part, corpus, uni, hf):
    texts = corpus[part]
    theirs = hf.encode_batch(texts, add_special_tokens=False)
    mine = uni.encode_batch(texts, add_special_tokens=False)
    bad_ids = [t for t, a, b in zip(texts, theirs, mine) if a.ids != b.ids]
    bad_offsets = [t for t, a, b in zip(texts, theirs, mine) if a.offsets != b.offsets]
    print(_report(f"{part} ids", bad_ids, len(texts)), "|", _report("offsets", bad_offsets, len(texts)))
    assert not bad_ids, _report(f"{part} ids", bad_ids, len(texts))
    assert not bad_offsets, _report(f"{part} offsets", bad_offsets, len(texts))


def test_specials_truncation_and_post_processing_are_hf_s(uni, hf):
    texts = ["passage: Hello world", "query: 如何构建软件包", "", "x" * 5000, "a <mask> b </s>"]
    for text in texts:
        a, b = hf.encode(text), uni.encode(text)
        assert (a.ids, a.offsets) == (b.ids, b.offsets)
    assert uni.num_special_tokens_to_add(False) == hf.num_special_tokens_to_add(False) == 2
    assert uni.num_special_tokens_to_add(True) == hf.num_special_tokens_to_add(True)
    # What OnnxEmbedder._encode does: encode without specials, truncate, post-process.
    theirs = hf.encode_batch(texts, add_special_tokens=False)
    mine = uni.encode_batch(texts, add_special_tokens=False)
    for a, b in zip(theirs, mine):
        a.truncate(510)
        b.truncate(510)
        a, b = hf.post_process(a), uni.post_process(b)
        assert (a.ids, a.offsets) == (b.ids, b.offsets)
        assert len(b.ids) <= 512


def test_vocabulary_lookups_are_hf_s(uni, hf):
    for token in ["<s>", "<pad>", "</s>", "<unk>", "<mask>", "▁", "▁the", "中文", "[PAD]", "no-such-piece", ""]:
        assert uni.token_to_id(token) == hf.token_to_id(token), token
    assert uni.get_vocab_size() == hf.get_vocab_size() == 250002
    assert uni.truncation is None and uni.padding is None
    uni.no_padding()
    uni.no_truncation()
    with pytest.raises(TypeError):
        uni.encode_batch([None])


def test_the_chunker_cuts_the_same_chunks(uni, hf):
    from docvec_gui.core.chunk import Chunker
    from docvec_gui.core.extract.model import Block

    expected = DOCS / "expected"
    for name in ("war-and-peace.txt", "maint-guide.zh-cn.txt", "gnuplot.txt", "DA-619p.txt"):
        text = require(expected / name, "reference text").read_text(encoding="utf-8")
        middle = len(text) // 2
        # Paragraph blocks from the middle of the text: long enough for a few hundred chunks.
        blocks = [Block(p, page=i // 20) for i, p in enumerate(text[middle:middle + 60_000].split("\n\n"))]
        for tokens, overlap in ((200, 30), (60, 10)):
            theirs = list(Chunker(hf, tokens, overlap).stream(blocks))
            mine = list(Chunker(uni, tokens, overlap).stream(blocks))
            assert len(theirs) > 10
            assert [c.to_json() for c in mine] == [c.to_json() for c in theirs], name


def test_two_threads_share_it(uni, corpus):
    texts = corpus["reference"][:200] + corpus["hsk"][:300]
    expected = [(e.ids, e.offsets) for e in uni.encode_batch(texts)]
    results: dict[int, list] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            got = []
            for i in range(0, len(texts), 25):  # small batches, interleaving with the other thread
                got += [(e.ids, e.offsets) for e in uni.encode_batch(texts[i:i + 25])]
            results[n] = got
        except BaseException as exc:  # noqa: BLE001 (reported by the assert below)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,), name=f"tok-{n}") for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads) and not errors, errors
    assert results[0] == expected and results[1] == expected


def test_cache_is_used_and_survives_damage(tokenizer_json, tmp_path):
    from tokenizers import Tokenizer

    cache = tmp_path / "cache"
    start = time.monotonic()
    first = load_unigram(tokenizer_json, cache)
    built = time.monotonic() - start
    models = list(cache.glob("*.model"))
    specs = list(cache.glob("*.json"))
    assert len(models) == 1 and len(specs) == 1
    stamp = models[0].stat().st_mtime_ns
    start = time.monotonic()
    second = load_unigram(tokenizer_json, cache)
    cached = time.monotonic() - start
    assert models[0].stat().st_mtime_ns == stamp  # read, not rebuilt
    print(f"first load (build) {built:.1f}s, cached load {cached:.1f}s")
    text = "Le cache évite de relire 17 Mo de JSON. 缓存避免每次解析。"
    assert first.encode(text).ids == second.encode(text).ids == Tokenizer.from_file(str(tokenizer_json)).encode(text).ids
    # A damaged cache is rebuilt, not trusted and not fatal.
    models[0].write_bytes(b"\x00garbage")
    third = load_unigram(tokenizer_json, cache)
    assert third is not None and third.encode(text).ids == first.encode(text).ids
    assert models[0].stat().st_size > 1_000_000
    specs[0].write_text("{not json", encoding="utf-8")
    fourth = load_unigram(tokenizer_json, cache)
    assert fourth is not None and fourth.encode(text).ids == first.encode(text).ids
    assert json.loads(specs[0].read_text(encoding="utf-8"))["format"] >= 1  # rewritten


def test_wordpiece_is_left_to_hf(model_dir, tmp_path):
    assert load_unigram(model_dir / "tokenizer.json", tmp_path) is None
    assert not list(tmp_path.glob("*.model"))


_CHILD = """
import gc, sys, psutil
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import sentencepiece, tokenizers
from docvec_gui.core import unigram
me = psutil.Process()
gc.collect()
before = me.memory_info().rss
if sys.argv[1] == "hf":
    tok = tokenizers.Tokenizer.from_file(sys.argv[2])
else:
    tok = unigram.load_unigram(Path(sys.argv[2]), Path(sys.argv[4]))
tok.encode("warm up: 预热 the tokenizer once")
gc.collect()
print(me.memory_info().rss - before)
"""


def _rss_delta(kind: str, tokenizer_json: Path, cache: Path) -> int:
    repo = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run([sys.executable, "-c", _CHILD, kind, str(tokenizer_json), repo, str(cache)],
                          capture_output=True, text=True, timeout=120, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def test_it_saves_at_least_200_mb_resident(tokenizer_json, uni, cache_dir):
    # The module's cache is filled (by the uni fixture): this measures a normal start.
    hf_delta = _rss_delta("hf", tokenizer_json, cache_dir)
    uni_delta = _rss_delta("unigram", tokenizer_json, cache_dir)
    print(f"RSS delta: HF tokenizers {hf_delta / 2**20:.0f} MB, unigram {uni_delta / 2**20:.0f} MB")
    assert hf_delta - uni_delta >= 200 * 2**20
