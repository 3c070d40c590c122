<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="72" />
        <source>Measuring speed…</source>
        <translation>正在测算速度…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="74" />
        <source>%1 docs/min</source>
        <translation>%1 个文档/分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="77" />
        <source>less than a minute left</source>
        <translation>剩余不到 1 分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="79" />
        <source>about %1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="94" />
        <source>&lt; 1 min</source>
        <translation>不到 1 分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="97" />
        <location filename="../../docvec_gui/ui/throughput.py" line="99" />
        <source>%n min</source>
        <translation>%n 分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="99" />
        <source>%n h</source>
        <translation>%n 小时</translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="86" />
        <source>Local API state</source>
        <translation>本地 API 状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="90" />
        <source>API address</source>
        <translation>API 地址</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="91" />
        <location filename="../../docvec_gui/ui/connections.py" line="104" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="91" />
        <source>Copy the API address</source>
        <translation>复制 API 地址</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="99" />
        <source>API token</source>
        <translation>API 令牌</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="100" />
        <location filename="../../docvec_gui/ui/connections.py" line="177" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="102" />
        <source>Show the API token</source>
        <translation>显示 API 令牌</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="104" />
        <source>Copy the API token</source>
        <translation>复制 API 令牌</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="105" />
        <source>Regenerate…</source>
        <translation>重新生成…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="105" />
        <source>Regenerate the API token</source>
        <translation>重新生成 API 令牌</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="113" />
        <location filename="../../docvec_gui/ui/connections.py" line="114" />
        <source>Allow AI assistants to change the library</source>
        <translation>允许 AI 助手修改资料库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="117" />
        <source>Searching and reading are always available to them; this adds adding, re-processing and deleting documents.</source>
        <translation>搜索和阅读始终可用；此项另外允许添加、重新处理和删除文档。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="123" />
        <location filename="../../docvec_gui/ui/connections.py" line="147" />
        <source>MCP client configuration</source>
        <translation>MCP 客户端配置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="129" />
        <source>Paste this into Claude Desktop (claude_desktop_config.json), LM Studio (mcp.json) or Cursor (.cursor/mcp.json). The assistant starts docvec itself; it works whether or not this window is open.</source>
        <translation>将其粘贴到 Claude Desktop（claude_desktop_config.json）、LM Studio（mcp.json）或 Cursor（.cursor/mcp.json）中。助手会自行启动 docvec；无论本窗口是否打开都可使用。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="133" />
        <source>Copy configuration</source>
        <translation>复制配置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="133" />
        <source>Copy the MCP client configuration</source>
        <translation>复制 MCP 客户端配置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="140" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="141" />
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="158" />
        <source>The local API is running. Programs on this computer reach it with the address and token below.</source>
        <translation>本地 API 正在运行。本机上的程序可通过下面的地址和令牌访问它。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="161" />
        <source>The local API is not running yet: it starts once the library is loaded.</source>
        <translation>本地 API 尚未运行：资料库加载完成后启动。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="163" />
        <source>it was stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="164" />
        <source>The local API is not running: %1</source>
        <translation>本地 API 未运行：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="177" />
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="196" />
        <source>Make a new token? Programs using the current one are refused until they use the new one; AI assistants that start docvec mcp pick it up by themselves.</source>
        <translation>生成新令牌？使用当前令牌的程序将被拒绝，直到改用新令牌；通过 docvec mcp 启动的 AI 助手会自动使用新令牌。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="208" />
        <source>docvec</source>
        <translation>docvec</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="72" />
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="170" />
        <location filename="../../docvec_gui/ui/detail_pane.py" line="265" />
        <source>Select a document to see its details.</source>
        <translation>选择一个文档以查看详情。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="173" />
        <source>Show earlier chunks</source>
        <translation>显示前面的分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="176" />
        <location filename="../../docvec_gui/ui/detail_pane.py" line="235" />
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="233" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="233" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="234" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="234" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="235" />
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="236" />
        <source>Original</source>
        <translation>原始文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="239" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="241" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="260" />
        <source>Chunks could not be read: %1</source>
        <translation>无法读取分块：%1</translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="434" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="434" />
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="434" />
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="434" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="435" />
        <source>Processed</source>
        <translation>处理时间</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="436" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="436" />
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="437" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="437" />
        <source>error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../docvec_gui/ui/drop_zone.py" line="33" />
        <source>Drop zone</source>
        <translation>拖放区</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/drop_zone.py" line="43" />
        <source>Drop documents or folders here</source>
        <translation>将文档或文件夹拖放到这里</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/drop_zone.py" line="52" />
        <source>Release to add</source>
        <translation>松开即可添加</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="32" />
        <source>Getting started</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="89" />
        <source>Your library is empty</source>
        <translation>资料库是空的</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="90" />
        <source>Drop files or folders anywhere in this window.</source>
        <translation>把文件或文件夹拖到窗口的任意位置。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="91" />
        <source>Watch a folder to index it where it is and follow its changes.</source>
        <translation>监视一个文件夹：就地索引，并跟随它的变化。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="92" />
        <source>Then search by meaning and keywords in the Search tab (Ctrl+F).</source>
        <translation>然后在“搜索”标签页中按语义和关键词搜索（Ctrl+F）。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="95" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="96" />
        <source>Watch a folder…</source>
        <translation>监视文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="97" />
        <source>Try a search</source>
        <translation>试试搜索</translation>
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
        <location filename="../../docvec_gui/ui/health_panel.py" line="67" />
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
        <location filename="../../docvec_gui/ui/health_panel.py" line="43" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="43" />
        <source>Queue consumer</source>
        <translation>队列消费者</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="44" />
        <source>Vector store</source>
        <translation>向量存储</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="44" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="44" />
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="45" />
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="51" />
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="51" />
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="56" />
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="57" />
        <source>pending %1</source>
        <translation>待处理 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="58" />
        <source>active %1</source>
        <translation>进行中 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="59" />
        <source>retrying %1</source>
        <translation>重试中 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="60" />
        <source>failed %1</source>
        <translation>失败 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="61" />
        <source>completed %1</source>
        <translation>已完成 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="67" />
        <source>Resume processing</source>
        <translation>继续处理</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="19" />
        <location filename="../../docvec_gui/ui/log_panel.py" line="32" />
        <source>Activity</source>
        <translation>活动</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="21" />
        <source>Documents added, completed, failed or deleted appear here.</source>
        <translation>添加、完成、失败或删除的文档会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="22" />
        <location filename="../../docvec_gui/ui/log_panel.py" line="46" />
        <source>Show technical log</source>
        <translation>显示技术日志</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="27" />
        <source>Application log</source>
        <translation>应用日志</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="46" />
        <source>Hide technical log</source>
        <translation>隐藏技术日志</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="151" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="172" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="190" />
        <source>Filter by status</source>
        <translation>按状态筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="196" />
        <location filename="../../docvec_gui/ui/main_window.py" line="197" />
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="201" />
        <source>Filter by folder</source>
        <translation>按文件夹筛选</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="206" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="254" />
        <location filename="../../docvec_gui/ui/main_window.py" line="334" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="255" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="256" />
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="257" />
        <source>Health &amp;&amp; queue</source>
        <translation>健康与队列</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="258" />
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="273" />
        <source>Processing state</source>
        <translation>处理状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="278" />
        <source>Connected programs</source>
        <translation>已连接的程序</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="279" />
        <source>Programs or AI assistants are using the local API (Settings ▸ Connections)</source>
        <translation>有程序或 AI 助手正在使用本地 API（设置 ▸ 连接）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="287" />
        <source>Processing speed</source>
        <translation>处理速度</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="310" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="311" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="312" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="313" />
        <source>Watch folder…</source>
        <translation>监视文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="314" />
        <source>Index a folder where it is and follow its changes</source>
        <translation>在原位置为文件夹建立索引并跟进其变化</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="316" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="317" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="318" />
        <source>&amp;Documents</source>
        <translation>文档(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="319" />
        <source>Re-process</source>
        <translation>重新处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="320" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="321" />
        <source>Process all pending and failed</source>
        <translation>处理所有待处理和失败的文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="324" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="325" />
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="326" />
        <source>Copy error message</source>
        <translation>复制错误信息</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="328" />
        <source>Pause processing</source>
        <translation>暂停处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="331" />
        <source>Stop processing documents until you resume; new documents wait in the queue. Kept across restarts.</source>
        <translation>停止处理文档，直到你选择继续；新文档在队列中等待。重启后仍保持暂停。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="335" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="336" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1311" />
        <source>About docvec</source>
        <translation>关于 docvec</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="344" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="437" />
        <location filename="../../docvec_gui/ui/main_window.py" line="447" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1250" />
        <source>The local API is off: %1</source>
        <translation>本地 API 已关闭：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="438" />
        <source>The local API could not start: %1</source>
        <translation>本地 API 无法启动：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="468" />
        <source>API: %n client(s)</source>
        <translation><numerusform>API：%n 个客户端</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="482" />
        <source>Made a new API token; programs using the old one are refused</source>
        <translation>已生成新的 API 令牌；使用旧令牌的程序将被拒绝</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="559" />
        <source>Finishing current documents…</source>
        <translation>正在完成当前文档…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="560" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="573" />
        <source>Documents are being processed</source>
        <translation>文档正在处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="574" />
        <source>Finish the documents in progress before closing, or stop now? Either way, unfinished documents resume at the next start.</source>
        <translation>关闭前先完成正在处理的文档，还是立即停止？无论哪种方式，未完成的文档都会在下次启动时继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="576" />
        <source>Finish</source>
        <translation>完成后关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="577" />
        <source>Stop now</source>
        <translation>立即停止</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="585" />
        <location filename="../../docvec_gui/ui/main_window.py" line="593" />
        <location filename="../../docvec_gui/ui/main_window.py" line="767" />
        <source>docvec</source>
        <translation>docvec</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="689" />
        <source>%1 (%n chunk(s))</source>
        <translation><numerusform>%1（%n 个分块）</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="692" />
        <source>Added: %1</source>
        <translation>已添加：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="692" />
        <source>Added %n document(s): %1</source>
        <translation><numerusform>已添加 %n 个文档：%1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="693" />
        <source>Completed: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="694" />
        <source>Completed %n document(s): %1</source>
        <translation><numerusform>已完成 %n 个文档：%1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="695" />
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="695" />
        <source>Failed %n document(s): %1</source>
        <translation><numerusform>%n 个文档失败：%1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="699" />
        <source>Deleted: %1</source>
        <translation>已删除：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="699" />
        <source>Deleted %n document(s): %1</source>
        <translation><numerusform>已删除 %n 个文档：%1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="730" />
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="736" />
        <source>Add folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="769" />
        <source>Watch this folder</source>
        <translation>监视此文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="769" />
        <source>Watch these folders</source>
        <translation>监视这些文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="771" />
        <source>Add once (copy)</source>
        <translation>仅添加一次（复制）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="780" />
        <source>Watch %1? A watched folder is indexed where it is, and new, changed and deleted files are followed. Or add its documents once, as copies in the library.</source>
        <translation>监视 %1？监视的文件夹在原位置建立索引，新增、修改和删除的文件都会被跟进。也可以只添加一次，将其中的文档复制到资料库。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="785" />
        <source>Watch folder</source>
        <translation>监视文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="796" />
        <source>Watching %1: its documents are indexed where they are.</source>
        <translation>正在监视 %1：其中的文档在原位置建立索引。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="808" />
        <source>Rescanning the folder…</source>
        <translation>正在重新扫描文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="824" />
        <source>Stopped watching %1; its documents stay searchable.</source>
        <translation>已停止监视 %1；其中的文档仍可搜索。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="825" />
        <source>Stopped watching %1; %n document(s) deleted.</source>
        <translation><numerusform>已停止监视 %1；已删除 %n 个文档。</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="832" />
        <source>Remove watched folder</source>
        <translation>移除监视的文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="833" />
        <source>Stop watching %1? Its files on disk are not touched.</source>
        <translation>停止监视 %1？磁盘上的文件不会被改动。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="834" />
        <source>Keep its %n document(s) searchable</source>
        <translation><numerusform>保留其 %n 个文档，仍可搜索</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="835" />
        <source>Delete them</source>
        <translation>删除这些文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="851" />
        <source>All folders</source>
        <translation>所有文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="852" />
        <source>Added files</source>
        <translation>添加的文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="853" />
        <source>Documents added or dropped (copied into the library)</source>
        <translation>添加或拖放的文档（已复制到资料库）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="867" />
        <source>Adding %n item(s)…</source>
        <translation><numerusform>正在添加 %n 项…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="880" />
        <source>Added %n document(s)</source>
        <translation><numerusform>已添加 %n 个文档</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="881" />
        <source>Not added: %1</source>
        <translation>未添加：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="881" />
        <source>%n file(s) not added: %1</source>
        <translation><numerusform>%n 个文件未添加：%1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) not added:</source>
        <translation><numerusform>%n 个文件未添加：</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="895" />
        <source>Processing is paused: %1. It resumes by itself when this is fixed; no document is lost.</source>
        <translation>处理已暂停：%1。问题解决后会自动继续，不会丢失任何文档。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="897" />
        <source>Processing stopped by a problem: %1</source>
        <translation>处理因问题而停止：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="901" />
        <source>Processing continues: the problem is solved.</source>
        <translation>问题已解决，处理继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="956" />
        <source>Processing resumes when the model switch is complete.</source>
        <translation>模型切换完成后将继续处理。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="964" />
        <source>Re-process after the model switch is complete.</source>
        <translation>请在模型切换完成后再重新处理。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="973" />
        <source>Re-processing: %1</source>
        <translation>正在重新处理：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="974" />
        <source>Re-processing %n document(s): %1</source>
        <translation><numerusform>正在重新处理 %n 个文档：%1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="976" />
        <source>Processing is paused: the documents wait until you resume.</source>
        <translation>处理已暂停：这些文档将等到你继续后再处理。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="984" />
        <source>Delete %n document(s) and their index data?</source>
        <translation><numerusform>删除 %n 个文档及其索引数据？</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1001" />
        <source>Verifying the library…</source>
        <translation>正在校验资料库…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1008" />
        <source>Library verified: no problems found</source>
        <translation>资料库校验完毕：没有发现问题</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1012" />
        <source>Verify &amp; repair: %n problem(s) found</source>
        <translation><numerusform>校验并修复：发现 %n 个问题</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1019" />
        <source>Processing all pending and failed documents</source>
        <translation>正在处理所有待处理和失败的文档</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1071" />
        <source>Copied %n error message(s)</source>
        <translation><numerusform>已复制 %n 条错误信息</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1091" />
        <source>Paused processing</source>
        <translation>已暂停处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1091" />
        <source>Resumed processing</source>
        <translation>已继续处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1098" />
        <source>Processing paused; new documents wait in the queue.</source>
        <translation>处理已暂停；新文档在队列中等待。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1099" />
        <source>Processing resumed.</source>
        <translation>处理已继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1115" />
        <source>Pausing…</source>
        <translation>正在暂停…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1115" />
        <source>Resuming…</source>
        <translation>正在继续…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1117" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1118" />
        <source>Processing is paused: documents are added and wait in the queue until you resume (Documents ▸ Pause processing).</source>
        <translation>处理已暂停：文档照常添加，并在队列中等待，直到你选择继续（文档 ▸ 暂停处理）。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1190" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1414" />
        <source>Switching to %1…</source>
        <translation>正在切换到 %1…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1238" />
        <source>AI assistants may now change the library</source>
        <translation>AI 助手现在可以修改资料库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1240" />
        <source>AI assistants may now only search and read the library</source>
        <translation>AI 助手现在只能搜索和阅读资料库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1244" />
        <source>Settings saved. The new language is used after docvec restarts.</source>
        <translation>设置已保存。新语言将在 docvec 重启后生效。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1245" />
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1247" />
        <source>Settings saved; some take effect after a restart.</source>
        <translation>设置已保存；部分设置需重启后生效。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1248" />
        <source>Settings saved and applied.</source>
        <translation>设置已保存并生效。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1288" />
        <source>Re-index %n document(s) with the new chunk settings?</source>
        <translation><numerusform>用新的分块设置重新索引 %n 个文档？</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1289" />
        <source>If not, they keep their current chunks; new documents use the new settings.</source>
        <translation>如果不重新索引，它们将保留现有的分块；新文档使用新的设置。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1298" />
        <source>Re-indexing is offered when the model switch is complete.</source>
        <translation>模型切换完成后会询问是否重新索引。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1302" />
        <source>Existing documents keep their chunks.</source>
        <translation>现有文档保留原来的分块。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1304" />
        <source>Re-indexing %n document(s)…</source>
        <translation><numerusform>正在重新索引 %n 个文档…</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1312" />
        <source>An offline personal knowledge base.</source>
        <translation>离线个人知识库。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1321" />
        <source>Model switch progress</source>
        <translation>模型切换进度</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1323" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1324" />
        <source>Stop after the current batch; switching again resumes here</source>
        <translation>在当前批次结束后停止；再次切换时将从这里继续</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1356" />
        <source>A model switch is already running.</source>
        <translation>已有一个模型切换正在进行。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1359" />
        <source>Loading the model and estimating the time…</source>
        <translation>正在加载模型并估算所需时间…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1360" />
        <source>Estimating the time a model switch takes…</source>
        <translation>正在估算模型切换所需时间…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1365" />
        <source>Cannot switch the model: %1</source>
        <translation>无法切换模型：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1374" />
        <source>Less than a minute.</source>
        <translation>不到一分钟。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1377" />
        <source>About %n minute(s).</source>
        <translation><numerusform>大约 %n 分钟。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1378" />
        <source>About %n hour(s).</source>
        <translation><numerusform>大约 %n 小时。</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1384" />
        <source>Use %1 for this library? No document is embedded yet.</source>
        <translation>让本资料库使用 %1？目前还没有嵌入任何文档。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1386" />
        <source>Resume re-embedding with %1? %2 of %3 chunks are done.</source>
        <translation>继续用 %1 重新嵌入？%3 个分块中已完成 %2 个。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1389" />
        <source>Re-embed %1 chunks with %2?</source>
        <translation>用 %2 重新嵌入 %1 个分块？</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1390" />
        <source>Searches keep working meanwhile; you can close the app and it resumes. New documents wait until it is complete.</source>
        <translation>期间搜索照常可用；可以关闭应用，下次启动后会继续。新文档将等到切换完成后再处理。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1400" />
        <source>Nothing changed.</source>
        <translation>未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1430" />
        <source>Re-embedding with %1: %2 of %3 chunks</source>
        <translation>正在用 %1 重新嵌入：%2 / %3 个分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1439" />
        <source>Stopping the model switch after the current batch…</source>
        <translation>将在当前批次结束后停止模型切换…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1449" />
        <source>The model switch to %1 failed: %2</source>
        <translation>切换到 %1 失败：%2</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1454" />
        <source>The model switch to %1 was stopped; searches still use the previous model. What is done is kept.</source>
        <translation>切换到 %1 的操作已停止；搜索仍使用之前的模型。已完成的部分会保留。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1457" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1486" />
        <source>Resume…</source>
        <translation>继续…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1460" />
        <source>The library now uses %1.</source>
        <translation>资料库现在使用 %1。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1484" />
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
    <name>ProgressDelegate</name>
    <message>
        <location filename="../../docvec_gui/ui/delegates.py" line="31" />
        <source>extracting…</source>
        <translation>正在提取…</translation>
    </message>
</context>
<context>
    <name>RefusalSummary</name>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="34" />
        <source>%n duplicate(s)</source>
        <translation>%n 个重复</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="43" />
        <source>%n not added:</source>
        <translation>%n 个未添加：</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="55" />
        <location filename="../../docvec_gui/ui/refusals.py" line="71" />
        <source>Files not added</source>
        <translation>未添加的文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="62" />
        <location filename="../../docvec_gui/ui/refusals.py" line="114" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="63" />
        <source>Show the files not added</source>
        <translation>显示未添加的文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="67" />
        <location filename="../../docvec_gui/ui/refusals.py" line="68" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="104" />
        <source>duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="114" />
        <source>Hide details</source>
        <translation>隐藏详情</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="433" />
        <source>Search by meaning and keywords…</source>
        <translation>按语义和关键词搜索…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="434" />
        <source>Search query</source>
        <translation>搜索内容</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="435" />
        <source>Search mode</source>
        <translation>搜索模式</translation>
    </message>
    <message>
        <source>Search in</source>
        <translation>搜索范围</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="45" />
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="46" />
        <source>Word and OpenDocument text</source>
        <translation>Word 与 OpenDocument 文本</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="47" />
        <source>Plain text and Markdown</source>
        <translation>纯文本与 Markdown</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="48" />
        <source>Presentations</source>
        <translation>演示文稿</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="49" />
        <source>Spreadsheets and tables</source>
        <translation>电子表格与表格</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="50" />
        <source>Web pages and e-books</source>
        <translation>网页与电子书</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="51" />
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="52" />
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="53" />
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="107" />
        <source>OCR</source>
        <translation>OCR 识别</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="123" />
        <source>1 more</source>
        <translation>另 1 处</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="125" />
        <source>%1 more</source>
        <translation>另 %1 处</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="260" />
        <source>passage %1</source>
        <translation>第 %1 段</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="438" />
        <source>Search in folder</source>
        <translation>搜索范围（文件夹）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="439" />
        <location filename="../../docvec_gui/ui/search_panel.py" line="457" />
        <source>Everywhere</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="440" />
        <source>Type of document</source>
        <translation>文档类型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="441" />
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="444" />
        <location filename="../../docvec_gui/ui/search_panel.py" line="445" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="446" />
        <source>Search status</source>
        <translation>搜索状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="447" />
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="459" />
        <source>In %1</source>
        <translation>在 %1 中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="503" />
        <source>Type something to search for.</source>
        <translation>请输入要搜索的内容。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="506" />
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="525" />
        <source>No good matches. Try other words, or Keyword mode for exact terms.</source>
        <translation>没有合适的结果。请换个说法，或用关键词模式查找确切的词。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="527" />
        <source>1 document</source>
        <translation>1 个文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="528" />
        <source>%1 documents</source>
        <translation>%1 个文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="581" />
        <source>and %1 more in this document</source>
        <translation>本文档中还有 %1 处</translation>
    </message>
    <message>
        <source>1 more passage in this document</source>
        <translation>此文档中还有 1 处匹配</translation>
    </message>
    <message>
        <source>%1 more passages in this document</source>
        <translation>此文档中还有 %1 处匹配</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="115" />
        <source>Relevance: high</source>
        <translation>相关度：高</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="117" />
        <source>Relevance: medium</source>
        <translation>相关度：中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="118" />
        <source>Relevance: low</source>
        <translation>相关度：低</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation><numerusform>%n 条结果</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="103" />
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="39" />
        <source>Hybrid</source>
        <translation>混合</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="40" />
        <source>Semantic</source>
        <translation>语义</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="41" />
        <source>Keyword</source>
        <translation>关键词</translation>
    </message>
</context>
<context>
    <name>SearchPreview</name>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="173" />
        <source>Search result preview</source>
        <translation>搜索结果预览</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="174" />
        <source>Previewed document</source>
        <translation>预览的文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="175" />
        <source>Passage in context</source>
        <translation>上下文中的段落</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="176" />
        <source>Preview status</source>
        <translation>预览状态</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="177" />
        <source>Open the document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="201" />
        <source>Loading the surrounding text…</source>
        <translation>正在载入上下文…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="223" />
        <source>The surrounding text could not be loaded; the passage is shown alone.</source>
        <translation>无法载入上下文，仅显示该段落。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="246" />
        <source>Select a result to preview it here.</source>
        <translation>选择一个结果，在此预览。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="247" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="250" />
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="255" />
        <source>Open at page %1</source>
        <translation>在第 %1 页打开</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="257" />
        <source>Open document</source>
        <translation>打开文档</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="190" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>bundled model</source>
        <translation>内置模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="199" />
        <source>Use a Chroma server instead of the embedded database</source>
        <translation>使用 Chroma 服务器代替内置数据库</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="208" />
        <source>Read text in scanned pages and images (OCR)</source>
        <translation>识别扫描页和图片中的文字（OCR）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="210" />
        <source>Scanned PDFs and images (PNG, JPEG, TIFF, WebP, BMP, GIF) are read by text recognition on this computer; it takes a few seconds per page.</source>
        <translation>扫描版 PDF 和图片（PNG、JPEG、TIFF、WebP、BMP、GIF）在本机通过文字识别读取，每页需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="215" />
        <source>All pages</source>
        <translation>全部页面</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="219" />
        <source>Worker threads</source>
        <translation>工作线程数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="220" />
        <source>Embedding threads</source>
        <translation>嵌入线程数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="221" />
        <source>Chunk size (tokens)</source>
        <translation>分块大小（词元）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="222" />
        <source>Chunk overlap (tokens)</source>
        <translation>分块重叠（词元）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="224" />
        <source>OCR pages per document</source>
        <translation>每个文档 OCR 的页数</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="235" />
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="236" />
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="249" />
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="250" />
        <source>Reading the library's model…</source>
        <translation>正在读取资料库的模型…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="254" />
        <source>Available models</source>
        <translation>可用模型</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="257" />
        <source>Other model folder…</source>
        <translation>其他模型文件夹…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="259" />
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="378" />
        <source>Switch…</source>
        <translation>切换…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="272" />
        <source>Models on this computer:</source>
        <translation>本机上的模型：</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="280" />
        <source>configured</source>
        <translation>已配置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="280" />
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="281" />
        <source>downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="281" />
        <source>source checkout</source>
        <translation>源码目录</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="282" />
        <source>chosen folder</source>
        <translation>所选文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="289" />
        <source>%1 dimensions</source>
        <translation>%1 维</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="287" />
        <source>(in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="296" />
        <source>No document has been embedded yet; the library records its model with the first one.</source>
        <translation>还没有嵌入任何文档；资料库会在嵌入第一个文档时记录所用的模型。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="301" />
        <source>This library's model: %1 (%2 dimensions), %3 chunks.</source>
        <translation>本资料库的模型：%1（%2 维），%3 个分块。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="311" />
        <source>A switch to %1 was stopped before it finished; choose it and “Resume…” to go on where it stopped.</source>
        <translation>切换到 %1 的操作在完成前被中断；选中它并点击“继续…”即可从中断处继续。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="315" />
        <source>%1 sets the model folder and wins over settings; remove it to switch models here.</source>
        <translation>%1 指定了模型文件夹，优先于此处的设置；请先移除它，才能在这里切换模型。</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="348" />
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="357" />
        <source>Not a model folder: %1</source>
        <translation>不是模型文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="378" />
        <source>Resume…</source>
        <translation>继续…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="226" />
        <source>Chroma host</source>
        <translation>Chroma 主机</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="227" />
        <source>Chroma port</source>
        <translation>Chroma 端口</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="228" />
        <source>Data directory</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="229" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="210" />
        <source>%n s</source>
        <translation>%n 秒</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="212" />
        <source>%n min</source>
        <translation>%n 分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="213" />
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="221" />
        <source>%n chunk(s)</source>
        <translation>%n 个分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="235" />
        <source>extracting page %1/%2</source>
        <translation>正在提取第 %1/%2 页</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="237" />
        <source>OCR page %1/%2</source>
        <translation>正在识别第 %1/%2 页（OCR）</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="239" />
        <source>embedding %1/%2 chunks</source>
        <translation>正在嵌入 %1/%2 个分块</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="242" />
        <source>page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="245" />
        <source>about %1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="246" />
        <source>extracting…</source>
        <translation>正在提取…</translation>
    </message>
</context>
<context>
    <name>TableState</name>
    <message>
        <location filename="../../docvec_gui/ui/table_state.py" line="198" />
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/table_state.py" line="208" />
        <source>Fit columns to content</source>
        <translation>按内容调整列宽</translation>
    </message>
</context>
<context>
    <name>Throughput</name>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="193" />
        <source>Measuring speed…</source>
        <translation>正在测算速度…</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="193" />
        <source>%1 docs/min</source>
        <translation>%1 个文档/分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="194" />
        <source>about %1 left</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="194" />
        <source>&lt; 1 min</source>
        <translation>不到 1 分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="195" />
        <source>less than a minute left</source>
        <translation>剩余不到 1 分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="196" />
        <source>%n min</source>
        <translation>%n 分钟</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="196" />
        <source>%n h</source>
        <translation>%n 小时</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="50" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="51" />
        <source>processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="52" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="53" />
        <location filename="../../docvec_gui/ui/i18n.py" line="88" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="54" />
        <source>deleting</source>
        <translation>正在删除</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="60" />
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="61" />
        <source>no text</source>
        <translation>没有文本</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="62" />
        <source>corrupt</source>
        <translation>文件损坏</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="63" />
        <source>unsupported</source>
        <translation>不支持</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="64" />
        <source>empty</source>
        <translation>空文件</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="65" />
        <source>too large</source>
        <translation>文件过大</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="66" />
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="67" />
        <source>crashed the reader</source>
        <translation>导致读取程序崩溃</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="68" />
        <source>model problem</source>
        <translation>模型问题</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="69" />
        <source>embedding failed</source>
        <translation>嵌入失败</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="70" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="71" />
        <source>disk full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="72" />
        <source>vector store problem</source>
        <translation>向量存储问题</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="73" />
        <source>database problem</source>
        <translation>数据库问题</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="74" />
        <source>configuration</source>
        <translation>配置错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="75" />
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="76" />
        <source>ambiguous</source>
        <translation>不明确</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="77" />
        <source>invalid query</source>
        <translation>无效的查询</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="78" />
        <source>data directory in use</source>
        <translation>数据目录正被使用</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="79" />
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="80" />
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="81" />
        <source>duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="82" />
        <source>usage</source>
        <translation>用法错误</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="83" />
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="84" />
        <source>not authorised</source>
        <translation>未授权</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="85" />
        <source>forbidden</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="86" />
        <source>method not allowed</source>
        <translation>不允许的方法</translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="87" />
        <source>no answer</source>
        <translation>无响应</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="171" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
</TS>