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
        <location filename="../../docvec_gui/ui/models.py" line="277" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="277" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="277" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="277" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="277" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="278" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="278" />
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="278" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="278" />
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="279" />
        <source>Processed</source>
        <translation>处理时间</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="280" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="280" />
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="281" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="281" />
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
    <name>FoldersPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="90" />
        <source>Watched folders</source>
        <translation>监视的文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="94" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="94" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="94" />
        <source>Files</source>
        <translation>文件数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="94" />
        <source>Indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="95" />
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="95" />
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="95" />
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="95" />
        <source>Last scan</source>
        <translation>上次扫描</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="109" />
        <source>No watched folders. Add a folder (or drop one on the window and choose “Watch this folder”): its documents are indexed where they are and followed as they change.</source>
        <translation>没有监视的文件夹。添加一个文件夹（或将文件夹拖放到窗口并选择“监视此文件夹”）：其中的文档会在原位置建立索引，并随文件变化自动更新。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="117" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="118" />
        <source>Watch a folder: its documents are indexed in place and followed</source>
        <translation>监视文件夹：其中的文档在原位置建立索引并自动跟进变化</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="119" />
        <location filename="../../docvec_gui/ui/folders_panel.py" line="304" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="120" />
        <source>Rescan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="121" />
        <source>Compare the folder with the library now</source>
        <translation>立即将文件夹与资料库比对</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="122" />
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="186" />
        <source>Cannot read the watched folders: %1</source>
        <translation>无法读取监视的文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="103" />
        <location filename="../../docvec_gui/ui/folders_panel.py" line="255" />
        <source>scanning %1 of %2</source>
        <translation>正在扫描 %1 / %2</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="258" />
        <source>scanning %1</source>
        <translation>正在扫描 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="259" />
        <source>scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="260" />
        <source>watching</source>
        <translation>监视中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="260" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="261" />
        <source>polling</source>
        <translation>定期扫描</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="261" />
        <source>unavailable</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="266" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="304" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="311" />
        <source>Only: %1</source>
        <translation>仅限：%1</translation>
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
        <translation>校验与修复</translation>
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
        <location filename="../../docvec_gui/ui/main_window.py" line="107" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="127" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="144" />
        <source>Filter by status</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="150" />
        <location filename="../../docvec_gui/ui/main_window.py" line="151" />
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="155" />
        <source>Filter by folder</source>
        <translation>按文件夹筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="160" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="193" />
        <location filename="../../docvec_gui/ui/main_window.py" line="241" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="194" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="195" />
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="196" />
        <source>Health &amp;&amp; queue</source>
        <translation>健康与队列</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="197" />
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="224" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="225" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="226" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="227" />
        <source>Watch folder…</source>
        <translation>监视文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="228" />
        <source>Index a folder where it is and follow its changes</source>
        <translation>在原位置为文件夹建立索引并跟进其变化</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="230" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="231" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="232" />
        <source>&amp;Documents</source>
        <translation>文档(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="233" />
        <source>Re-process</source>
        <translation>重新处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="234" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="235" />
        <source>Process all pending and failed</source>
        <translation>处理所有待处理和失败的文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="238" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="239" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="240" />
        <source>Copy error message</source>
        <translation>复制错误信息</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="242" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="243" />
        <location filename="../../docvec_gui/ui/main_window.py" line="839" />
        <source>About docvec</source>
        <translation>关于 docvec</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="244" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="322" />
        <source>Finishing current documents…</source>
        <translation>正在完成当前文档…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="323" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="334" />
        <source>Documents are being processed</source>
        <translation>文档正在处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="335" />
        <source>Finish the documents in progress before closing, or stop now? Either way, unfinished documents resume at the next start.</source>
        <translation>关闭前先完成正在处理的文档，还是立即停止？无论哪种方式，未完成的文档都会在下次启动时继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="337" />
        <source>Finish</source>
        <translation>完成后关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="338" />
        <source>Stop now</source>
        <translation>立即停止</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="346" />
        <location filename="../../docvec_gui/ui/main_window.py" line="354" />
        <location filename="../../docvec_gui/ui/main_window.py" line="433" />
        <source>docvec</source>
        <translation>docvec</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="382" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="382" />
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="383" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="383" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="398" />
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="403" />
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="435" />
        <source>Watch this folder</source>
        <translation>监视此文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="435" />
        <source>Watch these folders</source>
        <translation>监视这些文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="437" />
        <source>Add once (copy)</source>
        <translation>仅添加一次（复制）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="446" />
        <source>Watch %1? A watched folder is indexed where it is, and new, changed and deleted files are followed. Or add its documents once, as copies in the library.</source>
        <translation>监视 %1？监视的文件夹在原位置建立索引，新增、修改和删除的文件都会被跟进。也可以只添加一次，将其中的文档复制到资料库。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="451" />
        <source>Watch folder</source>
        <translation>监视文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="461" />
        <source>Watching %1: its documents are indexed where they are.</source>
        <translation>正在监视 %1：其中的文档在原位置建立索引。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="473" />
        <source>Rescanning the folder…</source>
        <translation>正在重新扫描文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="489" />
        <source>Stopped watching %1; its documents stay searchable.</source>
        <translation>已停止监视 %1；其中的文档仍可搜索。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="490" />
        <source>Stopped watching %1; %n document(s) deleted.</source>
        <translation><numerusform>已停止监视 %1；已删除 %n 个文档。</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="497" />
        <source>Remove watched folder</source>
        <translation>移除监视的文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="498" />
        <source>Stop watching %1? Its files on disk are not touched.</source>
        <translation>停止监视 %1？磁盘上的文件不会被改动。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="499" />
        <source>Keep its %n document(s) searchable</source>
        <translation><numerusform>保留其 %n 个文档，仍可搜索</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="500" />
        <source>Delete them</source>
        <translation>删除这些文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="516" />
        <source>All folders</source>
        <translation>所有文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="517" />
        <source>Added files</source>
        <translation>添加的文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="518" />
        <source>Documents added or dropped (copied into the library)</source>
        <translation>添加或拖放的文档（已复制到资料库）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="532" />
        <source>Adding %n item(s)…</source>
        <translation><numerusform>正在添加 %n 项…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="544" />
        <source>Added %n document(s)</source>
        <translation><numerusform>已添加 %n 个文档</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="546" />
        <source>%n file(s) not added:</source>
        <translation><numerusform>%n 个文件未添加：</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="557" />
        <source>Processing is paused: %1. It resumes by itself when this is fixed; no document is lost.</source>
        <translation>处理已暂停：%1。问题解决后会自动继续，不会丢失任何文档。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="606" />
        <source>Processing resumes when the model switch is complete.</source>
        <translation>模型切换完成后将继续处理。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="614" />
        <source>Re-process after the model switch is complete.</source>
        <translation>请在模型切换完成后再重新处理。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="629" />
        <source>Delete %n document(s) and their index data?</source>
        <translation><numerusform>删除 %n 个文档及其索引数据？</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="635" />
        <source>Verifying the library…</source>
        <translation>正在校验资料库…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="642" />
        <source>Library verified: no problems found</source>
        <translation>资料库校验完毕：没有发现问题</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="646" />
        <source>Verify &amp; repair: %n problem(s) found</source>
        <translation><numerusform>校验并修复：发现 %n 个问题</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="704" />
        <source>Copied %n error message(s)</source>
        <translation><numerusform>已复制 %n 条错误信息</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="772" />
        <location filename="../../docvec_gui/ui/main_window.py" line="942" />
        <source>Switching to %1…</source>
        <translation>正在切换到 %1…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="802" />
        <source>Settings saved; some take effect after a restart.</source>
        <translation>设置已保存；部分设置需重启后生效。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="803" />
        <source>Settings saved and applied.</source>
        <translation>设置已保存并生效。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="816" />
        <source>Re-index %n document(s) with the new chunk settings?</source>
        <translation><numerusform>用新的分块设置重新索引 %n 个文档？</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="817" />
        <source>If not, they keep their current chunks; new documents use the new settings.</source>
        <translation>如果不重新索引，它们将保留现有的分块；新文档使用新的设置。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="826" />
        <source>Re-indexing is offered when the model switch is complete.</source>
        <translation>模型切换完成后会询问是否重新索引。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="830" />
        <source>Existing documents keep their chunks.</source>
        <translation>现有文档保留原来的分块。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="832" />
        <source>Re-indexing %n document(s)…</source>
        <translation><numerusform>正在重新索引 %n 个文档…</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="840" />
        <source>An offline personal knowledge base.</source>
        <translation>离线个人知识库。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="849" />
        <source>Model switch progress</source>
        <translation>模型切换进度</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="851" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="852" />
        <source>Stop after the current batch; switching again resumes here</source>
        <translation>在当前批次结束后停止；再次切换时将从这里继续</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="884" />
        <source>A model switch is already running.</source>
        <translation>已有一个模型切换正在进行。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="887" />
        <source>Loading the model and estimating the time…</source>
        <translation>正在加载模型并估算所需时间…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="888" />
        <source>Estimating the time a model switch takes…</source>
        <translation>正在估算模型切换所需时间…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="893" />
        <source>Cannot switch the model: %1</source>
        <translation>无法切换模型：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="902" />
        <source>Less than a minute.</source>
        <translation>不到一分钟。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="905" />
        <source>About %n minute(s).</source>
        <translation><numerusform>大约 %n 分钟。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="906" />
        <source>About %n hour(s).</source>
        <translation><numerusform>大约 %n 小时。</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="912" />
        <source>Use %1 for this library? No document is embedded yet.</source>
        <translation>让本资料库使用 %1？目前还没有嵌入任何文档。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="914" />
        <source>Resume re-embedding with %1? %2 of %3 chunks are done.</source>
        <translation>继续用 %1 重新嵌入？%3 个分块中已完成 %2 个。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="917" />
        <source>Re-embed %1 chunks with %2?</source>
        <translation>用 %2 重新嵌入 %1 个分块？</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="918" />
        <source>Searches keep working meanwhile; you can close the app and it resumes. New documents wait until it is complete.</source>
        <translation>期间搜索照常可用；可以关闭应用，下次启动后会继续。新文档将等到切换完成后再处理。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="928" />
        <source>Nothing changed.</source>
        <translation>未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="958" />
        <source>Re-embedding with %1: %2 of %3 chunks</source>
        <translation>正在用 %1 重新嵌入：%2 / %3 个分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="967" />
        <source>Stopping the model switch after the current batch…</source>
        <translation>将在当前批次结束后停止模型切换…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="977" />
        <source>The model switch to %1 failed: %2</source>
        <translation>切换到 %1 失败：%2</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="982" />
        <source>The model switch to %1 was stopped; searches still use the previous model. What is done is kept.</source>
        <translation>切换到 %1 的操作已停止；搜索仍使用之前的模型。已完成的部分会保留。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="985" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1014" />
        <source>Resume…</source>
        <translation>继续…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="988" />
        <source>The library now uses %1.</source>
        <translation>资料库现在使用 %1。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1012" />
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
        <location filename="../../docvec_gui/ui/search_panel.py" line="75" />
        <source>Search in</source>
        <translation>搜索范围</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="77" />
        <location filename="../../docvec_gui/ui/search_panel.py" line="105" />
        <source>Everywhere</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="79" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="82" />
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="107" />
        <source>In %1</source>
        <translation>在 %1 中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="127" />
        <source>Type something to search for.</source>
        <translation>请输入要搜索的内容。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="129" />
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="135" />
        <source>No good matches. Try other words, or Keyword mode for exact terms.</source>
        <translation>没有合适的结果。请换个说法，或用关键词模式查找确切的词。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="137" />
        <source>1 document</source>
        <translation>1 个文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="138" />
        <source>%1 documents</source>
        <translation>%1 个文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="157" />
        <source>1 more passage in this document</source>
        <translation>此文档中还有 1 处匹配</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="158" />
        <source>%1 more passages in this document</source>
        <translation>此文档中还有 %1 处匹配</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="165" />
        <source>Relevance: high</source>
        <translation>相关度：高</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="167" />
        <source>Relevance: medium</source>
        <translation>相关度：中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="168" />
        <source>Relevance: low</source>
        <translation>相关度：低</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation><numerusform>%n 条结果</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="152" />
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
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="172" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>bundled model</source>
        <translation>内置模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="181" />
        <source>Use a Chroma server instead of the embedded database</source>
        <translation>使用 Chroma 服务器代替内置数据库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="192" />
        <source>Worker threads</source>
        <translation>工作线程数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="193" />
        <source>Embedding threads</source>
        <translation>嵌入线程数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="194" />
        <source>Chunk size (tokens)</source>
        <translation>分块大小（词元）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="195" />
        <source>Chunk overlap (tokens)</source>
        <translation>分块重叠（词元）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="210" />
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="211" />
        <source>Reading the library's model…</source>
        <translation>正在读取资料库的模型…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="215" />
        <source>Available models</source>
        <translation>可用模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="218" />
        <source>Other model folder…</source>
        <translation>其他模型文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="220" />
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="339" />
        <source>Switch…</source>
        <translation>切换…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="233" />
        <source>Models on this computer:</source>
        <translation>本机上的模型：</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="241" />
        <source>configured</source>
        <translation>已配置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="241" />
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="242" />
        <source>downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="242" />
        <source>source checkout</source>
        <translation>源码目录</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="243" />
        <source>chosen folder</source>
        <translation>所选文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="250" />
        <source>%1 dimensions</source>
        <translation>%1 维</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="248" />
        <source>(in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="257" />
        <source>No document has been embedded yet; the library records its model with the first one.</source>
        <translation>还没有嵌入任何文档；资料库会在嵌入第一个文档时记录所用的模型。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="262" />
        <source>This library's model: %1 (%2 dimensions), %3 chunks.</source>
        <translation>本资料库的模型：%1（%2 维），%3 个分块。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="272" />
        <source>A switch to %1 was stopped before it finished; choose it and “Resume…” to go on where it stopped.</source>
        <translation>切换到 %1 的操作在完成前被中断；选中它并点击“继续…”即可从中断处继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="276" />
        <source>%1 sets the model folder and wins over settings; remove it to switch models here.</source>
        <translation>%1 指定了模型文件夹，优先于此处的设置；请先移除它，才能在这里切换模型。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="309" />
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="318" />
        <source>Not a model folder: %1</source>
        <translation>不是模型文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="339" />
        <source>Resume…</source>
        <translation>继续…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="197" />
        <source>Chroma host</source>
        <translation>Chroma 主机</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="198" />
        <source>Chroma port</source>
        <translation>Chroma 端口</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="199" />
        <source>Data directory</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="200" />
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
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="157" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
</TS>