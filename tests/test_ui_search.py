"""The search tab (issue 11): each observed defect has a test named after it. Real widgets
and real SearchResult objects for the list's behaviour; a real library (real model, SQLite,
Chroma) for searching, the preview's context and stale replies through the real Background pool."""
from __future__ import annotations

import time

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPushButton, QTextBrowser, QWidget

from docvec_gui.core.search import SearchResult, highlight_spans
from docvec_gui.ui.bridge import Background
from docvec_gui.ui.search_panel import (BAR_COLOUR, BAR_WIDTH, HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, KindRole, PASSAGE,
                                        ResultDelegate, SearchPanel, SearchRequest, snippet_document)
from docvec_gui.ui.search_preview import Passage, SearchPreview, build_context

LIBRARY_FILES = ["norwich-city.txt", "google-doc-document.pdf", "release-notes.txt"]


def _result(n: int, text: str, query: str = "fox", relevance: float = 0.5, more: int = 0, page: int | None = 1,
            score: float = 0.0163934) -> SearchResult:
    others = [{"chunk_index": 10 + i, "page": 4 + i, "score": 0.01} for i in range(min(more, 5))]
    return SearchResult(f"doc{n}", f"file{n}.pdf", n, page, "", text, score, highlight_spans(text, query),
                        relevance=relevance, more=more, others=others)


def _results() -> list[SearchResult]:
    return [_result(0, "The quick brown fox jumps over the lazy dog. " * 8, relevance=1.0, more=3),
            _result(1, "fox " + "x" * 250 + " tail", relevance=0.25),  # one long unbreakable line
            _result(2, "a short fox", relevance=0.6, page=None)]


@pytest.fixture()
def panel(qtbot):
    widget = SearchPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.query.setText("fox")
    assert widget.show_results(_results(), widget.begin_request())
    return widget


def _spy(signal) -> list:
    seen: list = []
    signal.connect(lambda *args: seen.append(args[0] if len(args) == 1 else args))
    return seen


def _row_point(panel: SearchPanel, row: int) -> QPoint:
    """A point inside the entry's snippet, away from "n more" and the bar."""
    rect = panel.results.visualItemRect(panel.results.item(row))
    return QPoint(rect.left() + 40, rect.bottom() - 8)


# -- activation and opening -----------------------------------------------------------------
def test_double_click_opens_a_hit_twice(qtbot, panel):
    """Observed: a double-click emitted itemActivated and itemDoubleClicked, so the hit opened twice.
    Now one double-click activates once, and activating previews: it opens nothing."""
    activated, opened = _spy(panel.result_activated), _spy(panel.open_requested)
    # A real double-click: press and release, then the second press (QTest.mouseDClick sends
    # only its double-click event) and release.
    viewport, at = panel.results.viewport(), _row_point(panel, 2)
    QTest.mouseClick(viewport, Qt.LeftButton, Qt.NoModifier, at)
    QTest.mouseDClick(viewport, Qt.LeftButton, Qt.NoModifier, at)
    QTest.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, at)
    assert [r.doc_id for r in activated] == ["doc2"]
    assert opened == []
    assert panel.preview.result is panel.result_at(2)


def test_opening_always_launched_an_external_viewer(qtbot, panel):
    """Observed: activating a hit launched a viewer. Now Enter previews in the app; the
    preview's "Open at page N" button (or Ctrl+Enter) asks to open, once per action."""
    opened = _spy(panel.open_requested)
    panel.results.setFocus()
    panel.results.setCurrentRow(0)
    QTest.keyClick(panel.results, Qt.Key_Return)
    assert opened == [] and panel.preview.result is panel.result_at(0)
    assert panel.preview.open_button.text() == "Open at page 1"
    QTest.mouseClick(panel.preview.open_button, Qt.LeftButton)
    assert [r.doc_id for r in opened] == ["doc0"]
    QTest.keyClick(panel.results, Qt.Key_Return, Qt.ControlModifier)
    assert [r.doc_id for r in opened] == ["doc0", "doc0"]
    panel.results.setCurrentRow(panel.results.count() - 1)  # no page: "Open document"
    QTest.keyClick(panel.results, Qt.Key_Return)
    assert panel.preview.open_button.text() == "Open document"


# -- layout -----------------------------------------------------------------------------------
def test_long_unbreakable_line_scrolls_the_list_sideways_and_clips_results(qtbot, panel):
    """Observed: one long unbreakable line made the list scroll sideways and clipped every result."""
    view = panel.results
    qtbot.waitUntil(lambda: view.visualItemRect(view.item(0)).height() > 0)
    bar = view.horizontalScrollBar()
    assert bar.maximum() == 0 and not bar.isVisible()
    width = view.viewport().width()
    for row in range(view.count()):
        rect = view.visualItemRect(view.item(row))
        assert rect.left() >= 0 and rect.right() < width, (row, rect, width)
    # The run of x's wraps anywhere instead of stretching its entry.
    text_width = width - 12
    document = snippet_document(panel.result_html(1), view.font(), text_width)
    assert document.size().width() <= text_width + 1
    assert document.documentLayout().blockBoundingRect(document.begin()).height() > 2 * QFontMetrics(
        view.font()).lineSpacing()


def test_item_heights_are_uneven(qtbot, panel):
    """Observed: entries were as tall as their snippets. Now every document's entry has one height."""
    view = panel.results
    heights = {view.visualItemRect(view.item(r)).height() for r in range(view.count())}
    assert len(heights) == 1, heights
    rects = [view.visualItemRect(view.item(r)) for r in range(view.count())]
    for upper, lower in zip(rects, rects[1:]):
        assert upper.bottom() < lower.top(), "entries overlap"


def test_scores_are_raw_fusion_numbers(qtbot, panel):
    """Observed: scores were shown as raw fusion numbers. Now relevance is a bar (and words)."""
    view = panel.results
    for row in range(view.count()):
        item = view.item(row)
        shown = " ".join(str(item.data(role) or "") for role in (Qt.DisplayRole, Qt.ToolTipRole,
                                                                   Qt.AccessibleTextRole))
        assert "0.016" not in shown and "Relevance:" in shown
    image = view.viewport().grab().toImage()
    green = QColor(BAR_COLOUR)

    def filled(row: int) -> int:
        bar = ResultDelegate.bar_rect(view.visualItemRect(view.item(row)), view.fontMetrics())
        y = bar.center().y()
        return sum(1 for x in range(bar.left(), bar.right() + 1)
                   if abs(image.pixelColor(x, y).green() - green.green()) < 30
                   and abs(image.pixelColor(x, y).red() - green.red()) < 30)

    full, quarter = filled(0), filled(1)
    assert full >= BAR_WIDTH - 4
    assert 0.15 * BAR_WIDTH <= quarter <= 0.35 * BAR_WIDTH, quarter


def test_snippet_highlighting_is_kept(qtbot, panel):
    assert f"{HIGHLIGHT_OPEN}fox{HIGHLIGHT_CLOSE}" in panel.result_html(0)
    assert f"{HIGHLIGHT_OPEN}fox{HIGHLIGHT_CLOSE}" in panel.result_html(1)


# -- grouping -------------------------------------------------------------------------------
def test_results_grouped_by_document_with_n_more_expandable(qtbot, panel):
    view = panel.results
    assert panel.result_count() == 3 and view.count() == 3
    first = view.item(0)
    rect = ResultDelegate.more_rect(view.visualItemRect(first), view.fontMetrics(), 3, False)
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert view.count() == 6 and [view.item(r).data(KindRole) for r in (1, 2, 3)] == [PASSAGE] * 3
    assert [view.item(r).data(Qt.UserRole).page for r in (1, 2, 3)] == [4, 5, 6]
    rect = ResultDelegate.more_rect(view.visualItemRect(first), view.fontMetrics(), 3, True)
    QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, rect.center())
    assert view.count() == 3
    # By keyboard: Right opens, Left on a passage goes back to its document, Left closes.
    view.setFocus()
    view.setCurrentRow(0)
    QTest.keyClick(view, Qt.Key_Right)
    assert view.count() == 6
    QTest.keyClick(view, Qt.Key_Down)
    assert view.currentItem().data(KindRole) == PASSAGE
    QTest.keyClick(view, Qt.Key_Left)
    assert view.currentRow() == 0
    QTest.keyClick(view, Qt.Key_Left)
    assert view.count() == 3


def test_more_passages_than_listed_are_counted_not_dropped(qtbot, panel):
    """The core lists the best 5 of a document's other passages; the rest are said, not lost."""
    panel.show_results([_result(0, "a fox", more=8)], panel.begin_request())
    panel.expand(0)
    view = panel.results
    assert view.count() == 7  # the document, 5 passages, the note
    assert view.item(6).text() == "and 3 more in this document"
    view.setFocus()
    view.setCurrentRow(5)
    QTest.keyClick(view, Qt.Key_Down)  # the note cannot be selected
    assert view.currentRow() == 5
    panel.expand(0, False)
    assert view.count() == 1


# -- mode, keyboard, accessibility, scope ---------------------------------------------------
def test_changing_the_mode_does_not_rerun_the_search(qtbot, panel):
    """Observed: a new mode applied only to the next search. Now it re-runs the typed query."""
    asked = _spy(panel.query_submitted)
    panel.mode.setCurrentIndex(panel.mode.findData("keyword"))
    assert [(r.query, r.mode) for r in asked] == [("fox", "keyword")]
    panel.set_type_scope("pdf")
    assert asked[-1].content_types == ("pdf",) and asked[-1].file_type == "pdf"
    panel.query.clear()
    panel.mode.setCurrentIndex(panel.mode.findData("vector"))
    assert len(asked) == 2  # nothing typed: nothing to run


def test_keyboard_navigation_through_results(qtbot, panel):
    activated, opened = _spy(panel.result_activated), _spy(panel.open_requested)
    panel.query.setFocus()
    qtbot.waitUntil(panel.query.hasFocus)
    QTest.keyClick(panel.query, Qt.Key_Down)
    assert panel.results.hasFocus() and panel.results.currentRow() == 0
    QTest.keyClick(panel.results, Qt.Key_Down)
    assert panel.results.currentRow() == 1
    QTest.keyClick(panel.results, Qt.Key_Return)
    assert [r.doc_id for r in activated] == ["doc1"] and panel.preview.result.doc_id == "doc1"
    QTest.keyClick(panel.results, Qt.Key_Enter, Qt.ControlModifier)
    assert [r.doc_id for r in opened] == ["doc1"]
    QTest.keyClick(panel.results, Qt.Key_Up)
    QTest.keyClick(panel.results, Qt.Key_Up, Qt.KeypadModifier)  # as macOS sends arrow keys
    assert panel.query.hasFocus()


def test_every_control_has_an_accessible_name(qtbot, panel):
    panel.set_folders([(1, "watched", "/tmp/watched")])
    controls = [w for w in panel.findChildren(QWidget)
                if isinstance(w, (QLineEdit, QComboBox, QPushButton, QAbstractItemView, QTextBrowser))
                and w.parent() is not None and not isinstance(w.parent(), QComboBox)
                and w.window() is panel]
    assert len(controls) >= 8
    unnamed = [type(w).__name__ for w in controls if not w.accessibleName()]
    assert unnamed == []


def test_scope_by_folder_and_type_travels_with_the_request(qtbot, panel):
    asked = _spy(panel.query_submitted)
    panel.set_folders([(7, "watched", "/tmp/watched")])
    assert not panel.scope.isHidden() and panel.set_folder_scope(7)
    panel.set_type_scope("word")
    QTest.keyClick(panel.query, Qt.Key_Return)
    request: SearchRequest = asked[-1]
    assert (request.folder_id, request.file_type) == (7, "word")
    assert set(request.content_types) >= {"docx", "odt"}
    assert request.search_kwargs() == {"mode": "hybrid", "folder_id": 7, "content_types": request.content_types}
    assert request.request_id == max(r.request_id for r in asked)


def test_an_older_reply_overwrote_a_newer_one(qtbot, panel):
    """Observed: replies were shown in completion order. A reply numbered older than the
    newest request is dropped."""
    older, newer = panel.begin_request(), panel.begin_request()
    assert panel.show_results([_result(5, "newer fox")], newer)
    assert not panel.show_results([_result(6, "older fox")], older)
    assert not panel.show_error("late failure", older)
    assert panel.result_count() == 1 and panel.result_at(0).doc_id == "doc5"


# -- preview ----------------------------------------------------------------------------------
def test_preview_trims_the_overlap_of_neighbouring_chunks():
    full = "First sentence about cats. Second sentence about dogs and foxes. Third sentence about birds."
    s1, e1 = full.index("Second"), full.index(" Third")
    s2 = full.index("and foxes")
    chunks = [Passage(0, full[:s1 + 15], 0, s1 + 15),  # chunks overlap, as the chunker makes them
              Passage(1, full[s1:e1], s1, e1), Passage(2, full[s2:], s2, len(full))]
    hit = SearchResult("d", "f.txt", 1, None, "", chunks[1].text, 1.0, highlight_spans(chunks[1].text, "foxes"))
    context = build_context(hit, chunks, "foxes")
    assert context.before == "First sentence about cats."
    assert context.text == "Second sentence about dogs and foxes."
    assert context.after == "Third sentence about birds."
    passage = SearchResult("d", "f.txt", 1, None, "", "", 0.5)  # a "more" passage: its text comes with the context
    context = build_context(passage, chunks, "foxes")
    assert context.text == chunks[1].text and context.highlights == [[31, 36]]


# -- a real library -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def library(tmp_path_factory, model_dir, docs_dir):
    from docvec_gui.core.config import load_settings
    from docvec_gui.core.service import Service

    tmp = tmp_path_factory.mktemp("search-ui")
    settings = load_settings(tmp / "data", environ={}, dotenv_path=tmp / "no.env",
                             overrides={"model_dir": str(model_dir), "workers": 2, "embed_threads": 1})
    service = Service(settings).open()
    added = service.add([docs_dir / name for name in LIBRARY_FILES], process=True).added
    assert len(added) == len(LIBRARY_FILES)
    assert service.wait_idle(timeout=240)
    assert all(d.status == "completed" for d in service.documents())
    yield service
    service.close(timeout=60)


def _neighbours(service):
    """The context fetch the window injects, over the real service."""
    return lambda doc_id, index: [c for c in service.chunks(doc_id) if abs(c.index - index) <= 1]


def test_real_search_groups_previews_in_context_and_drops_stale_replies(qtbot, library):
    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    background = Background(on_error=lambda exc: pytest.fail(f"background call failed: {exc}"))
    panel.set_context_loader(_neighbours(library), background.run)
    requests = _spy(panel.query_submitted)

    replies: list[tuple[int, bool]] = []  # (request, shown)

    def run(request: SearchRequest, delay: float = 0.0) -> None:
        def call():
            time.sleep(delay)  # this reply arrives after a newer request's
            return library.search(request.query, top_k=10, **request.search_kwargs())

        background.run(call, lambda results: replies.append((request.request_id,
                                                             panel.show_results(results, request.request_id))),
                       lambda exc: pytest.fail(f"search failed: {exc}"))

    panel.query_submitted.connect(lambda request: run(request, 1.5 if request.query.startswith("namespaces") else 0))
    try:
        panel.query.setText("namespaces honking great idea")
        QTest.keyClick(panel.query, Qt.Key_Return)
        panel.query.setText("Norwich City football club Carrow Road")
        QTest.keyClick(panel.query, Qt.Key_Return)
        qtbot.waitUntil(lambda: len(replies) == 2, timeout=60_000)
        older, newer = requests[0].request_id, requests[1].request_id
        assert replies == [(newer, True), (older, False)]  # the slow older reply came last and was dropped
        expected = [r.doc_id for r in library.search(requests[1].query, top_k=10)]
        assert [panel.result_at(n).doc_id for n in range(panel.result_count())] == expected
        assert panel.result_at(0).filename == "norwich-city.txt"
        best = panel.result_at(0)
        assert best.more > 0 and best.text
        # The best hit is previewed with the text around it and its words highlighted.
        qtbot.waitUntil(lambda: panel.preview.result is best and not panel.preview.note.text(), timeout=10_000)
        shown = panel.preview.body.toPlainText()
        chunks = {c.index: c for c in library.chunks(best.doc_id)}
        neighbour = chunks.get(best.chunk_index + 1) or chunks.get(best.chunk_index - 1)
        assert best.text in shown and len(shown) > len(best.text) + 20
        assert neighbour.text.split()[-1] in shown or neighbour.text.split()[0] in shown
        assert "background-color:#ffe066" in panel.preview.passage_html()
        # One of its other passages, opened from "n more": its text arrives with its context.
        panel.expand(0)
        panel.results.setCurrentRow(1)
        other = panel.current_result()
        assert panel.results.currentItem().data(KindRole) == PASSAGE and other.doc_id == best.doc_id
        qtbot.waitUntil(lambda: panel.preview.result is other and not panel.preview.note.text(), timeout=10_000)
        assert chunks[other.chunk_index].text in panel.preview.body.toPlainText()
        assert "background-color:#ffe066" in panel.preview.passage_html()
    finally:
        background.wait(60_000)


def test_preview_drops_a_context_reply_for_an_older_selection(qtbot, library):
    preview = SearchPreview()
    qtbot.addWidget(preview)
    background = Background(on_error=lambda exc: pytest.fail(f"background call failed: {exc}"))
    docs = {d.filename: d.id for d in library.documents()}
    slow_doc = docs["release-notes.txt"]
    fetch = _neighbours(library)

    def slow_fetch(doc_id, index):
        if doc_id == slow_doc:
            time.sleep(1.0)
        return fetch(doc_id, index)

    preview.set_context_loader(slow_fetch, background.run)
    words = " ".join(library.chunks(slow_doc)[1].text.split()[:8])
    first = library.search(words, top_k=1, mode="keyword", doc_ids=[slow_doc])[0]
    second = library.search("Norwich City", top_k=1, doc_ids=[docs["norwich-city.txt"]])[0]
    preview.show_result(first, words)
    preview.show_result(second, "Norwich City")
    assert background.wait(30_000)
    qtbot.waitUntil(lambda: not preview.note.text(), timeout=5000)  # the newer context arrived
    qtbot.wait(100)  # the older one's queued reply is delivered too (and dropped)
    assert preview.result is second and "norwich" in preview.header.text().lower()
    assert second.text in preview.body.toPlainText() and first.text not in preview.body.toPlainText()
