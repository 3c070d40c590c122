import pytest

from docvec_gui.core.chunk import Chunker, can_cut
from docvec_gui.core.extract import extract_file
from docvec_gui.core.extract.model import Block, Extracted


@pytest.fixture(scope="module")
def chunker(model_dir):
    return Chunker.from_model_dir(model_dir, max_tokens=200, overlap=30)


def _check_invariants(chunker, doc, chunks, limit=200):
    text = doc.text
    for c in chunks:
        assert text[c.start:c.end] == c.text
        assert c.tokens == chunker.count(c.text) <= limit
        assert can_cut(text, c.start) and can_cut(text, c.end), repr(c.text[:30])


def test_token_limit_and_offsets_on_a_novel(chunker, docs_dir):
    doc = extract_file(docs_dir / "war-and-peace.txt")
    chunks = chunker.chunk(doc)
    assert len(chunks) > 1000
    _check_invariants(chunker, doc, chunks)
    assert max(c.tokens for c in chunks) >= 180  # chunks are filled, not tiny


def test_overlap_repeats_the_end_of_the_previous_chunk(chunker):
    sentences = " ".join(f"Sentence number {i} talks about topic {i * 7} in some detail." for i in range(120))
    doc = Extracted("text", [Block(sentences)])
    chunks = chunker.chunk(doc)
    assert len(chunks) >= 3
    for prev, cur in zip(chunks, chunks[1:]):
        assert cur.start < prev.end, "consecutive chunks overlap"
        overlap = doc.text[cur.start:prev.end]
        assert 0 < chunker.count(overlap) <= 30
    _check_invariants(chunker, doc, chunks)


def test_zero_overlap(model_dir):
    chunker = Chunker.from_model_dir(model_dir, max_tokens=64, overlap=0)
    doc = Extracted("text", [Block(" ".join(f"word{i}" for i in range(400)))])
    chunks = chunker.chunk(doc)
    assert all(b.start >= a.end for a, b in zip(chunks, chunks[1:]))
    _check_invariants(chunker, doc, chunks, 64)


def test_metadata_pages_and_headings(chunker):
    doc = Extracted("pdf", [
        Block("Intro", 1, ("Intro",), "heading"),
        Block("First page text. " * 5, 1, ("Intro",)),
        Block("Still intro on page two. " * 5, 2, ("Intro",)),
        Block("Methods", 3, ("Methods",), "heading"),
        Block("We did things. " * 5, 3, ("Methods",)),
    ])
    chunks = chunker.chunk(doc)
    assert [c.heading for c in chunks] == ["Intro", "Methods"]  # sections never share a chunk
    assert (chunks[0].page, chunks[0].page_end) == (1, 2)
    assert (chunks[1].page, chunks[1].page_end) == (3, 3)


def test_cjk_without_spaces(chunker, docs_dir):
    doc = extract_file(docs_dir / "maint-guide.zh-cn.gbk.txt")
    chunks = chunker.chunk(doc)
    _check_invariants(chunker, doc, chunks)
    long_run = Extracted("text", [Block("机器学习是人工智能的一个分支" * 100)])
    run_chunks = chunker.chunk(long_run)
    assert len(run_chunks) > 3
    _check_invariants(chunker, long_run, run_chunks)


def test_never_cuts_inside_a_word(chunker):
    words = " ".join("antidisestablishmentarianism" for _ in range(300))
    doc = Extracted("text", [Block(words)])
    chunks = chunker.chunk(doc)
    for c in chunks:
        assert set(c.text.split()) == {"antidisestablishmentarianism"}
    _check_invariants(chunker, doc, chunks)


def test_the_cli_prints_json_lines(model_dir, docs_dir):
    import json
    import subprocess

    from conftest import cli_cmd, cli_env

    out = subprocess.run(cli_cmd("chunk", str(docs_dir / "fake-email.eml")), capture_output=True, text=True,
                         env=cli_env(docs_dir, model_dir), check=True).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and set(rows[0]) >= {"index", "text", "tokens", "page", "heading"}


@pytest.mark.parametrize("name", ["war-and-peace.txt", "maint-guide.zh-cn.gbk.txt", "tracemonkey.pdf",
                                  "codeblock.md", "stress009-zh.docx"])
def test_streaming_in_small_windows_gives_the_same_chunks(model_dir, docs_dir, name):
    """Chunks never depend on how much text the chunker holds at a time (issue 15)."""
    doc = extract_file(docs_dir / name)
    if name == "war-and-peace.txt":
        doc.blocks = doc.blocks[:2500]  # enough windows; the whole novel is tested above
    whole = Chunker.from_model_dir(model_dir)
    whole.window_chars = 10**12
    windowed = Chunker.from_model_dir(model_dir)
    windowed.window_chars = 1500
    expected = whole.chunk(doc)
    assert len(expected) > 1
    assert list(windowed.stream(iter(doc.blocks))) == expected


def test_streaming_holds_a_window_not_the_document(model_dir):
    """Chunking ~2.5 MB of blocks from a generator: Python memory stays near one window."""
    import tracemalloc

    chunker = Chunker.from_model_dir(model_dir)
    chunker.window_chars = 50_000

    def blocks():
        for i in range(6000):
            yield Block(f"Paragraph {i} of a long report. " + "The committee reviewed the findings in detail. " * 8,
                        page=i // 40 + 1, heading=(f"Part {i // 1500}",))

    tracemalloc.start()
    try:
        count = chars = 0
        for chunk in chunker.stream(blocks()):
            count += 1
            chars += len(chunk.text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 1000 and chars > 2_000_000
    assert peak < 6 * 2**20, f"peak {peak / 2**20:.1f} MB of Python memory for 2.5 MB of text"
