"""What an empty library shows in place of the table: three ways to start, each a click away."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from docvec_gui.ui.icons import icon

# New strings and their zh_CN translations (context "EmptyState"), for B's catalogue.
ZH_L = {
    "Your library is empty": "资料库是空的",
    "Drop files or folders anywhere in this window.": "把文件或文件夹拖到窗口的任意位置。",
    "Watch a folder to index it where it is and follow its changes.": "监视一个文件夹：就地索引，并跟随它的变化。",
    "Then search by meaning and keywords in the Search tab (Ctrl+F).": "然后在“搜索”标签页中按语义和关键词搜索（Ctrl+F）。",
    "Add files…": "添加文件…",
    "Watch a folder…": "监视文件夹…",
    "Try a search": "试试搜索",
    "Getting started": "开始使用",
}


class EmptyState(QWidget):
    """Shown while the library has no document. Its buttons only emit; the window acts."""

    add_files = Signal()
    watch_folder = Signal()
    try_search = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAccessibleName(self.tr("Getting started"))
        self.setAcceptDrops(False)  # drops go to the window, which takes them anywhere
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.steps = [QLabel() for _ in range(3)]
        for label in self.steps:
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignCenter)
            label.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.add_button = QPushButton()
        self.add_button.setObjectName("emptyAddFiles")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_files)
        self.watch_button = QPushButton()
        self.watch_button.setObjectName("emptyWatchFolder")
        self.watch_button.clicked.connect(self.watch_folder)
        self.search_button = QPushButton()
        self.search_button.setObjectName("emptyTrySearch")
        self.search_button.setFlat(True)
        self.search_button.clicked.connect(self.try_search)
        for button, name in ((self.add_button, "add_file"), (self.watch_button, "watch_folder"),
                             (self.search_button, "search")):
            button.setIcon(icon(name))
            button.setIconSize(QSize(18, 18))
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.watch_button)
        buttons.addWidget(self.search_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 24, 24, 24)
        column.setSpacing(10)
        column.addStretch(1)
        column.addWidget(self.picture)
        column.addWidget(self.title)
        for label in self.steps:
            column.addWidget(label)
        column.addSpacing(8)
        column.addLayout(buttons)
        column.addStretch(2)
        self.setTabOrder(self.add_button, self.watch_button)
        self.setTabOrder(self.watch_button, self.search_button)

    def retranslate(self) -> None:
        """Every text again, in the language now installed (called on LanguageChange)."""
        self.title.setText(self.tr("Your library is empty"))
        texts = (self.tr("Drop files or folders anywhere in this window."),
                 self.tr("Watch a folder to index it where it is and follow its changes."),
                 self.tr("Then search by meaning and keywords in the Search tab (Ctrl+F)."))
        for label, text in zip(self.steps, texts):
            label.setText(text)
        self.add_button.setText(self.tr("Add files…"))
        self.watch_button.setText(self.tr("Watch a folder…"))
        self.search_button.setText(self.tr("Try a search"))
        for button in (self.add_button, self.watch_button, self.search_button):
            button.setAccessibleName(button.text().rstrip("…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange):
            self._draw_picture()  # the picture follows the theme's text colour
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        self._draw_picture()
        super().showEvent(event)

    def _draw_picture(self) -> None:
        self.picture.setPixmap(icon("drop").pixmap(QSize(56, 56), self.devicePixelRatioF()))
