<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="15" />
        <location filename="../../docvec_gui/ui/detail_pane.py" line="53" />
        <source>Select a document to see its details.</source>
        <translation>选择一个文档以查看详情。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="19" />
        <location filename="../../docvec_gui/ui/detail_pane.py" line="32" />
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="30" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="30" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="31" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="31" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="32" />
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="33" />
        <source>Original</source>
        <translation>原始文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="36" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="38" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="78" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="78" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="78" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="78" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="78" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="79" />
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="79" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="79" />
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="79" />
        <source>Processed</source>
        <translation>处理时间</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="129" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="129" />
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="130" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="130" />
        <source>error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../docvec_gui/ui/drop_zone.py" line="23" />
        <source>Drop zone</source>
        <translation>拖放区</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/drop_zone.py" line="24" />
        <source>Drop documents or folders here</source>
        <translation>将文档或文件夹拖放到这里</translation>
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="17" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="19" />
        <location filename="../../docvec_gui/ui/health_panel.py" line="53" />
        <source>Pause processing</source>
        <translation>暂停处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="20" />
        <source>Retry failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="21" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="35" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="35" />
        <source>Queue consumer</source>
        <translation>队列消费者</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="36" />
        <source>Vector store</source>
        <translation>向量存储</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="36" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="40" />
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="40" />
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="45" />
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="46" />
        <source>pending %1</source>
        <translation>待处理 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="47" />
        <source>active %1</source>
        <translation>进行中 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="48" />
        <source>retrying %1</source>
        <translation>重试中 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="49" />
        <source>failed %1</source>
        <translation>失败 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="50" />
        <source>completed %1</source>
        <translation>已完成 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="53" />
        <source>Resume processing</source>
        <translation>继续处理</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="13" />
        <source>Application log</source>
        <translation>应用日志</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="87" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="101" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="117" />
        <source>Filter by status</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="123" />
        <location filename="../../docvec_gui/ui/main_window.py" line="124" />
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="128" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="150" />
        <location filename="../../docvec_gui/ui/main_window.py" line="195" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="151" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="152" />
        <source>Health &amp;&amp; queue</source>
        <translation>健康与队列</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="153" />
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="180" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="181" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="182" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="184" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="185" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="186" />
        <source>&amp;Documents</source>
        <translation>文档(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="187" />
        <source>Re-process</source>
        <translation>重新处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="188" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="189" />
        <source>Process all pending and failed</source>
        <translation>处理所有待处理和失败的文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="192" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="193" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="194" />
        <source>Copy error message</source>
        <translation>复制错误信息</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="196" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="197" />
        <location filename="../../docvec_gui/ui/main_window.py" line="472" />
        <source>About docvec</source>
        <translation>关于 docvec</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="198" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="257" />
        <source>Finishing current documents…</source>
        <translation>正在完成当前文档…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="258" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="267" />
        <source>Documents are being processed</source>
        <translation>文档正在处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="268" />
        <source>Finish the documents in progress before closing, or stop now? Either way, unfinished documents resume at the next start.</source>
        <translation>关闭前先完成正在处理的文档，还是立即停止？无论哪种方式，未完成的文档都会在下次启动时继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="270" />
        <source>Finish</source>
        <translation>完成后关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="271" />
        <source>Stop now</source>
        <translation>立即停止</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="278" />
        <location filename="../../docvec_gui/ui/main_window.py" line="284" />
        <source>docvec</source>
        <translation>docvec</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="305" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="305" />
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="306" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="306" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="321" />
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="326" />
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="331" />
        <source>Adding %n item(s)…</source>
        <translation><numerusform>正在添加 %n 项…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="337" />
        <source>Added %n document(s)</source>
        <translation><numerusform>已添加 %n 个文档</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="339" />
        <source>%n file(s) not added:</source>
        <translation><numerusform>%n 个文件未添加：</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="376" />
        <source>Delete %n document(s) and their index data?</source>
        <translation><numerusform>删除 %n 个文档及其索引数据？</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="408" />
        <source>Copied %n error message(s)</source>
        <translation><numerusform>已复制 %n 条错误信息</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="468" />
        <source>Settings saved; some take effect after a restart.</source>
        <translation>设置已保存；部分设置需重启后生效。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="469" />
        <source>Settings saved and applied.</source>
        <translation>设置已保存并生效。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="473" />
        <source>An offline personal knowledge base.</source>
        <translation>离线个人知识库。</translation>
    </message>
<message><source>All</source><translation>全部</translation></message><message><source>Pending</source><translation>待处理</translation></message><message><source>Processing</source><translation>处理中</translation></message><message><source>Completed</source><translation>已完成</translation></message><message><source>Error</source><translation>错误</translation></message></context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="42" />
        <source>Search by meaning and keywords…</source>
        <translation>按语义和关键词搜索…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="43" />
        <source>Search query</source>
        <translation>搜索内容</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="46" />
        <source>Search mode</source>
        <translation>搜索模式</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="49" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="52" />
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="71" />
        <source>Type something to search for.</source>
        <translation>请输入要搜索的内容。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="73" />
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/search_panel.py" line="78" />
        <source>%n result(s)</source>
        <translation><numerusform>%n 条结果</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="80" />
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
<message><source>Hybrid</source><translation>混合</translation></message><message><source>Semantic</source><translation>语义</translation></message><message><source>Keyword</source><translation>关键词</translation></message></context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="28" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="34" />
        <source>bundled model</source>
        <translation>内置模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="35" />
        <source>Use a Chroma server instead of the embedded database</source>
        <translation>使用 Chroma 服务器代替内置数据库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="45" />
        <source>Worker threads</source>
        <translation>工作线程数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="46" />
        <source>Embedding threads</source>
        <translation>嵌入线程数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="47" />
        <source>Chunk size (tokens)</source>
        <translation>分块大小（词元）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="48" />
        <source>Chunk overlap (tokens)</source>
        <translation>分块重叠（词元）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="49" />
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="51" />
        <source>Chroma host</source>
        <translation>Chroma 主机</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="52" />
        <source>Chroma port</source>
        <translation>Chroma 端口</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="53" />
        <source>Data directory</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="54" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
<message><source>System default</source><translation>跟随系统</translation></message></context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="17" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
</TS>