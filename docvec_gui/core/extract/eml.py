"""E-mail (RFC 822/MIME): headers, then the preferred body (plain text, else HTML)."""
from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from docvec_gui.core.extract.html import html_blocks
from docvec_gui.core.extract.model import Block, BlockBuilder, Extracted
from docvec_gui.core.extract.text import text_blocks


def _part_text(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def extract_eml(path: Path) -> Extracted:
    with open(path, "rb") as fh:
        msg = email.message_from_binary_file(fh, policy=email.policy.default)
    subject = str(msg.get("subject", "") or "").strip()
    doc = Extracted("eml", title=subject or None, author=str(msg.get("from", "") or "").strip() or None)
    header_lines = [f"{name}: {msg.get(name)}" for name in ("From", "To", "Cc", "Date", "Subject") if msg.get(name)]
    if header_lines:
        doc.blocks.append(Block("\n".join(header_lines), None, (), "paragraph"))
    heading = (subject,) if subject else ()
    body = msg.get_body(preferencelist=("plain", "html")) if msg.is_multipart() else msg
    if body is not None:
        content = _part_text(body)
        if body.get_content_subtype() == "html":
            out = BlockBuilder()
            html_blocks(content, out, main_only=False)
            doc.blocks.extend(Block(b.text, None, heading + b.heading, b.kind) for b in out.blocks)
        else:
            doc.blocks.extend(Block(b.text, None, heading, b.kind) for b in text_blocks(content))
    names = [p.get_filename() for p in msg.iter_attachments()] if msg.is_multipart() else []
    names = [n for n in names if n]
    if names:
        doc.blocks.append(Block("Attachments: " + ", ".join(names), None, heading, "paragraph"))
    return doc
