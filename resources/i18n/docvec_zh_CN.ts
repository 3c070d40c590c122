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
        <location filename="../../docvec_gui/ui/models.py" line="80" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="80" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="80" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="80" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="80" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="81" />
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="81" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="81" />
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="81" />
        <source>Processed</source>
        <translation>处理时间</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="131" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="131" />
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="132" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="132" />
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
        <location filename="../../docvec_gui/ui/health_panel.py" line="20" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="22" />
        <location filename="../../docvec_gui/ui/health_panel.py" line="63" />
        <source>Pause processing</source>
        <translation>暂停处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="23" />
        <source>Retry failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="24" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="25" />
        <source>Verify &amp;&amp; repair</source>
        <translation>校验并修复(&amp;&amp;)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="26" />
        <source>Compare the database, the vectors and the stored copies, and repair what differs (vectors are rebuilt from the stored text)</source>
        <translation>比对数据库、向量和存储的副本，并修复不一致之处（向量由存储的文本重建）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="42" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="42" />
        <source>Queue consumer</source>
        <translation>队列消费者</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="43" />
        <source>Vector store</source>
        <translation>向量存储</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="43" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="43" />
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="44" />
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="50" />
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="50" />
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="55" />
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="56" />
        <source>pending %1</source>
        <translation>待处理 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="57" />
        <source>active %1</source>
        <translation>进行中 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="58" />
        <source>retrying %1</source>
        <translation>重试中 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="59" />
        <source>failed %1</source>
        <translation>失败 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="60" />
        <source>completed %1</source>
        <translation>已完成 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="63" />
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
        <location filename="../../docvec_gui/ui/main_window.py" line="98" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="118" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="134" />
        <source>Filter by status</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="140" />
        <location filename="../../docvec_gui/ui/main_window.py" line="141" />
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="145" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="169" />
        <location filename="../../docvec_gui/ui/main_window.py" line="214" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="170" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="171" />
        <source>Health &amp;&amp; queue</source>
        <translation>健康与队列</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="172" />
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="199" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="200" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="201" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="203" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="204" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="205" />
        <source>&amp;Documents</source>
        <translation>文档(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="206" />
        <source>Re-process</source>
        <translation>重新处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="207" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="208" />
        <source>Process all pending and failed</source>
        <translation>处理所有待处理和失败的文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="211" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="212" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="213" />
        <source>Copy error message</source>
        <translation>复制错误信息</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="215" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="216" />
        <location filename="../../docvec_gui/ui/main_window.py" line="644" />
        <source>About docvec</source>
        <translation>关于 docvec</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="217" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="291" />
        <source>Finishing current documents…</source>
        <translation>正在完成当前文档…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="292" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="301" />
        <source>Documents are being processed</source>
        <translation>文档正在处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="302" />
        <source>Finish the documents in progress before closing, or stop now? Either way, unfinished documents resume at the next start.</source>
        <translation>关闭前先完成正在处理的文档，还是立即停止？无论哪种方式，未完成的文档都会在下次启动时继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="304" />
        <source>Finish</source>
        <translation>完成后关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="305" />
        <source>Stop now</source>
        <translation>立即停止</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="313" />
        <location filename="../../docvec_gui/ui/main_window.py" line="321" />
        <source>docvec</source>
        <translation>docvec</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="349" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="349" />
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="350" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="350" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="365" />
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="370" />
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="375" />
        <source>Adding %n item(s)…</source>
        <translation><numerusform>正在添加 %n 项…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="387" />
        <source>Added %n document(s)</source>
        <translation><numerusform>已添加 %n 个文档</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="389" />
        <source>%n file(s) not added:</source>
        <translation><numerusform>%n 个文件未添加：</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="400" />
        <source>Processing is paused: %1. It resumes by itself when this is fixed; no document is lost.</source>
        <translation>处理已暂停：%1。问题解决后会自动继续，不会丢失任何文档。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="449" />
        <source>Processing resumes when the model switch is complete.</source>
        <translation>模型切换完成后将继续处理。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="457" />
        <source>Re-process after the model switch is complete.</source>
        <translation>请在模型切换完成后再重新处理。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="472" />
        <source>Delete %n document(s) and their index data?</source>
        <translation><numerusform>删除 %n 个文档及其索引数据？</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="478" />
        <source>Verifying the library…</source>
        <translation>正在校验资料库…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="485" />
        <source>Library verified: no problems found</source>
        <translation>资料库校验完毕：没有发现问题</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="489" />
        <source>Verify &amp; repair: %n problem(s) found</source>
        <translation><numerusform>校验并修复：发现 %n 个问题</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="547" />
        <source>Copied %n error message(s)</source>
        <translation><numerusform>已复制 %n 条错误信息</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="613" />
        <location filename="../../docvec_gui/ui/main_window.py" line="747" />
        <source>Switching to %1…</source>
        <translation>正在切换到 %1…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="640" />
        <source>Settings saved; some take effect after a restart.</source>
        <translation>设置已保存；部分设置需重启后生效。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="641" />
        <source>Settings saved and applied.</source>
        <translation>设置已保存并生效。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="645" />
        <source>An offline personal knowledge base.</source>
        <translation>离线个人知识库。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="654" />
        <source>Model switch progress</source>
        <translation>模型切换进度</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="656" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="657" />
        <source>Stop after the current batch; switching again resumes here</source>
        <translation>在当前批次结束后停止；再次切换时将从这里继续</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="689" />
        <source>A model switch is already running.</source>
        <translation>已有一个模型切换正在进行。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="692" />
        <source>Loading the model and estimating the time…</source>
        <translation>正在加载模型并估算所需时间…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="693" />
        <source>Estimating the time a model switch takes…</source>
        <translation>正在估算模型切换所需时间…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="698" />
        <source>Cannot switch the model: %1</source>
        <translation>无法切换模型：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="707" />
        <source>Less than a minute.</source>
        <translation>不到一分钟。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="710" />
        <source>About %n minute(s).</source>
        <translation><numerusform>大约 %n 分钟。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="711" />
        <source>About %n hour(s).</source>
        <translation><numerusform>大约 %n 小时。</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="717" />
        <source>Use %1 for this library? No document is embedded yet.</source>
        <translation>让本资料库使用 %1？目前还没有嵌入任何文档。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="719" />
        <source>Resume re-embedding with %1? %2 of %3 chunks are done.</source>
        <translation>继续用 %1 重新嵌入？%3 个分块中已完成 %2 个。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="722" />
        <source>Re-embed %1 chunks with %2?</source>
        <translation>用 %2 重新嵌入 %1 个分块？</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="723" />
        <source>Searches keep working meanwhile; you can close the app and it resumes. New documents wait until it is complete.</source>
        <translation>期间搜索照常可用；可以关闭应用，下次启动后会继续。新文档将等到切换完成后再处理。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="733" />
        <source>Nothing changed.</source>
        <translation>未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="763" />
        <source>Re-embedding with %1: %2 of %3 chunks</source>
        <translation>正在用 %1 重新嵌入：%2 / %3 个分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="772" />
        <source>Stopping the model switch after the current batch…</source>
        <translation>将在当前批次结束后停止模型切换…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="782" />
        <source>The model switch to %1 failed: %2</source>
        <translation>切换到 %1 失败：%2</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="787" />
        <source>The model switch to %1 was stopped; searches still use the previous model. What is done is kept.</source>
        <translation>切换到 %1 的操作已停止；搜索仍使用之前的模型。已完成的部分会保留。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="790" />
        <location filename="../../docvec_gui/ui/main_window.py" line="816" />
        <source>Resume…</source>
        <translation>继续…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="793" />
        <source>The library now uses %1.</source>
        <translation>资料库现在使用 %1。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="814" />
        <source>A switch to the model %1 stopped before it finished; searches use the previous model until it is complete.</source>
        <translation>切换到模型 %1 的操作在完成前中断；在切换完成前，搜索仍使用之前的模型。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="66" />
        <source>Search by meaning and keywords…</source>
        <translation>按语义和关键词搜索…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="67" />
        <source>Search query</source>
        <translation>搜索内容</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="70" />
        <source>Search mode</source>
        <translation>搜索模式</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="73" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="76" />
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="95" />
        <source>Type something to search for.</source>
        <translation>请输入要搜索的内容。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="97" />
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="103" />
        <source>No good matches. Try other words, or Keyword mode for exact terms.</source>
        <translation>没有合适的结果。请换个说法，或用关键词模式查找确切的词。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="105" />
        <source>1 document</source>
        <translation>1 个文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="106" />
        <source>%1 documents</source>
        <translation>%1 个文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="125" />
        <source>1 more passage in this document</source>
        <translation>此文档中还有 1 处匹配</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="126" />
        <source>%1 more passages in this document</source>
        <translation>此文档中还有 %1 处匹配</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="133" />
        <source>Relevance: high</source>
        <translation>相关度：高</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="135" />
        <source>Relevance: medium</source>
        <translation>相关度：中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="136" />
        <source>Relevance: low</source>
        <translation>相关度：低</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation><numerusform>%n 条结果</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="120" />
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>Semantic</source>
        <translation>语义</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>关键词</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="127" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>bundled model</source>
        <translation>内置模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="136" />
        <source>Use a Chroma server instead of the embedded database</source>
        <translation>使用 Chroma 服务器代替内置数据库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="147" />
        <source>Worker threads</source>
        <translation>工作线程数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="148" />
        <source>Embedding threads</source>
        <translation>嵌入线程数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="149" />
        <source>Chunk size (tokens)</source>
        <translation>分块大小（词元）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="150" />
        <source>Chunk overlap (tokens)</source>
        <translation>分块重叠（词元）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="165" />
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="166" />
        <source>Reading the library's model…</source>
        <translation>正在读取资料库的模型…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="170" />
        <source>Available models</source>
        <translation>可用模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="173" />
        <source>Other model folder…</source>
        <translation>其他模型文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="175" />
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="294" />
        <source>Switch…</source>
        <translation>切换…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="188" />
        <source>Models on this computer:</source>
        <translation>本机上的模型：</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="196" />
        <source>configured</source>
        <translation>已配置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="196" />
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="197" />
        <source>downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="197" />
        <source>source checkout</source>
        <translation>源码目录</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="198" />
        <source>chosen folder</source>
        <translation>所选文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="205" />
        <source>%1 dimensions</source>
        <translation>%1 维</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="203" />
        <source>(in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="212" />
        <source>No document has been embedded yet; the library records its model with the first one.</source>
        <translation>还没有嵌入任何文档；资料库会在嵌入第一个文档时记录所用的模型。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="217" />
        <source>This library's model: %1 (%2 dimensions), %3 chunks.</source>
        <translation>本资料库的模型：%1（%2 维），%3 个分块。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="227" />
        <source>A switch to %1 was stopped before it finished; choose it and “Resume…” to go on where it stopped.</source>
        <translation>切换到 %1 的操作在完成前被中断；选中它并点击“继续…”即可从中断处继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="231" />
        <source>%1 sets the model folder and wins over settings; remove it to switch models here.</source>
        <translation>%1 指定了模型文件夹，优先于此处的设置；请先移除它，才能在这里切换模型。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="264" />
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="273" />
        <source>Not a model folder: %1</source>
        <translation>不是模型文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="294" />
        <source>Resume…</source>
        <translation>继续…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="152" />
        <source>Chroma host</source>
        <translation>Chroma 主机</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="153" />
        <source>Chroma port</source>
        <translation>Chroma 端口</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="154" />
        <source>Data directory</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="155" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="112" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
</TS>