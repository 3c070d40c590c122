"""The file table and the detail pane (issue 11, helper T): progress bars, columns, the
remembered table state, the refusal summary, lazily paged chunks and throughput."""
from __future__ import annotations

import datetime as dt
import shutil
import threading
import time

import pytest

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSplitter, QStyle, QStyleOptionViewItem, QTableView, QWidget

from docvec_gui.core import db as dbm
from docvec_gui.core.importer import AddReport
from docvec_gui.ui import i18n
from docvec_gui.ui.bridge import Background
from docvec_gui.ui.delegates import ProgressDelegate, progress_option
from docvec_gui.ui.detail_pane import PAGE, ChunkListModel, DetailPane, read_chunks
from docvec_gui.ui.models import (COLUMNS, DocRow, DocumentFilterModel, DocumentTableModel, IdRole, english_plural,
                                  forget_translations, stage_text, translator)
from docvec_gui.ui.refusals import VISIBLE_ROWS, RefusalSummary
from docvec_gui.ui.table_state import (column_menu, column_minimum, restore_splitter, restore_table_state,
                                       save_splitter, save_table_state, setup_columns, table_state)
from docvec_gui.ui.throughput import Throughput, duration_text

ADDED = dt.datetime(2026, 11, 28, 21, 45)


@pytest.fixture(autouse=True)
def _fresh_translations():
    # Vocabulary words are cached per language; tests that stand in a translation start
    # and end with an empty cache.
    forget_translations()
    yield
    forget_translations()


def _row(n: int, status: str = "completed", progress: float = 0.0, note: str = "", kind: str = "",
         message: str = "", name: str | None = None) -> DocRow:
    error = f"{kind}: {message}" if status == "error" else ""
    return DocRow(f"id-{n}", name or f"file-{n}.pdf", "pdf", 1000 * n, status, progress, n, error, "",
                  ADDED + dt.timedelta(minutes=n), ADDED + dt.timedelta(minutes=n + 1), f"/home/ann/docs/file-{n}.pdf",
                  "", None, note, None, "", kind)


def _table(qtbot, rows: list[DocRow], width: int = 1280) -> QTableView:
    model = DocumentTableModel()
    proxy = DocumentFilterModel()
    proxy.setSourceModel(model)
    model.apply(rows)
    view = QTableView()
    model.setParent(view)
    proxy.setParent(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setItemDelegateForColumn(COLUMNS.index("progress"), ProgressDelegate(view))
    view.resize(width, 400)
    qtbot.addWidget(view)
    return view


def _paint_cell(view: QTableView, row: int, width: int = 240, height: int = 24) -> QImage:
    index = view.model().index(row, COLUMNS.index("progress"))
    image = QImage(width, height, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    option.rect, option.widget = QRect(0, 0, width, height), view
    option.palette, option.fontMetrics, option.state = view.palette(), view.fontMetrics(), QStyle.State_Enabled
    painter = QPainter(image)
    view.itemDelegateForColumn(COLUMNS.index("progress")).paint(painter, option, index)
    painter.end()
    return image


def _filled(image: QImage, x: int, y: int) -> bool:
    return image.pixelColor(x, y).hsvSaturation() > 40  # the highlight, not the white/grey groove


# -- 1. progress ----------------------------------------------------------------------------
def test_progress_bar_fills_left_to_right_and_shows_its_percentage(qtbot):
    view = _table(qtbot, [_row(1, "processing", 0.5, "page 3 of 40 · 1 chunks")])
    bar = progress_option(_option(view), view.model().index(0, COLUMNS.index("progress")))
    assert bar.state & QStyle.State_Horizontal
    assert bar.text.startswith("50%") and "page 3 of 40 · 1 chunk" in bar.text and "1 chunks" not in bar.text
    image = _paint_cell(view, 0)
    top = 6  # a vertical bar at 50% leaves its top half empty
    assert _filled(image, 30, top) and _filled(image, 90, top)
    assert not _filled(image, 180, top) and not _filled(image, 220, top)


def test_progress_shows_busy_not_a_stuck_zero_while_extracting(qtbot):
    view = _table(qtbot, [_row(1, "processing", 0.0)])
    bar = progress_option(_option(view), view.model().index(0, COLUMNS.index("progress")))
    assert bar.minimum == bar.maximum == 0 and "0%" not in bar.text and bar.text == "extracting…"
    image = _paint_cell(view, 0)
    stripes = [_filled(image, x, 5) for x in range(4, 236)]
    changes = sum(a != b for a, b in zip(stripes, stripes[1:]))
    assert any(stripes) and not all(stripes) and changes >= 10  # stripes, not a full (done-looking) bar


def test_pages_read_by_the_extractor_label_the_busy_bar(qtbot):
    """The core's note while a long PDF is read (ingest.Pipeline._extracting) on the busy bar."""
    view = _table(qtbot, [_row(1, "processing", 0.0, note="extracting page 3 of 40")])
    bar = progress_option(_option(view), view.model().index(0, COLUMNS.index("progress")))
    assert bar.minimum == bar.maximum == 0 and bar.text == "extracting page 3/40"


def test_stage_text_plurals_and_known_stages():
    assert stage_text("1 chunks") == "1 chunk" and stage_text("12 chunks") == "12 chunks"
    assert stage_text("embedding 120/800 chunks") == "embedding 120/800 chunks"
    assert stage_text("OCR page 2/9 · about 2 min left") == "OCR page 2/9 · about 2 min left"
    assert stage_text("something new") == "something new" and stage_text("") == ""
    assert english_plural("%n chunk(s)".replace("%n", "1"), 1) == "1 chunk"


def _option(view: QTableView) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.rect, option.widget = QRect(0, 0, 240, 24), view
    option.palette, option.fontMetrics = view.palette(), view.fontMetrics()
    return option


# -- 2. columns -----------------------------------------------------------------------------
@pytest.mark.parametrize("width", [1280, 720])  # maximised; the table's pane at the default split
def test_error_reason_is_next_to_status_and_on_screen(qtbot, width):
    long_message = "not a valid PDF: xref table damaged beyond repair at offset 123456 " * 3
    view = _table(qtbot, [_row(1, "error", kind="corrupt", message=long_message, name="a" * 90 + ".pdf"), _row(2)],
                  width=width)
    view.show()
    qtbot.waitExposed(view)
    setup_columns(view)
    header = view.horizontalHeader()
    status, reason = COLUMNS.index("status"), COLUMNS.index("error")
    assert header.visualIndex(reason) == header.visualIndex(status) + 1
    right_edge = header.sectionViewportPosition(reason) + header.sectionSize(reason)
    assert right_edge <= view.viewport().width(), right_edge
    row = next(r for r in range(2) if view.model().index(r, 0).data(IdRole) == "id-1")
    index = view.model().index(row, reason)
    assert index.data(Qt.ToolTipRole).endswith(long_message)  # in full, whatever the width
    assert index.data(Qt.DisplayRole).startswith("corrupt: not a valid PDF")
    assert view.model().index(row, status).data(Qt.ToolTipRole) == index.data(Qt.ToolTipRole)


def test_error_kind_and_status_go_through_the_translation(qtbot, monkeypatch):
    monkeypatch.setattr(i18n, "error_kind_text", lambda kind: {"corrupt": "已损坏"}.get(kind, kind), raising=False)
    view = _table(qtbot, [_row(1, "error", kind="corrupt", message="bad xref")])
    assert view.model().index(0, COLUMNS.index("error")).data(Qt.DisplayRole) == "已损坏: bad xref"


def test_columns_fit_content_and_dates_are_never_cut(qtbot):
    view = _table(qtbot, [_row(n) for n in range(1, 30)])
    setup_columns(view)
    header, metrics = view.horizontalHeader(), view.fontMetrics()
    date = view.model().index(0, COLUMNS.index("added")).data(Qt.DisplayRole)
    for column in ("added", "processed"):
        section = COLUMNS.index(column)
        assert header.sectionSize(section) > metrics.horizontalAdvance(date)
        header.resizeSection(section, 20)  # dragged narrower than its minimum
        assert header.sectionSize(section) >= column_minimum(view, column) > metrics.horizontalAdvance(date)
    widths = {c: header.sectionSize(i) for i, c in enumerate(COLUMNS)}
    assert len(set(widths.values())) > 4, widths  # not every column a fixed 100 px
    for section, column in enumerate(COLUMNS):
        title = view.model().headerData(section, Qt.Horizontal, Qt.DisplayRole)
        assert header.sectionSize(section) >= metrics.horizontalAdvance(title), column


def test_chunk_counts_read_with_thousands(qtbot):
    view = _table(qtbot, [_row(1234)])
    assert view.model().index(0, COLUMNS.index("chunks")).data(Qt.DisplayRole) == "1,234"


# -- 3. remembered state ----------------------------------------------------------------------
def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "state.ini"), QSettings.IniFormat)


def test_default_sort_is_newest_added_first_not_name_z_to_a(qtbot, tmp_path):
    view = _table(qtbot, [_row(n, name=f"{chr(97 + n)}.pdf") for n in range(1, 6)])
    setup_columns(view)
    restore_table_state(_settings(tmp_path), view)
    header = view.horizontalHeader()
    assert header.sortIndicatorSection() == COLUMNS.index("added")
    assert header.sortIndicatorOrder() == Qt.DescendingOrder
    names = [view.model().index(r, 0).data() for r in range(5)]
    assert names == ["f.pdf", "e.pdf", "d.pdf", "c.pdf", "b.pdf"]


def test_table_state_survives_a_round_trip_into_a_new_view(qtbot, tmp_path):
    rows = [_row(n) for n in range(1, 8)]
    view = _table(qtbot, rows)
    setup_columns(view)
    restore_table_state(_settings(tmp_path), view)
    header = view.horizontalHeader()
    view.sortByColumn(COLUMNS.index("size"), Qt.AscendingOrder)
    header.resizeSection(0, 333)
    header.setSectionHidden(COLUMNS.index("folder"), True)
    header.moveSection(header.visualIndex(COLUMNS.index("chunks")), 1)
    settings = _settings(tmp_path)
    save_table_state(settings, view)
    settings.sync()
    saved = table_state(view)

    again = _table(qtbot, rows)
    setup_columns(again)
    restore_table_state(_settings(tmp_path), again)
    assert table_state(again) == saved
    assert again.horizontalHeader().isSectionHidden(COLUMNS.index("folder"))
    assert again.horizontalHeader().sectionSize(0) == 333
    assert again.model().sortColumn() == COLUMNS.index("size") and again.model().sortOrder() == Qt.AscendingOrder


def test_damaged_saved_state_falls_back_to_the_default(qtbot, tmp_path):
    settings = _settings(tmp_path)
    settings.setValue("table/state", "{not json")
    view = _table(qtbot, [_row(1)])
    restore_table_state(settings, view)
    assert view.horizontalHeader().sortIndicatorSection() == COLUMNS.index("added")


def test_header_menu_shows_and_hides_columns(qtbot):
    view = _table(qtbot, [_row(1)])
    setup_columns(view)
    menu = column_menu(view)
    actions = {a.data(): a for a in menu.actions() if a.data()}
    assert set(actions) == set(COLUMNS) and not actions["name"].isEnabled()
    actions["type"].toggle()
    assert view.horizontalHeader().isSectionHidden(COLUMNS.index("type"))
    assert not column_menu(view).actions()[COLUMNS.index("type")].isChecked()
    actions["type"].toggle()
    assert not view.horizontalHeader().isSectionHidden(COLUMNS.index("type"))


def test_splitter_position_survives_a_round_trip(qtbot, tmp_path):
    def splitter() -> QSplitter:
        s = QSplitter(Qt.Horizontal)
        s.addWidget(QWidget())
        s.addWidget(QWidget())
        s.resize(1000, 400)
        qtbot.addWidget(s)
        s.show()
        return s

    first = splitter()
    first.setSizes([700, 300])
    settings = _settings(tmp_path)
    assert not restore_splitter(settings, first)  # nothing saved yet: untouched
    save_splitter(settings, first)
    settings.sync()
    second = splitter()
    assert restore_splitter(_settings(tmp_path), second)
    assert abs(second.sizes()[0] - first.sizes()[0]) <= 2


# -- 4. refusals ------------------------------------------------------------------------------
def _report(duplicates: int, unsupported: int) -> AddReport:
    report = AddReport()
    report.duplicates = [{"path": f"/home/ann/in/copy-{n}.pdf", "reason": "same content as a.pdf"}
                         for n in range(duplicates)]
    report.refused = [{"path": f"/home/ann/in/pic-{n}.png", "kind": "unsupported",
                       "reason": "not a document (PNG image)"} for n in range(unsupported)]
    return report


def test_refusal_summary_is_one_compact_line(qtbot):
    summary = RefusalSummary()
    qtbot.addWidget(summary)
    summary.resize(900, 200)
    summary.show_report(_report(10, 2))
    assert summary.isVisible()
    assert summary.summary() == "12 not added: 10 duplicates, 2 unsupported"
    line = summary.fontMetrics().height()
    assert summary.sizeHint().height() <= 2.5 * line, summary.sizeHint()
    assert not summary.list.isVisible()


def test_refusal_details_are_bounded_and_scroll(qtbot):
    summary = RefusalSummary()
    qtbot.addWidget(summary)
    summary.show_report(_report(26, 0))
    summary.toggle.click()
    assert summary.list.isVisible() and summary.list.count() == 26
    row = summary.list.sizeHintForRow(0)
    assert summary.list.height() <= row * VISIBLE_ROWS + 12
    assert summary.list.verticalScrollBar().maximum() > 0


def test_refusal_summary_is_replaced_by_the_next_add_and_dismissable(qtbot):
    summary = RefusalSummary()
    qtbot.addWidget(summary)
    summary.show_report(_report(10, 2))
    summary.show_report(_report(0, 1))
    assert summary.summary() == "1 not added: 1 unsupported" and summary.list.count() == 1
    summary.show_report(_report(0, 0))
    assert not summary.isVisible()
    summary.show_report(_report(1, 0))
    assert summary.isVisible() and summary.summary() == "1 not added: 1 duplicate"
    summary.close_button.click()
    assert not summary.isVisible()


def test_refusal_summary_of_a_real_add(qtbot, service, docs_dir, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(docs_dir / "simple.odt", source / "simple.odt")
    shutil.copy(docs_dir / "simple.odt", source / "again.odt")
    shutil.copy(docs_dir / "CantinaBand3.wav", source / "CantinaBand3.wav")
    report = service.add([str(source)], process=False)
    summary = RefusalSummary()
    qtbot.addWidget(summary)
    summary.show_report(report)
    assert summary.summary() == "2 not added: 1 duplicate, 1 unsupported"
    texts = [summary.list.item(i).text() for i in range(summary.list.count())]
    assert any(t.startswith("CantinaBand3.wav — unsupported") for t in texts), texts


# -- 5. the detail pane -------------------------------------------------------------------------
def _library(tmp_path, chunks: int):
    """A real library database with a document of ``chunks`` chunk rows (inserted directly)
    and a failed one of 3."""
    db = dbm.open_database(tmp_path / "docvec.db")
    doc = dbm.Document.create(filename="huge.pdf", original_path="/home/ann/huge.pdf", stored_path="/x/huge.pdf",
                              size=10 ** 9, sha256="0" * 64, content_type="pdf", status="completed",
                              chunk_count=chunks, page_count=chunks // 2)
    small = dbm.Document.create(filename="small.txt", original_path="/home/ann/small.txt", stored_path="/x/small.txt",
                                size=10, sha256="1" * 64, content_type="txt", status="error", chunk_count=3,
                                error_kind="corrupt", error_message="bad bytes")
    rows = [(doc.id, i, f"chunk {i} text " * 5, i // 2 + 1, i // 2 + 1, "Heading", 0, 10, 5) for i in range(chunks)]
    rows += [(small.id, i, f"small chunk {i}", None, None, "", 0, 10, 5) for i in range(3)]
    with db.atomic():
        db.cursor().executemany('INSERT INTO chunks (document_id, "index", text, page, page_end, heading, start, "end", '
                                'tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', rows)
    return db, doc, small


@pytest.fixture()
def big_library(tmp_path):
    db, doc, small = _library(tmp_path, 100_000)
    yield db, doc, small
    db.close()


@pytest.fixture()
def small_library(tmp_path):
    db, doc, small = _library(tmp_path, 2 * PAGE + 10)
    yield db, doc, small
    db.close()


def _doc_row(doc) -> DocRow:
    return DocRow.from_document(doc)


def test_detail_pane_pages_a_100k_chunk_document_lazily(qtbot, big_library):
    _db, doc, _small = big_library
    background = Background(lambda exc: pytest.fail(str(exc)))
    pane = DetailPane(run=background.run)
    qtbot.addWidget(pane)
    pane.resize(500, 700)
    pane.show()
    spent = []
    arrived = pane.model._arrived

    def timed(*args):
        start = time.perf_counter()
        arrived(*args)
        spent.append(time.perf_counter() - start)

    pane.model._arrived = timed
    start = time.perf_counter()
    pane.show_document(_doc_row(doc))
    spent.append(time.perf_counter() - start)
    qtbot.waitUntil(lambda: pane.chunks.count() > 0, timeout=10_000)
    qtbot.wait(50)  # the view lays out and may ask for one more page
    assert pane.chunks.count() <= 2 * PAGE
    assert sum(spent) < 0.3, spent
    assert pane.model.index(0).data().startswith("#0 · page 1 · Heading\nchunk 0 text")
    pane.chunks.scrollToBottom()
    qtbot.waitUntil(lambda: pane.chunks.count() >= 2 * PAGE, timeout=10_000)
    assert pane.chunks.count() <= 4 * PAGE
    background.wait(10_000)


def test_detail_pane_opens_at_a_far_chunk_and_pages_back(qtbot, big_library):
    _db, doc, _small = big_library
    background = Background(lambda exc: pytest.fail(str(exc)))
    pane = DetailPane(run=background.run)
    qtbot.addWidget(pane)
    pane.show()
    pane.show_document(_doc_row(doc), focus_index=77_777)
    qtbot.waitUntil(lambda: pane.chunks.currentIndex().isValid(), timeout=10_000)
    assert pane.chunks.currentIndex().data(Qt.UserRole) == 77_777
    assert pane.earlier.isVisible()
    before = pane.chunks.count()
    pane.earlier.click()
    qtbot.waitUntil(lambda: pane.chunks.count() == before + PAGE, timeout=10_000)
    assert pane.model.index(0).data(Qt.UserRole) == (77_777 // PAGE) * PAGE - PAGE
    background.wait(10_000)


def test_detail_pane_drops_a_stale_reply(qtbot, small_library):
    _db, doc, small = small_library
    gate = threading.Event()

    def reader(doc_id: str, first: int, size: int):
        if doc_id == doc.id:  # the big document's page is slow: it arrives after the small one's
            assert gate.wait(10)
        return read_chunks(doc_id, first, size)

    background = Background(lambda exc: pytest.fail(str(exc)), threads=2)
    model = ChunkListModel(background.run, reader=reader)
    model.show(doc.id)
    model.show(small.id)
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    gate.set()
    background.wait(10_000)
    qtbot.wait(100)  # the stale page's reply is delivered (and dropped) on the Qt thread
    assert model.rowCount() == 3
    assert [model.index(r).data().split("\n")[1] for r in range(3)] == [f"small chunk {i}" for i in range(3)]


def test_detail_pane_shows_status_and_error_translated(qtbot, small_library, monkeypatch):
    _db, _doc, small = small_library
    monkeypatch.setattr(i18n, "status_text", lambda s: {"error": "错误"}.get(s, s), raising=False)
    monkeypatch.setattr(i18n, "error_kind_text", lambda k: {"corrupt": "已损坏"}.get(k, k), raising=False)
    background = Background(lambda exc: pytest.fail(str(exc)))
    pane = DetailPane(run=background.run)
    qtbot.addWidget(pane)
    pane.show_document(_doc_row(small))
    assert "错误" in pane.header.text() and "已损坏: bad bytes" in pane.header.text()
    qtbot.waitUntil(lambda: pane.chunks.count() == 3, timeout=10_000)
    background.wait(10_000)


# -- 6. throughput ----------------------------------------------------------------------------
def test_throughput_rate_and_eta():
    meter = Throughput(window=300)
    meter.start(now=0)
    assert meter.per_minute(now=10) is None and meter.text(5, now=10) == "Measuring speed…"
    for n in range(1, 11):
        meter.record(now=6.0 * n)  # one document every 6 s: 10 a minute
    assert meter.per_minute(now=60) == pytest.approx(10.0)
    assert meter.eta_seconds(25, now=60) == pytest.approx(150.0)
    assert meter.text(25, now=60) == "10 docs/min · about 2 min left"
    assert meter.text(0, now=60) == ""


def test_throughput_follows_a_change_of_pace_and_forgets_old_work():
    meter = Throughput(window=120)
    meter.start(now=0)
    for n in range(60):
        meter.record(now=n)  # 60 a minute at first
    for n in range(1, 5):
        meter.record(now=60 + 30.0 * n)  # then one every 30 s
    assert meter.per_minute(now=200) == pytest.approx(2.0)  # only the last 120 s count: 4 documents
    assert meter.per_minute(now=1000) is None  # nothing for long: no stale rate
    meter.reset()
    assert meter.per_minute(now=1000) is None


def test_durations_read_naturally():
    assert duration_text(20) == "< 1 min"
    assert duration_text(60) == "1 min" and duration_text(600) == "10 min"
    assert duration_text(3 * 3600 + 600) == "3 h 10 min" and duration_text(2 * 3600) == "2 h"


def test_throughput_text_through_the_qt_translator(qapp):
    meter = Throughput()
    meter.start(now=0)
    meter.record(3, now=60)
    assert meter.text(3, now=60, tr=translator("Throughput")) == "3.0 docs/min · about 1 min left"
    assert meter.text(1, now=60, tr=translator("Throughput")) == "3.0 docs/min · less than a minute left"


def test_detail_pane_in_chinese_with_the_real_catalogue(qtbot, qapp, small_library):
    """Error reasons and statuses in Details stayed English in the Chinese UI."""
    _db, _doc, small = small_library
    translators = i18n.install_translators(qapp, "zh_CN")
    try:
        forget_translations()
        corrupt, error = i18n.error_kind_text("corrupt"), i18n.status_text("error")
        assert corrupt != "corrupt" and error != "error"  # the catalogue has them
        background = Background(lambda exc: pytest.fail(str(exc)))
        pane = DetailPane(run=background.run)
        qtbot.addWidget(pane)
        pane.show_document(_doc_row(small))
        assert f"{corrupt}: bad bytes" in pane.header.text() and error in pane.header.text()
        assert "corrupt:" not in pane.header.text()
        qtbot.waitUntil(lambda: pane.chunks.count() == 3, timeout=10_000)
        background.wait(10_000)
    finally:
        for installed in translators:
            qapp.removeTranslator(installed)
        forget_translations()


def test_detail_pane_rereads_chunks_when_the_document_changes(qtbot, small_library):
    db, _doc, small = small_library
    background = Background(lambda exc: pytest.fail(str(exc)))
    pane = DetailPane(run=background.run)
    qtbot.addWidget(pane)
    row = _doc_row(small)
    pane.show_document(row)
    qtbot.waitUntil(lambda: pane.chunks.count() == 3, timeout=10_000)
    with db.atomic():
        db.execute_sql('INSERT INTO chunks (document_id, "index", text, page, page_end, heading, start, "end", tokens) '
                       "VALUES (?, 3, 'small chunk 3', NULL, NULL, '', 0, 10, 5)", (small.id,))
    pane.update_facts(DocRow(**{**{f: getattr(row, f) for f in row.__slots__}, "status": "completed",
                                "error": "", "error_kind": "", "chunk_count": 4}))
    qtbot.waitUntil(lambda: pane.chunks.count() == 4, timeout=10_000)
    assert "small chunk 3" in pane.model.index(3).data()
    background.wait(10_000)


def test_the_table_paints_with_a_short_gil_switch_interval_and_restores_it(qtbot):
    """Painting calls data() per cell and role, each taking the GIL back from any thread
    running Python; the table's paint shortens the switch interval for its own length only
    (ui/painting.py), so a scan next to it costs microseconds per call, not 0.5 ms."""
    import sys

    from PySide6.QtCore import QAbstractTableModel, QModelIndex

    from docvec_gui.ui.painting import PAINT_SWITCH_INTERVAL, LibraryTableView, quick_gil_handoff

    seen: list[float] = []

    class Probe(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: N802
            return 0 if parent.isValid() else 50

        def columnCount(self, parent=QModelIndex()):  # noqa: N802
            return 0 if parent.isValid() else 4

        def data(self, index, role=Qt.DisplayRole):
            if role == Qt.DisplayRole:
                seen.append(sys.getswitchinterval())
                return f"{index.row()}:{index.column()}"
            return None

    before = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)  # the app's (app.GIL_SWITCH_INTERVAL)
    try:
        view = LibraryTableView()
        qtbot.addWidget(view)
        model = Probe()
        view.setModel(model)
        view.resize(400, 300)
        view.show()
        qtbot.waitExposed(view)
        seen.clear()
        view.grab()  # a synchronous paint of the view and its viewport
        assert seen and max(seen) <= PAINT_SWITCH_INTERVAL, seen[:5]
        assert sys.getswitchinterval() == 0.0005
        with pytest.raises(RuntimeError), quick_gil_handoff():
            raise RuntimeError("a paint that fails")
        assert sys.getswitchinterval() == 0.0005
    finally:
        sys.setswitchinterval(before)


def test_the_windows_table_is_the_quick_handoff_view(qtbot, settings_factory):
    from docvec_gui.ui.painting import LibraryTableView
    from windowkit import close_window, open_window

    window = open_window(qtbot, settings_factory())
    try:
        assert isinstance(window.table, LibraryTableView)
    finally:
        close_window(window)
