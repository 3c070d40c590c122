"""Fuzzing every parser entry point with mutated manifest files (hypothesis).

Every input must end in an Extracted document or an ExtractionError with a known kind:
no other exception (a crash) and no run over the deadline (a hang). CI runs a short
budget; FUZZ_EXAMPLES raises it for long runs (see docs/BENCHMARKS.md for totals).
"""
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docvec_gui.core.extract import ERROR_KINDS, ExtractionError, Extracted, extract_file
from docvec_gui.core.extract.encoding import decode_bytes
from docvec_gui.core.extract.sniff import DOCUMENT_FORMATS, Sniffed, sniff

SEEDS = {
    "pdf": "google-doc-document.pdf", "docx": "docx-tables.docx", "pptx": "fake-power-point-table.pptx",
    "xlsx": "stanley-cups-workbook.xlsx", "odt": "simple.odt", "ods": "test-columnar.ods",
    "odp": "testMasterFooter.odp", "epub": "testEPUB.epub", "rtf": "fake-doc.rtf", "html": "resume.html",
    "markdown": "simple-table.md", "text": "ude_french_latin1.txt", "csv": "stanley-cups.csv",
    "tsv": "stanley-cups.csv", "json": "spring-weather.html.json", "ndjson": "simple-elements.ndjson",
    "eml": "fake-email.eml", "doc": "biosketch-stanford.doc", "xls": "maldives-tour-prices.xls",
    "ppt": "biosketch-stanford.doc",
}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=20), derandomize=not os.environ.get(
    "FUZZ_RANDOM"), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@st.composite
def mutations(draw, seed: bytes):
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "repeat"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 256))]
        else:
            end = min(len(data), pos + draw(st.integers(1, 128)))
            data[pos:pos] = data[pos:end] * draw(st.integers(1, 20))
    return bytes(data)


def _check(fmt: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz.{fmt}"
        path.write_bytes(data)
        try:
            sniff(path)  # the sniffer is an entry point too
            result = extract_file(path, Sniffed(fmt, DOCUMENT_FORMATS[fmt]))
            assert isinstance(result, Extracted)
        except ExtractionError as exc:
            assert exc.kind in ERROR_KINDS


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_parser_survives_mutations(fmt, docs_dir):
    seed = (docs_dir / SEEDS[fmt]).read_bytes()

    @FUZZ_SETTINGS
    @given(data=mutations(seed))
    def run(data):
        _check(fmt, data)

    run()


@FUZZ_SETTINGS
@given(st.binary(max_size=4096))
def test_decoder_and_sniffer_accept_any_bytes(data):
    text, encoding = decode_bytes(data)
    assert isinstance(text, str) and encoding
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "blob"
        path.write_bytes(data)
        info = sniff(path)
        assert info.is_document or info.refusal in ERROR_KINDS
