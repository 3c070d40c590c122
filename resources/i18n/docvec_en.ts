<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name />
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="72" />
        <source>Measuring speed…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="74" />
        <source>%1 docs/min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="77" />
        <source>less than a minute left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="79" />
        <source>about %1 left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="94" />
        <source>&lt; 1 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="97" />
        <location filename="../../docvec_gui/ui/throughput.py" line="99" />
        <source>%n min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/throughput.py" line="99" />
        <source>%n h</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="86" />
        <source>Local API state</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="90" />
        <source>API address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="91" />
        <location filename="../../docvec_gui/ui/connections.py" line="104" />
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="91" />
        <source>Copy the API address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="99" />
        <source>API token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="100" />
        <location filename="../../docvec_gui/ui/connections.py" line="177" />
        <source>Show</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="102" />
        <source>Show the API token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="104" />
        <source>Copy the API token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="105" />
        <source>Regenerate…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="105" />
        <source>Regenerate the API token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="113" />
        <location filename="../../docvec_gui/ui/connections.py" line="114" />
        <source>Allow AI assistants to change the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="117" />
        <source>Searching and reading are always available to them; this adds adding, re-processing and deleting documents.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="123" />
        <location filename="../../docvec_gui/ui/connections.py" line="147" />
        <source>MCP client configuration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="129" />
        <source>Paste this into Claude Desktop (claude_desktop_config.json), LM Studio (mcp.json) or Cursor (.cursor/mcp.json). The assistant starts docvec itself; it works whether or not this window is open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="133" />
        <source>Copy configuration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="133" />
        <source>Copy the MCP client configuration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="140" />
        <source>Address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="141" />
        <source>Token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="158" />
        <source>The local API is running. Programs on this computer reach it with the address and token below.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="161" />
        <source>The local API is not running yet: it starts once the library is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="163" />
        <source>it was stopped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="164" />
        <source>The local API is not running: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="177" />
        <source>Hide</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="196" />
        <source>Make a new token? Programs using the current one are refused until they use the new one; AI assistants that start docvec mcp pick it up by themselves.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/connections.py" line="208" />
        <source>docvec</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="72" />
        <source>page %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="170" />
        <location filename="../../docvec_gui/ui/detail_pane.py" line="265" />
        <source>Select a document to see its details.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="173" />
        <source>Show earlier chunks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="176" />
        <location filename="../../docvec_gui/ui/detail_pane.py" line="235" />
        <source>Chunks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="233" />
        <source>File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="233" />
        <source>Type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="234" />
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="234" />
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="235" />
        <source>Pages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="236" />
        <source>Original</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="239" />
        <source>Error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="241" />
        <source>Warning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/detail_pane.py" line="260" />
        <source>Chunks could not be read: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="433" />
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="434" />
        <source>Progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="434" />
        <source>Chunks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="434" />
        <source>Reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="434" />
        <source>Added</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="435" />
        <source>Processed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="436" />
        <source>pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="436" />
        <source>processing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="437" />
        <source>completed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="437" />
        <source>error</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../docvec_gui/ui/drop_zone.py" line="33" />
        <source>Drop zone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/drop_zone.py" line="43" />
        <source>Drop documents or folders here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/drop_zone.py" line="52" />
        <source>Release to add</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="32" />
        <source>Getting started</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="89" />
        <source>Your library is empty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="90" />
        <source>Drop files or folders anywhere in this window.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="91" />
        <source>Watch a folder to index it where it is and follow its changes.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="92" />
        <source>Then search by meaning and keywords in the Search tab (Ctrl+F).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="95" />
        <source>Add files…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="96" />
        <source>Watch a folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/empty_state.py" line="97" />
        <source>Try a search</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>FoldersPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="90" />
        <source>Watched folders</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="94" />
        <source>Folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="94" />
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="94" />
        <source>Files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="94" />
        <source>Indexed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="95" />
        <source>Pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="95" />
        <source>Errors</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="95" />
        <source>Skipped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="95" />
        <source>Last scan</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="103" />
        <location filename="../../docvec_gui/ui/folders_panel.py" line="255" />
        <source>scanning %1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="109" />
        <source>No watched folders. Add a folder (or drop one on the window and choose “Watch this folder”): its documents are indexed where they are and followed as they change.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="117" />
        <source>Add folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="118" />
        <source>Watch a folder: its documents are indexed in place and followed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="119" />
        <location filename="../../docvec_gui/ui/folders_panel.py" line="304" />
        <source>Pause</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="120" />
        <source>Rescan</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="121" />
        <source>Compare the folder with the library now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="122" />
        <source>Remove…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="186" />
        <source>Cannot read the watched folders: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="258" />
        <source>scanning %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="259" />
        <source>scanning…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="260" />
        <source>watching</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="260" />
        <source>paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="261" />
        <source>polling</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="261" />
        <source>unavailable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="266" />
        <source>never</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="304" />
        <source>Resume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/folders_panel.py" line="311" />
        <source>Only: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="20" />
        <source>Checking…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="22" />
        <location filename="../../docvec_gui/ui/health_panel.py" line="67" />
        <source>Pause processing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="23" />
        <source>Retry failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="24" />
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="25" />
        <source>Verify &amp;&amp; repair</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="26" />
        <source>Compare the database, the vectors and the stored copies, and repair what differs (vectors are rebuilt from the stored text)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="43" />
        <source>Database</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="43" />
        <source>Queue consumer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="44" />
        <source>Vector store</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="44" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="44" />
        <source>Disk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="45" />
        <source>Network</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="51" />
        <source>ok</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="51" />
        <source>ERROR</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="56" />
        <source>Tasks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="57" />
        <source>pending %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="58" />
        <source>active %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="59" />
        <source>retrying %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="60" />
        <source>failed %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="61" />
        <source>completed %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/health_panel.py" line="67" />
        <source>Resume processing</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="19" />
        <location filename="../../docvec_gui/ui/log_panel.py" line="32" />
        <source>Activity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="21" />
        <source>Documents added, completed, failed or deleted appear here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="22" />
        <location filename="../../docvec_gui/ui/log_panel.py" line="46" />
        <source>Show technical log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="27" />
        <source>Application log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/log_panel.py" line="46" />
        <source>Hide technical log</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="151" />
        <source>Dismiss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="172" />
        <source>Documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="190" />
        <source>Filter by status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="196" />
        <location filename="../../docvec_gui/ui/main_window.py" line="197" />
        <source>Filter by name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="201" />
        <source>Filter by folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="206" />
        <source>Show:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="254" />
        <location filename="../../docvec_gui/ui/main_window.py" line="334" />
        <source>Search</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="255" />
        <source>Details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="256" />
        <source>Folders</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="257" />
        <source>Health &amp;&amp; queue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="258" />
        <source>Log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="273" />
        <source>Processing state</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="278" />
        <source>Connected programs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="279" />
        <source>Programs or AI assistants are using the local API (Settings ▸ Connections)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="287" />
        <source>Processing speed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="310" />
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="311" />
        <source>Add files…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="312" />
        <source>Add folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="313" />
        <source>Watch folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="314" />
        <source>Index a folder where it is and follow its changes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="316" />
        <source>Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="317" />
        <source>Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="318" />
        <source>&amp;Documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="319" />
        <source>Re-process</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="320" />
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="321" />
        <source>Process all pending and failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="324" />
        <source>Open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="325" />
        <source>Show in folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="326" />
        <source>Copy error message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="328" />
        <source>Pause processing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="331" />
        <source>Stop processing documents until you resume; new documents wait in the queue. Kept across restarts.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="335" />
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="336" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1311" />
        <source>About docvec</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="344" />
        <source>Main</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="437" />
        <location filename="../../docvec_gui/ui/main_window.py" line="447" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1250" />
        <source>The local API is off: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="438" />
        <source>The local API could not start: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="468" />
        <source>API: %n client(s)</source>
        <translation><numerusform>API: %n client</numerusform><numerusform>API: %n clients</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="482" />
        <source>Made a new API token; programs using the old one are refused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="559" />
        <source>Finishing current documents…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="560" />
        <source>Stopping…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="573" />
        <source>Documents are being processed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="574" />
        <source>Finish the documents in progress before closing, or stop now? Either way, unfinished documents resume at the next start.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="576" />
        <source>Finish</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="577" />
        <source>Stop now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="585" />
        <location filename="../../docvec_gui/ui/main_window.py" line="593" />
        <location filename="../../docvec_gui/ui/main_window.py" line="767" />
        <source>docvec</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="689" />
        <source>%1 (%n chunk(s))</source>
        <translation><numerusform>%1 (%n chunk)</numerusform><numerusform>%1 (%n chunks)</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="692" />
        <source>Added: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="692" />
        <source>Added %n document(s): %1</source>
        <translation><numerusform>Added %n document: %1</numerusform><numerusform>Added %n documents: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="693" />
        <source>Completed: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="694" />
        <source>Completed %n document(s): %1</source>
        <translation><numerusform>Completed %n document: %1</numerusform><numerusform>Completed %n documents: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="695" />
        <source>Failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="695" />
        <source>Failed %n document(s): %1</source>
        <translation><numerusform>Failed %n document: %1</numerusform><numerusform>Failed %n documents: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="699" />
        <source>Deleted: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="699" />
        <source>Deleted %n document(s): %1</source>
        <translation><numerusform>Deleted %n document: %1</numerusform><numerusform>Deleted %n documents: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="730" />
        <source>Add files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="736" />
        <source>Add folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="769" />
        <source>Watch this folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="769" />
        <source>Watch these folders</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="771" />
        <source>Add once (copy)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="780" />
        <source>Watch %1? A watched folder is indexed where it is, and new, changed and deleted files are followed. Or add its documents once, as copies in the library.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="785" />
        <source>Watch folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="796" />
        <source>Watching %1: its documents are indexed where they are.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="808" />
        <source>Rescanning the folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="824" />
        <source>Stopped watching %1; its documents stay searchable.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="825" />
        <source>Stopped watching %1; %n document(s) deleted.</source>
        <translation><numerusform>Stopped watching %1; %n document deleted.</numerusform><numerusform>Stopped watching %1; %n documents deleted.</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="832" />
        <source>Remove watched folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="833" />
        <source>Stop watching %1? Its files on disk are not touched.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="834" />
        <source>Keep its %n document(s) searchable</source>
        <translation><numerusform>Keep its %n document searchable</numerusform><numerusform>Keep its %n documents searchable</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="835" />
        <source>Delete them</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="851" />
        <source>All folders</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="852" />
        <source>Added files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="853" />
        <source>Documents added or dropped (copied into the library)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="867" />
        <source>Adding %n item(s)…</source>
        <translation><numerusform>Adding %n item…</numerusform><numerusform>Adding %n items…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="880" />
        <source>Added %n document(s)</source>
        <translation><numerusform>Added %n document</numerusform><numerusform>Added %n documents</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="881" />
        <source>Not added: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="881" />
        <source>%n file(s) not added: %1</source>
        <translation><numerusform>%n file not added: %1</numerusform><numerusform>%n files not added: %1</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) not added:</source>
        <translation><numerusform>%n file not added:</numerusform><numerusform>%n files not added:</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="895" />
        <source>Processing is paused: %1. It resumes by itself when this is fixed; no document is lost.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="897" />
        <source>Processing stopped by a problem: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="901" />
        <source>Processing continues: the problem is solved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="956" />
        <source>Processing resumes when the model switch is complete.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="964" />
        <source>Re-process after the model switch is complete.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="973" />
        <source>Re-processing: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="974" />
        <source>Re-processing %n document(s): %1</source>
        <translation><numerusform>Re-processing %n document: %1</numerusform><numerusform>Re-processing %n documents: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="976" />
        <source>Processing is paused: the documents wait until you resume.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="984" />
        <source>Delete %n document(s) and their index data?</source>
        <translation><numerusform>Delete %n document and its index data?</numerusform><numerusform>Delete %n documents and their index data?</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1001" />
        <source>Verifying the library…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1008" />
        <source>Library verified: no problems found</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1012" />
        <source>Verify &amp; repair: %n problem(s) found</source>
        <translation><numerusform>Verify &amp; repair: %n problem found</numerusform><numerusform>Verify &amp; repair: %n problems found</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1019" />
        <source>Processing all pending and failed documents</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1071" />
        <source>Copied %n error message(s)</source>
        <translation><numerusform>Copied %n error message</numerusform><numerusform>Copied %n error messages</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1091" />
        <source>Paused processing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1091" />
        <source>Resumed processing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1098" />
        <source>Processing paused; new documents wait in the queue.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1099" />
        <source>Processing resumed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1115" />
        <source>Pausing…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1115" />
        <source>Resuming…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1117" />
        <source>Paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1118" />
        <source>Processing is paused: documents are added and wait in the queue until you resume (Documents ▸ Pause processing).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1190" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1414" />
        <source>Switching to %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1238" />
        <source>AI assistants may now change the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1240" />
        <source>AI assistants may now only search and read the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1244" />
        <source>Settings saved. The new language is used after docvec restarts.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1245" />
        <source>Restart now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1247" />
        <source>Settings saved; some take effect after a restart.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1248" />
        <source>Settings saved and applied.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1288" />
        <source>Re-index %n document(s) with the new chunk settings?</source>
        <translation><numerusform>Re-index %n document with the new chunk settings?</numerusform><numerusform>Re-index %n documents with the new chunk settings?</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1289" />
        <source>If not, they keep their current chunks; new documents use the new settings.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1298" />
        <source>Re-indexing is offered when the model switch is complete.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1302" />
        <source>Existing documents keep their chunks.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1304" />
        <source>Re-indexing %n document(s)…</source>
        <translation><numerusform>Re-indexing %n document…</numerusform><numerusform>Re-indexing %n documents…</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1312" />
        <source>An offline personal knowledge base.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1321" />
        <source>Model switch progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1323" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1324" />
        <source>Stop after the current batch; switching again resumes here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1356" />
        <source>A model switch is already running.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1359" />
        <source>Loading the model and estimating the time…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1360" />
        <source>Estimating the time a model switch takes…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1365" />
        <source>Cannot switch the model: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1374" />
        <source>Less than a minute.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1377" />
        <source>About %n minute(s).</source>
        <translation><numerusform>About %n minute.</numerusform><numerusform>About %n minutes.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../docvec_gui/ui/main_window.py" line="1378" />
        <source>About %n hour(s).</source>
        <translation><numerusform>About %n hour.</numerusform><numerusform>About %n hours.</numerusform></translation>
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1384" />
        <source>Use %1 for this library? No document is embedded yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1386" />
        <source>Resume re-embedding with %1? %2 of %3 chunks are done.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1389" />
        <source>Re-embed %1 chunks with %2?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1390" />
        <source>Searches keep working meanwhile; you can close the app and it resumes. New documents wait until it is complete.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1400" />
        <source>Nothing changed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1430" />
        <source>Re-embedding with %1: %2 of %3 chunks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1439" />
        <source>Stopping the model switch after the current batch…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1449" />
        <source>The model switch to %1 failed: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1454" />
        <source>The model switch to %1 was stopped; searches still use the previous model. What is done is kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1457" />
        <location filename="../../docvec_gui/ui/main_window.py" line="1486" />
        <source>Resume…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1460" />
        <source>The library now uses %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/main_window.py" line="1484" />
        <source>A switch to the model %1 stopped before it finished; searches use the previous model until it is complete.</source>
        <translation type="unfinished" />
    </message>
<message><source>All</source><translation /></message><message><source>Pending</source><translation /></message><message><source>Processing</source><translation /></message><message><source>Completed</source><translation /></message><message><source>Error</source><translation /></message></context>
<context>
    <name>ProgressDelegate</name>
    <message>
        <location filename="../../docvec_gui/ui/delegates.py" line="31" />
        <source>extracting…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RefusalSummary</name>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="34" />
        <source>%n duplicate(s)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="43" />
        <source>%n not added:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="55" />
        <location filename="../../docvec_gui/ui/refusals.py" line="71" />
        <source>Files not added</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="62" />
        <location filename="../../docvec_gui/ui/refusals.py" line="114" />
        <source>Details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="63" />
        <source>Show the files not added</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="67" />
        <location filename="../../docvec_gui/ui/refusals.py" line="68" />
        <source>Dismiss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="104" />
        <source>duplicate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/refusals.py" line="114" />
        <source>Hide details</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="433" />
        <source>Search by meaning and keywords…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="434" />
        <source>Search query</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="435" />
        <source>Search mode</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="45" />
        <source>PDF</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="46" />
        <source>Word and OpenDocument text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="47" />
        <source>Plain text and Markdown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="48" />
        <source>Presentations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="49" />
        <source>Spreadsheets and tables</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="50" />
        <source>Web pages and e-books</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="51" />
        <source>E-mail</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="52" />
        <source>JSON</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="53" />
        <source>Images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="107" />
        <source>OCR</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="123" />
        <source>1 more</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="125" />
        <source>%1 more</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="260" />
        <source>passage %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="438" />
        <source>Search in folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="439" />
        <location filename="../../docvec_gui/ui/search_panel.py" line="457" />
        <source>Everywhere</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="440" />
        <source>Type of document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="441" />
        <source>All types</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="444" />
        <location filename="../../docvec_gui/ui/search_panel.py" line="445" />
        <source>Search</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="446" />
        <source>Search status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="447" />
        <source>Search results</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="459" />
        <source>In %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="503" />
        <source>Type something to search for.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="506" />
        <source>Searching…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="525" />
        <source>No good matches. Try other words, or Keyword mode for exact terms.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="527" />
        <source>1 document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="528" />
        <source>%1 documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="581" />
        <source>and %1 more in this document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="103" />
        <source>page %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="115" />
        <source>Relevance: high</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="117" />
        <source>Relevance: medium</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="118" />
        <source>Relevance: low</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="39" />
        <source>Hybrid</source>
        <translation />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="40" />
        <source>Semantic</source>
        <translation />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_panel.py" line="41" />
        <source>Keyword</source>
        <translation />
    </message>
</context>
<context>
    <name>SearchPreview</name>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="173" />
        <source>Search result preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="174" />
        <source>Previewed document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="175" />
        <source>Passage in context</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="176" />
        <source>Preview status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="177" />
        <source>Open the document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="201" />
        <source>Loading the surrounding text…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="223" />
        <source>The surrounding text could not be loaded; the passage is shown alone.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="246" />
        <source>Select a result to preview it here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="247" />
        <source>Open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="250" />
        <source>page %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="255" />
        <source>Open at page %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/search_preview.py" line="257" />
        <source>Open document</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="190" />
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="199" />
        <source>Use a Chroma server instead of the embedded database</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="208" />
        <source>Read text in scanned pages and images (OCR)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="210" />
        <source>Scanned PDFs and images (PNG, JPEG, TIFF, WebP, BMP, GIF) are read by text recognition on this computer; it takes a few seconds per page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="215" />
        <source>All pages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="219" />
        <source>Worker threads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="220" />
        <source>Embedding threads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="221" />
        <source>Chunk size (tokens)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="222" />
        <source>Chunk overlap (tokens)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="224" />
        <source>OCR pages per document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="226" />
        <source>Chroma host</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="227" />
        <source>Chroma port</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="228" />
        <source>Data directory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="229" />
        <source>Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="235" />
        <source>General</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="236" />
        <source>Connections</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="249" />
        <source>Embedding model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="250" />
        <source>Reading the library's model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="254" />
        <source>Available models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="257" />
        <source>Other model folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="259" />
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="378" />
        <source>Switch…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="272" />
        <source>Models on this computer:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="280" />
        <source>configured</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="280" />
        <source>bundled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="281" />
        <source>downloaded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="281" />
        <source>source checkout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="282" />
        <source>chosen folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="287" />
        <source>(in use)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="289" />
        <source>%1 dimensions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="296" />
        <source>No document has been embedded yet; the library records its model with the first one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="301" />
        <source>This library's model: %1 (%2 dimensions), %3 chunks.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="311" />
        <source>A switch to %1 was stopped before it finished; choose it and “Resume…” to go on where it stopped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="315" />
        <source>%1 sets the model folder and wins over settings; remove it to switch models here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="348" />
        <source>Model folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="357" />
        <source>Not a model folder: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="378" />
        <source>Resume…</source>
        <translation type="unfinished" />
    </message>
<message><source>System default</source><translation /></message></context>
<context>
    <name>Stage</name>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="210" />
        <source>%n s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="212" />
        <source>%n min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="213" />
        <source>%1 h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="221" />
        <source>%n chunk(s)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="235" />
        <source>extracting page %1/%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="237" />
        <source>OCR page %1/%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="239" />
        <source>embedding %1/%2 chunks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="242" />
        <source>page %1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="245" />
        <source>about %1 left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="246" />
        <source>extracting…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TableState</name>
    <message>
        <location filename="../../docvec_gui/ui/table_state.py" line="198" />
        <source>Columns</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/table_state.py" line="208" />
        <source>Fit columns to content</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Throughput</name>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="193" />
        <source>Measuring speed…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="193" />
        <source>%1 docs/min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="194" />
        <source>about %1 left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="194" />
        <source>&lt; 1 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="195" />
        <source>less than a minute left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="196" />
        <source>%n min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/models.py" line="196" />
        <source>%n h</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="50" />
        <source>pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="51" />
        <source>processing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="52" />
        <source>completed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="53" />
        <location filename="../../docvec_gui/ui/i18n.py" line="88" />
        <source>error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="54" />
        <source>deleting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="60" />
        <source>encrypted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="61" />
        <source>no text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="62" />
        <source>corrupt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="63" />
        <source>unsupported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="64" />
        <source>empty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="65" />
        <source>too large</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="66" />
        <source>timed out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="67" />
        <source>crashed the reader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="68" />
        <source>model problem</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="69" />
        <source>embedding failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="70" />
        <source>failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="71" />
        <source>disk full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="72" />
        <source>vector store problem</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="73" />
        <source>database problem</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="74" />
        <source>configuration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="75" />
        <source>not found</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="76" />
        <source>ambiguous</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="77" />
        <source>invalid query</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="78" />
        <source>data directory in use</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="79" />
        <source>read-only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="80" />
        <source>unreadable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="81" />
        <source>duplicate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="82" />
        <source>usage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="83" />
        <source>interrupted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="84" />
        <source>not authorised</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="85" />
        <source>forbidden</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="86" />
        <source>method not allowed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../docvec_gui/ui/i18n.py" line="87" />
        <source>no answer</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../docvec_gui/ui/settings_dialog.py" line="171" />
        <source>Browse…</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>