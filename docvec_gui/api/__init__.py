"""docvec for other programs: the library as JSON (``library``), the local HTTP API
(``server``) and its client, and the MCP server. Qt-free, like ``core``."""
