"""The extractors' hooks (core/extract/hooks.py): set for one extraction, put back afterwards."""
from __future__ import annotations

import threading

import pytest

from docvec_gui.core.extract import ocr, progress, streaming
from docvec_gui.core.extract.hooks import Hook
from docvec_gui.core.extract.model import Block, Extracted


def test_a_hook_holds_its_value_for_the_block_only():
    hook: Hook[str] = Hook("default")
    assert hook.value == "default"
    with hook.using("set"):
        assert hook.value == "set"
    assert hook.value == "default"


def test_a_hook_is_put_back_after_an_error():
    hook: Hook[str | None] = Hook(None)
    with pytest.raises(RuntimeError), hook.using("set"):
        raise RuntimeError("extraction failed")
    assert hook.value is None


def test_hooks_nest_and_each_level_is_put_back():
    hook: Hook[int] = Hook(0)
    with hook.using(1):
        with hook.using(2):
            assert hook.value == 2
        assert hook.value == 1
        with pytest.raises(ValueError), hook.using(3):
            raise ValueError
        assert hook.value == 1
    assert hook.value == 0


def test_a_hook_is_seen_from_other_threads():
    hook: Hook[str] = Hook("default")
    seen: list[str] = []
    with hook.using("set"):
        reader = threading.Thread(target=lambda: seen.append(hook.value))
        reader.start()
        reader.join()
    assert seen == ["set"]


def test_the_extractors_hooks_are_put_back_after_an_error():
    received: list[list[Block]] = []
    reports: list[tuple[int, int, str]] = []
    options = ocr.OcrOptions(enabled=False, max_pages=2)
    before = ocr.current_options()
    with pytest.raises(RuntimeError), streaming.sending_to(received.append), \
            progress.reporting_to(lambda *report: reports.append(report)), ocr.using_options(options):
        assert ocr.current_options() is options
        streaming.emit(Extracted(format="pdf"), [Block("sent", page=1)])
        progress.page_done(1, 2)
        raise RuntimeError
    assert [[block.text for block in blocks] for blocks in received] == [["sent"]]
    assert reports == [(1, 2, progress.EXTRACTING)]
    assert ocr.current_options() is before

    kept = Extracted(format="pdf")
    streaming.emit(kept, [Block("kept", page=1)])
    progress.page_done(2, 2)  # nobody listens: nothing to report to
    assert [block.text for block in kept.blocks] == ["kept"] and kept.sent == 0
    assert reports == [(1, 2, progress.EXTRACTING)]
