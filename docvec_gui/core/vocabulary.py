"""The one vocabulary of the core: document statuses, error kinds and event kinds.

Every module, the CLI, the window and the JSON shapes use these names; they are
``StrEnum`` members, so they compare equal to (and serialise as) their plain strings.
"""
from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    ERROR = "error"
    # A tombstone: the row stays until its vectors and stored copy are gone.
    DELETING = "deleting"


# What the window and ``status`` count; tombstones are on their way out and not shown.
VISIBLE_STATUSES = (Status.PENDING, Status.PROCESSING, Status.COMPLETED, Status.ERROR)
UNFINISHED_STATUSES = (Status.PENDING, Status.PROCESSING)


class ErrorKind(StrEnum):
    # Verdicts on the document itself (retrying cannot help).
    ENCRYPTED = "encrypted"
    NO_TEXT = "no_text"
    CORRUPT = "corrupt"
    UNSUPPORTED = "unsupported"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"
    # The extraction child died twice on this document, the second time alone.
    CRASHED = "crashed"
    # Faults of the app's machinery or its environment.
    MODEL = "model"
    EMBEDDING = "embedding"
    FAILED = "failed"  # a transient error that persisted through MAX_RETRIES retries
    DISK_FULL = "disk_full"
    VECTOR_STORE = "vector_store"
    DATABASE = "database"
    # Errors of a request (CLI, API), never a document's status.
    CONFIG = "config"
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    INVALID_QUERY = "invalid_query"
    DATA_DIR_IN_USE = "data_dir_in_use"
    READ_ONLY = "read_only"
    UNREADABLE = "unreadable"
    DUPLICATE = "duplicate"
    USAGE = "usage"
    INTERRUPTED = "interrupted"
    # Errors of the local API (api/server.py, api/client.py).
    UNAUTHORIZED = "unauthorized"  # no or a wrong bearer token
    FORBIDDEN = "forbidden"  # a Host or Origin that is not the loopback
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNREACHABLE = "unreachable"  # the owner process did not answer
    ERROR = "error"


# Extraction verdicts: what an extractor (or its sandbox) may conclude about a file.
EXTRACTION_KINDS = (ErrorKind.ENCRYPTED, ErrorKind.NO_TEXT, ErrorKind.CORRUPT, ErrorKind.UNSUPPORTED,
                    ErrorKind.EMPTY, ErrorKind.TOO_LARGE, ErrorKind.TIMEOUT, ErrorKind.CRASHED)


class EventKind(StrEnum):
    ADDED = "added"
    STATUS = "status"
    PROGRESS = "progress"
    DELETED = "deleted"
    # A component's health changed (vector store down/up, disk full, paused by a fault).
    HEALTH = "health"
    # A watched folder changed state, progress or counts (``doc_id`` is empty, ``extra``
    # holds the folder's id).
    FOLDER = "folder"


class FolderState(StrEnum):
    WATCHING = "watching"  # OS file events
    SCANNING = "scanning"  # a catch-up scan is running
    PAUSED = "paused"
    POLLING = "polling"  # periodic scans: no OS watches left, or a network drive
    UNAVAILABLE = "unavailable"  # the folder cannot be reached (unmounted, removed): nothing is deleted
