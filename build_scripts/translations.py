#!/usr/bin/env python3
"""Refresh resources/i18n/docvec_zh_CN.ts from the UI sources (pyside6-lupdate), fill in the
Simplified Chinese strings below (and the ZH_* dicts UI modules carry), and compile the .qm
file (pyside6-lrelease). docvec_en.ts/.qm holds the English plural forms of %n strings."""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "docvec_zh_CN.ts"
TS_EN = ROOT / "resources" / "i18n" / "docvec_en.ts"
BIN = Path(sys.executable).parent

ZH = {
    "%n file(s) not added:": "%n 个文件未添加：", "%n result(s)": "%n 条结果", "&Documents": "文档(&D)",
    "&File": "文件(&F)", "&Help": "帮助(&H)", "About docvec": "关于 docvec", "Add files": "添加文件",
    "Add files…": "添加文件…", "Add folder": "添加文件夹", "Add folder…": "添加文件夹…", "Added": "添加时间",
    "Added %n document(s)": "已添加 %n 个文档", "Adding %n item(s)…": "正在添加 %n 项…",
    "An offline personal knowledge base.": "离线个人知识库。", "Application log": "应用日志", "Browse…": "浏览…",
    "Checking…": "正在检查…", "Chroma host": "Chroma 主机", "Chroma port": "Chroma 端口",
    "Chunk overlap (tokens)": "分块重叠（词元）", "Chunk size (tokens)": "分块大小（词元）", "Chunks": "分块",
    "Copied %n error message(s)": "已复制 %n 条错误信息", "Copy error message": "复制错误信息",
    "Data directory": "数据目录", "Database": "数据库", "Delete": "删除",
    "Delete %n document(s) and their index data?": "删除 %n 个文档及其索引数据？", "Details": "详情",
    "Dismiss": "关闭", "Documents": "文档", "Documents are being processed": "文档正在处理中",
    "Drop documents or folders here": "将文档或文件夹拖放到这里", "Drop zone": "拖放区", "ERROR": "错误",
    "Embedding threads": "嵌入线程数", "Error": "错误", "File": "文件", "Filter by name": "按名称筛选",
    "Filter by status": "按状态筛选", "Finish": "完成后关闭",
    "Finish the documents in progress before closing, or stop now? Either way, unfinished documents resume at "
    "the next start.": "关闭前先完成正在处理的文档，还是立即停止？无论哪种方式，未完成的文档都会在下次启动时继续。",
    "Finishing current documents…": "正在完成当前文档…", "Health && queue": "健康与队列", "Language": "语言",
    "Log": "日志", "Main": "主工具栏", "Model": "模型", "Model folder": "模型文件夹", "Name": "名称", "Open": "打开",
    "Original": "原始文件", "Pages": "页数", "Pause processing": "暂停处理",
    "Process all pending and failed": "处理所有待处理和失败的文档", "Processed": "处理时间", "Progress": "进度",
    "Queue consumer": "队列消费者", "Quit": "退出", "Re-process": "重新处理", "Refresh": "刷新",
    "Resume processing": "继续处理", "Retry failed": "重试失败项", "Search": "搜索",
    "Search by meaning and keywords…": "按语义和关键词搜索…", "Search mode": "搜索模式", "Search query": "搜索内容",
    "Search results": "搜索结果", "Searching…": "正在搜索…", "Select a document to see its details.": "选择一个文档以查看详情。",
    "Settings": "设置", "Settings saved and applied.": "设置已保存并生效。",
    "Settings saved; some take effect after a restart.": "设置已保存；部分设置需重启后生效。", "Settings…": "设置…",
    "Show in folder": "在文件夹中显示", "Show:": "显示：", "Size": "大小", "Status": "状态", "Stop now": "立即停止",
    "Stopping…": "正在停止…", "Tasks": "任务", "Type": "类型", "Type something to search for.": "请输入要搜索的内容。",
    "Use a Chroma server instead of the embedded database": "使用 Chroma 服务器代替内置数据库",
    "Vector store": "向量存储", "Warning": "警告", "Worker threads": "工作线程数", "active %1": "进行中 %1",
    "bundled model": "内置模型", "completed": "已完成", "completed %1": "已完成 %1", "docvec": "docvec",
    "error": "错误", "failed %1": "失败 %1", "ok": "正常", "page %1": "第 %1 页", "pending": "待处理",
    "pending %1": "待处理 %1", "processing": "处理中", "retrying %1": "重试中 %1", "duplicate": "重复",
    "All": "全部", "Pending": "待处理", "Processing": "处理中", "Completed": "已完成", "Hybrid": "混合",
    "Semantic": "语义", "Keyword": "关键词", "System default": "跟随系统",
}
# Switching the embedding model (issue 9): the Model section of Settings and the switch row.
ZH.update({
    "Embedding model": "嵌入模型", "Reading the library's model…": "正在读取资料库的模型…",
    "Available models": "可用模型", "Models on this computer:": "本机上的模型：", "Other model folder…": "其他模型文件夹…",
    "Switch…": "切换…", "Resume…": "继续…", "configured": "已配置", "bundled": "内置", "downloaded": "已下载",
    "source checkout": "源码目录", "chosen folder": "所选文件夹", "%1 dimensions": "%1 维", "(in use)": "（使用中）",
    "No document has been embedded yet; the library records its model with the first one.":
        "还没有嵌入任何文档；资料库会在嵌入第一个文档时记录所用的模型。",
    "This library's model: %1 (%2 dimensions), %3 chunks.": "本资料库的模型：%1（%2 维），%3 个分块。",
    "A switch to %1 was stopped before it finished; choose it and “Resume…” to go on where it stopped.":
        "切换到 %1 的操作在完成前被中断；选中它并点击“继续…”即可从中断处继续。",
    "%1 sets the model folder and wins over settings; remove it to switch models here.":
        "%1 指定了模型文件夹，优先于此处的设置；请先移除它，才能在这里切换模型。",
    "Not a model folder: %1": "不是模型文件夹：%1",
    "Processing resumes when the model switch is complete.": "模型切换完成后将继续处理。",
    "Re-process after the model switch is complete.": "请在模型切换完成后再重新处理。",
    "Switching to %1…": "正在切换到 %1…", "Model switch progress": "模型切换进度", "Stop": "停止",
    "Stop after the current batch; switching again resumes here": "在当前批次结束后停止；再次切换时将从这里继续",
    "A model switch is already running.": "已有一个模型切换正在进行。",
    "Loading the model and estimating the time…": "正在加载模型并估算所需时间…",
    "Estimating the time a model switch takes…": "正在估算模型切换所需时间…",
    "Cannot switch the model: %1": "无法切换模型：%1", "Less than a minute.": "不到一分钟。",
    "About %n minute(s).": "大约 %n 分钟。", "About %n hour(s).": "大约 %n 小时。",
    "Use %1 for this library? No document is embedded yet.": "让本资料库使用 %1？目前还没有嵌入任何文档。",
    "Resume re-embedding with %1? %2 of %3 chunks are done.": "继续用 %1 重新嵌入？%3 个分块中已完成 %2 个。",
    "Re-embed %1 chunks with %2?": "用 %2 重新嵌入 %1 个分块？",
    "Searches keep working meanwhile; you can close the app and it resumes. New documents wait until it is "
    "complete.": "期间搜索照常可用；可以关闭应用，下次启动后会继续。新文档将等到切换完成后再处理。",
    "Nothing changed.": "未做任何更改。", "Re-embedding with %1: %2 of %3 chunks": "正在用 %1 重新嵌入：%2 / %3 个分块",
    "Stopping the model switch after the current batch…": "将在当前批次结束后停止模型切换…",
    "The model switch to %1 failed: %2": "切换到 %1 失败：%2",
    "The model switch to %1 was stopped; searches still use the previous model. What is done is kept.":
        "切换到 %1 的操作已停止；搜索仍使用之前的模型。已完成的部分会保留。",
    "The library now uses %1.": "资料库现在使用 %1。",
    "A switch to the model %1 stopped before it finished; searches use the previous model until it is complete.":
        "切换到模型 %1 的操作在完成前中断；在切换完成前，搜索仍使用之前的模型。",
})
# Search results grouped by document, "no good matches" and the relevance bar (issue 9).
ZH.update({
    "No good matches. Try other words, or Keyword mode for exact terms.": "没有合适的结果。请换个说法，或用关键词模式查找确切的词。",
    "1 document": "1 个文档", "%1 documents": "%1 个文档",
    "1 more passage in this document": "此文档中还有 1 处匹配", "%1 more passages in this document": "此文档中还有 %1 处匹配",
    "Relevance: high": "相关度：高", "Relevance: medium": "相关度：中", "Relevance: low": "相关度：低",
})
# Health panel: verify & repair, and the pause banner.
ZH.update({
    "Verify && repair": "校验与修复",
    "Compare the database, the vectors and the stored copies, and repair what differs (vectors are rebuilt from the stored text)":
        "比对数据库、向量和存储的副本，并修复不一致之处（向量由存储的文本重建）",
    "Disk": "磁盘", "Network": "网络",
    "Processing is paused: %1. It resumes by itself when this is fixed; no document is lost.":
        "处理已暂停：%1。问题解决后会自动继续，不会丢失任何文档。",
    "Verifying the library…": "正在校验资料库…", "Library verified: no problems found": "资料库校验完毕：没有发现问题",
    "Verify & repair: %n problem(s) found": "校验并修复：发现 %n 个问题",
})
# Watched folders in the window (issue 10): the Folders view, folder filter and scope, the re-index question.
ZH_FOLDERS = {
    "Watched folders": "监视的文件夹", "Folder": "文件夹", "State": "状态", "Files": "文件数", "Indexed": "已索引",
    "Errors": "错误", "Skipped": "已跳过", "Last scan": "上次扫描",
    "No watched folders. Add a folder (or drop one on the window and choose “Watch this folder”): its documents "
    "are indexed where they are and followed as they change.":
        "没有监视的文件夹。添加一个文件夹（或将文件夹拖放到窗口并选择“监视此文件夹”）：其中的文档会在原位置建立索引，并随文件变化自动更新。",
    "Watch a folder: its documents are indexed in place and followed": "监视文件夹：其中的文档在原位置建立索引并自动跟进变化",
    "Pause": "暂停", "Resume": "继续", "Rescan": "重新扫描", "Compare the folder with the library now": "立即将文件夹与资料库比对",
    "Remove…": "移除…", "Cannot read the watched folders: %1": "无法读取监视的文件夹：%1",
    "scanning %1 of %2": "正在扫描 %1 / %2", "scanning %1": "正在扫描 %1", "scanning…": "正在扫描…",
    "watching": "监视中", "paused": "已暂停", "polling": "定期扫描", "unavailable": "无法访问", "never": "从未",
    "Only: %1": "仅限：%1",
    "Filter by folder": "按文件夹筛选", "Folders": "文件夹", "Watch folder…": "监视文件夹…",
    "Index a folder where it is and follow its changes": "在原位置为文件夹建立索引并跟进其变化",
    "Watch this folder": "监视此文件夹", "Watch these folders": "监视这些文件夹", "Add once (copy)": "仅添加一次（复制）",
    "Watch %1? A watched folder is indexed where it is, and new, changed and deleted files are followed. Or add its "
    "documents once, as copies in the library.":
        "监视 %1？监视的文件夹在原位置建立索引，新增、修改和删除的文件都会被跟进。也可以只添加一次，将其中的文档复制到资料库。",
    "Watch folder": "监视文件夹", "Watching %1: its documents are indexed where they are.": "正在监视 %1：其中的文档在原位置建立索引。",
    "Rescanning the folder…": "正在重新扫描文件夹…",
    "Stopped watching %1; its documents stay searchable.": "已停止监视 %1；其中的文档仍可搜索。",
    "Stopped watching %1; %n document(s) deleted.": "已停止监视 %1；已删除 %n 个文档。",
    "Remove watched folder": "移除监视的文件夹",
    "Stop watching %1? Its files on disk are not touched.": "停止监视 %1？磁盘上的文件不会被改动。",
    "Keep its %n document(s) searchable": "保留其 %n 个文档，仍可搜索", "Delete them": "删除这些文档",
    "All folders": "所有文件夹", "Added files": "添加的文件",
    "Documents added or dropped (copied into the library)": "添加或拖放的文档（已复制到资料库）",
    "Re-index %n document(s) with the new chunk settings?": "用新的分块设置重新索引 %n 个文档？",
    "If not, they keep their current chunks; new documents use the new settings.":
        "如果不重新索引，它们将保留现有的分块；新文档使用新的设置。",
    "Re-indexing is offered when the model switch is complete.": "模型切换完成后会询问是否重新索引。",
    "Existing documents keep their chunks.": "现有文档保留原来的分块。", "Re-indexing %n document(s)…": "正在重新索引 %n 个文档…",
    "Search in": "搜索范围", "Everywhere": "全部", "In %1": "在 %1 中",
}
ZH.update(ZH_FOLDERS)
# Issue 11: pause, the Log tab's activity, restart for a new language, drop hover.
ZH.update({
    "Processing state": "处理状态",
    "Stop processing documents until you resume; new documents wait in the queue. Kept across restarts.":
        "停止处理文档，直到你选择继续；新文档在队列中等待。重启后仍保持暂停。",
    "%1 (%n chunk(s))": "%1（%n 个分块）",
    "Added: %1": "已添加：%1", "Added %n document(s): %1": "已添加 %n 个文档：%1",
    "Completed: %1": "已完成：%1", "Completed %n document(s): %1": "已完成 %n 个文档：%1",
    "Failed: %1": "失败：%1", "Failed %n document(s): %1": "%n 个文档失败：%1",
    "Deleted: %1": "已删除：%1", "Deleted %n document(s): %1": "已删除 %n 个文档：%1",
    "Not added: %1": "未添加：%1", "%n file(s) not added: %1": "%n 个文件未添加：%1",
    "Re-processing: %1": "正在重新处理：%1", "Re-processing %n document(s): %1": "正在重新处理 %n 个文档：%1",
    "Processing stopped by a problem: %1": "处理因问题而停止：%1",
    "Processing continues: the problem is solved.": "问题已解决，处理继续。",
    "Processing is paused: the documents wait until you resume.": "处理已暂停：这些文档将等到你继续后再处理。",
    "Processing all pending and failed documents": "正在处理所有待处理和失败的文档",
    "Paused processing": "已暂停处理", "Resumed processing": "已继续处理",
    "Processing paused; new documents wait in the queue.": "处理已暂停；新文档在队列中等待。",
    "Processing resumed.": "处理已继续。", "Pausing…": "正在暂停…", "Resuming…": "正在继续…", "Paused": "已暂停",
    "Processing is paused: documents are added and wait in the queue until you resume (Documents ▸ Pause "
    "processing).": "处理已暂停：文档照常添加，并在队列中等待，直到你选择继续（文档 ▸ 暂停处理）。",
    "Settings saved. The new language is used after docvec restarts.": "设置已保存。新语言将在 docvec 重启后生效。",
    "Restart now": "立即重启",
    "Activity": "活动", "Documents added, completed, failed or deleted appear here.": "添加、完成、失败或删除的文档会显示在这里。",
    "Show technical log": "显示技术日志", "Hide technical log": "隐藏技术日志", "Release to add": "松开即可添加",
    "repaired": "已修复", "Processing speed": "处理速度",
})
# The core's statuses and error kinds (context "Vocabulary", docvec_gui/ui/i18n.py).
ZH.update({
    "deleting": "正在删除", "encrypted": "已加密", "no text": "没有文本", "corrupt": "文件损坏", "unsupported": "不支持",
    "empty": "空文件", "too large": "文件过大", "timed out": "超时", "crashed the reader": "导致读取程序崩溃",
    "model problem": "模型问题", "embedding failed": "嵌入失败", "failed": "失败", "disk full": "磁盘已满",
    "vector store problem": "向量存储问题", "database problem": "数据库问题", "configuration": "配置错误",
    "not found": "未找到", "ambiguous": "不明确", "invalid query": "无效的查询", "data directory in use": "数据目录正被使用",
    "read-only": "只读", "unreadable": "无法读取", "usage": "用法错误", "interrupted": "已中断",
    "not authorised": "未授权", "forbidden": "已拒绝", "method not allowed": "不允许的方法", "no answer": "无响应",
    # The local API and Settings ▸ Connections (issue 12).
    "General": "常规",
    "Connections": "连接",
    "Local API state": "本地 API 状态",
    "API address": "API 地址",
    "Address": "地址",
    "Token": "令牌",
    "API token": "API 令牌",
    "Copy": "复制",
    "Copy the API address": "复制 API 地址",
    "Copy the API token": "复制 API 令牌",
    "Show": "显示",
    "Hide": "隐藏",
    "Show the API token": "显示 API 令牌",
    "Regenerate…": "重新生成…",
    "Regenerate the API token": "重新生成 API 令牌",
    "Allow AI assistants to change the library": "允许 AI 助手修改资料库",
    "Searching and reading are always available to them; this adds adding, re-processing and deleting documents.": "搜索和阅读始终可用；此项另外允许添加、重新处理和删除文档。",
    "MCP client configuration": "MCP 客户端配置",
    "Copy configuration": "复制配置",
    "Copy the MCP client configuration": "复制 MCP 客户端配置",
    "Paste this into Claude Desktop (claude_desktop_config.json), LM Studio (mcp.json) or Cursor (.cursor/mcp.json). The assistant starts docvec itself; it works whether or not this window is open.": "将其粘贴到 Claude Desktop（claude_desktop_config.json）、LM Studio（mcp.json）或 Cursor（.cursor/mcp.json）中。助手会自行启动 docvec；无论本窗口是否打开都可使用。",
    "The local API is running. Programs on this computer reach it with the address and token below.": "本地 API 正在运行。本机上的程序可通过下面的地址和令牌访问它。",
    "The local API is not running yet: it starts once the library is loaded.": "本地 API 尚未运行：资料库加载完成后启动。",
    "The local API is not running: %1": "本地 API 未运行：%1",
    "it was stopped": "已停止",
    "Make a new token? Programs using the current one are refused until they use the new one; AI assistants "
    "that start docvec mcp pick it up by themselves.":
        "生成新令牌？使用当前令牌的程序将被拒绝，直到改用新令牌；通过 docvec mcp 启动的 AI 助手会自动使用新令牌。",
    "Connected programs": "已连接的程序",
    "Programs or AI assistants are using the local API (Settings ▸ Connections)": "有程序或 AI 助手正在使用本地 API（设置 ▸ 连接）",
    "API: %n client(s)": "API：%n 个客户端",
    "The local API is off: %1": "本地 API 已关闭：%1",
    "The local API could not start: %1": "本地 API 无法启动：%1",
    "Made a new API token; programs using the old one are refused": "已生成新的 API 令牌；使用旧令牌的程序将被拒绝",
    "AI assistants may now change the library": "AI 助手现在可以修改资料库",
    "AI assistants may now only search and read the library": "AI 助手现在只能搜索和阅读资料库",
})
# English plurals of %n strings whose "(s)" rule does not fit (see english_forms).
EN_PLURALS: dict[str, tuple[str, str]] = {
    "Delete %n document(s) and their index data?": ("Delete %n document and its index data?",
                                                    "Delete %n documents and their index data?"),
}


def helper_strings() -> dict[str, str]:
    """ZH_<NAME> dicts the UI modules carry for their own strings (issue 11's helpers)."""
    import importlib

    sys.path.insert(0, str(ROOT))
    found: dict[str, str] = {}
    for path in sorted((ROOT / "docvec_gui" / "ui").glob("*.py")):
        try:
            module = importlib.import_module(f"docvec_gui.ui.{path.stem}")
        except Exception as exc:  # a module that does not import yet: its strings wait, said loudly
            print(f"cannot read translations of {path.name}: {exc}", file=sys.stderr)
            continue
        for name, value in vars(module).items():
            if name.startswith("ZH_") and isinstance(value, dict):
                found.update(value)
    return found


def english_forms(source: str) -> tuple[str, str]:
    """Singular and plural of an English %n source ("Added %n document(s)")."""
    if source in EN_PLURALS:
        return EN_PLURALS[source]
    return source.replace("(s)", ""), source.replace("(s)", "s")


# Strings passed to tr() through a variable, which lupdate cannot see: (context, source).
EXTRA = [("MainWindow", s) for s in ("All", "Pending", "Processing", "Completed", "Error")] + [
    ("SearchPanel", s) for s in ("Hybrid", "Semantic", "Keyword")] + [("SettingsDialog", "System default")]


def _lupdate(ts: Path) -> ET.ElementTree:
    sources = sorted(str(p) for p in (ROOT / "docvec_gui" / "ui").glob("*.py"))
    subprocess.check_call([str(BIN / "pyside6-lupdate"), *sources, "-ts", str(ts)])
    tree = ET.parse(ts)
    root = tree.getroot()
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for context, source in EXTRA:
        ctx = contexts.get(context)
        if ctx is None:
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = context
            contexts[context] = ctx
        if not any(m.findtext("source") == source for m in ctx.iter("message")):
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = source
            ET.SubElement(message, "translation")
    return tree


def _set(message: ET.Element, forms: list[str] | str) -> None:
    translation = message.find("translation")
    translation.attrib.pop("type", None)
    for child in list(translation):
        translation.remove(child)
    if isinstance(forms, list):
        translation.text = None
        for form in forms:
            ET.SubElement(translation, "numerusform").text = form
    else:
        translation.text = forms


def _release(tree: ET.ElementTree, ts: Path) -> None:
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.check_call([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))])


def chinese() -> list[str]:
    """docvec_zh_CN.ts/.qm; returns the sources without a translation."""
    ZH.update(helper_strings())
    tree = _lupdate(TS)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        text = ZH.get(source)
        if text is None:
            missing.append(source)
            continue
        _set(message, [text] if message.get("numerus") == "yes" else text)
    _release(tree, TS)
    return missing


def english() -> None:
    """docvec_en.ts/.qm: only the plural forms of %n strings; the rest is the source text."""
    tree = _lupdate(TS_EN)
    root = tree.getroot()
    root.set("language", "en")
    for message in root.iter("message"):
        if message.get("numerus") == "yes":
            _set(message, list(english_forms(message.findtext("source"))))
    _release(tree, TS_EN)


def main() -> int:
    missing = chinese()
    english()
    if missing:
        print("untranslated:", missing, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
