"""DOCX (WordprocessingML): body paragraphs and tables in order, headings from styles,
list labels as Word shows them, text boxes and the alt text of pictures and shapes, then
headers, footers, footnotes, endnotes and comments.

Also home of what the three OOXML readers share: :class:`OfficeZip`, which reads Strict
OOXML (ISO/IEC 29500 Strict namespaces) as transitional, and the package relationships.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lxml import etree

from docvec_gui.core.extract.archive import SafeZip
from docvec_gui.core.extract.model import BlockBuilder, ExtractionError, Extracted

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
DC = "{http://purl.org/dc/elements/1.1/}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RELATIONSHIP_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAX_LABEL_CHARS = 100  # list labels are short; a crafted level text must not repeat megabytes
_HEADING_STYLE = re.compile(r"^(?:heading|berschrift|titre|titolo|encabezado|kop)\s*(\d)$", re.I)

# --- Strict OOXML -------------------------------------------------------------------------
# Strict documents name every namespace http://purl.oclc.org/ooxml/<area>/<rest> where
# transitional ones say http://schemas.openxmlformats.org/<area>/2006/<rest>; element and
# attribute names are the same. Renaming the URIs where they stand in attribute values
# (xmlns declarations and relationship types, always quoted) lets one reader serve both.
_STRICT_URI = re.compile(rb"""(["'])http://purl\.oclc\.org/ooxml/([A-Za-z]+)/""")


def transitional(data: bytes) -> bytes:
    """An OOXML part with Strict namespace URIs renamed to their transitional twins."""
    if b"purl.oclc.org/ooxml/" not in data:
        return data
    return _STRICT_URI.sub(rb"\1http://schemas.openxmlformats.org/\2/2006/", data)


class OfficeZip(SafeZip):
    """A :class:`SafeZip` whose parts read as transitional OOXML, Strict or not."""

    def read(self, name: str) -> bytes:
        return transitional(super().read(name))


def relationships(zf: SafeZip, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of ``part``'s internal relationships ("" is the package)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if not zf.has(rels_name):
        return []
    out = []
    for rel in zf.xml(rels_name).iter(REL + "Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id") or "", rel.get("Type") or "", target))
    return out


def related_part(zf: SafeZip, part: str, kind: str, default: str | None = None) -> str | None:
    """The first part ``part`` relates to with relationship type ``kind`` (e.g. "styles")."""
    for _, rel_type, target in relationships(zf, part):
        if rel_type == RELATIONSHIP_TYPES + kind and zf.has(target):
            return target
    return default if default is not None and zf.has(default) else None


def main_part(zf: SafeZip, default: str) -> str:
    """The package's main part (the officeDocument relationship), else ``default``."""
    return related_part(zf, "", "officeDocument") or default


# --- automatic numbering ------------------------------------------------------------------
@dataclass
class _Level:
    """One level of a numbering definition (w:lvl)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""  # w:lvlText, "%1.%2)" style
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: every number in the label as decimal
    suffix: str = " "
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


@dataclass
class _Num:
    """A numbering instance (w:num): its levels, which counters it shares, what it restarts."""

    key: str  # counters are shared by every instance of one abstract definition
    levels: dict[int, _Level]
    restarts: dict[int, int] = field(default_factory=dict)  # level -> w:startOverride


def _val(el: etree._Element | None, child: str) -> str | None:
    node = el.find(W + child) if el is not None else None
    return node.get(W + "val") if node is not None else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _read_level(lvl: etree._Element, base: _Level | None = None) -> _Level:
    level = _Level(**vars(base)) if base is not None else _Level()
    level.start = _int(_val(lvl, "start"), level.start)
    level.fmt = _val(lvl, "numFmt") or level.fmt
    text = lvl.find(W + "lvlText")
    if text is not None:
        level.text = (text.get(W + "val") or "")[:MAX_LABEL_CHARS]
    restart = _val(lvl, "lvlRestart")
    level.restart = _int(restart, 0) if restart is not None else level.restart
    legal = lvl.find(W + "isLgl")
    if legal is not None:
        level.legal = (legal.get(W + "val") or "true") not in ("0", "false", "off")
    suffix = _val(lvl, "suff")
    if suffix is not None:
        level.suffix = "" if suffix == "nothing" else " "
    level.style = _val(lvl, "pStyle") or level.style
    return level


def _levels(container: etree._Element, base: dict[int, _Level] | None = None) -> dict[int, _Level]:
    levels = dict(base or {})
    for lvl in container.findall(W + "lvl"):
        ilvl = _int(lvl.get(W + "ilvl"), -1)
        if 0 <= ilvl <= 8:  # OOXML has nine levels; anything else is damage
            levels[ilvl] = _read_level(lvl, levels.get(ilvl))
    return levels


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}
_CJK_DIGITS = "〇一二三四五六七八九"
_CJK_SIMPLE = ("零一二三四五六七八九", "十百千")
_CJK_LEGAL_SIMPLIFIED = ("零壹贰叁肆伍陆柒捌玖", "拾佰仟")
_CJK_LEGAL_TRADITIONAL = ("零壹貳參肆伍陸柒捌玖", "拾佰仟")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _roman(n: int) -> str:
    if n >= 4000:  # no Roman numeral; a crafted start value must not make megabyte labels
        return str(n)
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    # Word goes a..z, then aa..zz, then aaa: one letter repeated, not base 26.
    if n > 26 * MAX_LABEL_CHARS:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _english(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + ("-" + _ONES[ones] if ones else "")


def _english_ordinal(n: int) -> str:
    words = _english(n)
    head, _, last = words.rpartition("-")
    last = _ORDINAL_WORDS.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return f"{head}-{last}" if head else last


def _ordinal_suffix(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _cjk_counting(n: int, digits: str, units: str, short_ten: bool = True) -> str:
    """1234 -> 一千二百三十四, 105 -> 一百零五, 12 -> 十二 (Word's chineseCounting)."""
    text, out, zero = str(n), [], False
    for i, ch in enumerate(text):
        digit, place = int(ch), len(text) - 1 - i
        if digit == 0:
            zero = True
            continue
        if zero and out:
            out.append(digits[0])
        zero = False
        out.append(digits[digit] + (units[place - 1] if place else ""))
    words = "".join(out)
    return words[1:] if short_ten and 10 <= n < 20 else words


def _enclosed(n: int, ranges: tuple[tuple[int, int, int], ...]) -> str:
    for low, high, first in ranges:
        if low <= n <= high:
            return chr(first + n - low)
    return str(n)


def _full_width(n: int) -> str:
    return "".join(chr(0xFF10 + int(d)) for d in str(n))


def _ideograph_digits(n: int) -> str:
    return "".join(_CJK_DIGITS[int(d)] for d in str(n))


def _cycle(symbols: str) -> Callable[[int], str]:
    return lambda n: symbols[n - 1] if n <= len(symbols) else str(n)


def _counting(digits: str, units: str, short_ten: bool = True) -> Callable[[int], str]:
    return lambda n: _cjk_counting(n, digits, units, short_ten) if n < 10000 else str(n)


# w:numFmt -> how Word writes a positive number in it
_FORMATS: dict[str, Callable[[int], str]] = {
    "decimalZero": lambda n: f"{n:02d}",
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "ordinal": _ordinal_suffix,
    "cardinalText": lambda n: _english(n).capitalize() if n < 100 else str(n),
    "ordinalText": lambda n: _english_ordinal(n).capitalize() if n < 100 else str(n),
    "decimalFullWidth": _full_width,
    "decimalFullWidth2": _full_width,
    "decimalEnclosedCircle": lambda n: _enclosed(n, ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, ((1, 20, 0x2460),)),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, ((1, 20, 0x2488),)),
    "decimalEnclosedParen": lambda n: _enclosed(n, ((1, 20, 0x2474),)),
    "ideographDigital": _ideograph_digits,
    "taiwaneseDigital": _ideograph_digits,
    "ideographTraditional": _cycle(_HEAVENLY_STEMS),
    "ideographZodiac": _cycle(_EARTHLY_BRANCHES),
    "chineseCounting": _counting(*_CJK_SIMPLE),
    "chineseCountingThousand": _counting(*_CJK_SIMPLE),
    "taiwaneseCounting": _counting(*_CJK_SIMPLE),
    "taiwaneseCountingThousand": _counting(*_CJK_SIMPLE),
    "japaneseCounting": _counting(*_CJK_SIMPLE),
    "chineseLegalSimplified": _counting(*_CJK_LEGAL_SIMPLIFIED, short_ten=False),
    "ideographLegalTraditional": _counting(*_CJK_LEGAL_TRADITIONAL, short_ten=False),
    "japaneseLegal": _counting(*_CJK_LEGAL_TRADITIONAL, short_ten=False),
}


def format_number(n: int, fmt: str) -> str:
    """``n`` in a WordprocessingML number format (w:numFmt); decimal for unknown formats."""
    if fmt == "none":
        return ""
    if n <= 0 or fmt not in _FORMATS:
        return str(n)
    return _FORMATS[fmt](n)


# Bullets are letters in Symbol, Wingdings or Courier New ("o", "§", "Ø"), often as
# private-use characters (U+F0xx); show the symbol the font draws for them.
_SYMBOL_BULLETS = {"·": "•", "o": "◦", "§": "▪", "Ø": "➢", "ü": "✓", "n": "■", "q": "❑", "v": "❖", "¨": "◆",
                   "è": "➔", "×": "▸", "Ÿ": "•", "l": "●", "²": "◊"}


def _bullet(text: str) -> str:
    if not text:
        return ""
    char = text[0]
    if 0xF000 <= ord(char) <= 0xF0FF:  # Symbol-font code points mapped into the private-use area
        return _SYMBOL_BULLETS.get(chr(ord(char) - 0xF000), "•")
    if 0xE000 <= ord(char) <= 0xF8FF:
        return "•"
    return _SYMBOL_BULLETS.get(text, text)


class Numbering:
    """List labels as Word computes them: counters per abstract definition, levels that
    restart after a higher level, and ``startOverride`` restarts per numbering instance."""

    def __init__(self, root: etree._Element | None, style_numbering: dict[str, tuple[str | None, int | None]]):
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._used: set[str] = set()
        if root is None:
            return
        abstracts = {a.get(W + "abstractNumId") or "": a for a in root.findall(W + "abstractNum")}
        instances = {n.get(W + "numId") or "": n for n in root.findall(W + "num")}
        for num_id, num in instances.items():
            resolved = self._resolve(_val(num, "abstractNumId") or "", abstracts, instances, style_numbering)
            if resolved is None:
                continue
            key, levels = resolved
            instance = _Num(key, dict(levels))
            for override in num.findall(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), -1)
                if not 0 <= ilvl <= 8:
                    continue
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    instance.levels[ilvl] = _read_level(lvl, instance.levels.get(ilvl))
                start = _val(override, "startOverride")
                if start is not None:
                    instance.restarts[ilvl] = _int(start, 1)
            self._nums[num_id] = instance

    @staticmethod
    def _resolve(abstract_id: str, abstracts: dict, instances: dict,
                 style_numbering: dict) -> tuple[str, dict[int, _Level]] | None:
        """(counter key, levels) of an abstract definition, following numStyleLink to
        the definition a numbering style points at (one hop is all Word writes)."""
        for _ in range(3):
            abstract = abstracts.get(abstract_id)
            if abstract is None:
                return None
            link = _val(abstract, "numStyleLink")
            target = style_numbering.get(link or "", (None, None))[0]
            if not link or target not in instances:
                return abstract_id, _levels(abstract)
            abstract_id = _val(instances[target], "abstractNumId") or ""
        return None

    @staticmethod
    def _start(num: _Num, ilvl: int) -> int:
        level = num.levels.get(ilvl)
        return num.restarts.get(ilvl, level.start if level is not None else 1)

    def level_for_style(self, num_id: str, style: str | None) -> int | None:
        num = self._nums.get(num_id)
        if num is None or not style:
            return None
        return next((i for i, level in sorted(num.levels.items()) if level.style == style), None)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counters for a paragraph at ``ilvl`` and return its label."""
        num = self._nums.get(num_id)
        level = num.levels.get(ilvl) if num is not None else None
        if level is None:
            return ""
        counters = self._counters.setdefault(num.key, {})
        if num_id not in self._used:  # an instance's overrides restart its list once, at first use
            self._used.add(num_id)
            for restarted in num.restarts:
                counters.pop(restarted, None)
        for higher in range(ilvl):  # a skipped higher level counts as used once, as in Word
            counters.setdefault(higher, self._start(num, higher))
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else self._start(num, ilvl)
        for deeper in [d for d in counters if d > ilvl]:
            deeper_level = num.levels.get(deeper)
            after = deeper_level.restart if deeper_level is not None and deeper_level.restart is not None else deeper
            if ilvl < min(after, deeper):  # lvlRestart names a higher level; 0 never restarts
                del counters[deeper]
        if level.fmt == "bullet":
            return _bullet(level.text)

        def number(match: re.Match) -> str:
            ref = int(match.group(1)) - 1
            ref_level = num.levels.get(ref, _Level())
            value = counters.get(ref, self._start(num, ref))
            return format_number(value, "decimal" if level.legal and ref_level.fmt != "none" else ref_level.fmt)

        return re.sub(r"%([1-9])", number, level.text).strip()

    def suffix(self, num_id: str, ilvl: int) -> str:
        num = self._nums.get(num_id)
        level = num.levels.get(ilvl) if num is not None else None
        return level.suffix if level is not None else " "


# --- styles -------------------------------------------------------------------------------
@dataclass
class _Styles:
    levels: dict[str, int]  # styleId -> heading level
    numbering: dict[str, tuple[str | None, int | None]]  # styleId -> (numId, ilvl), inherited


def _read_styles(root: etree._Element | None) -> _Styles:
    levels: dict[str, int] = {}
    own: dict[str, tuple[str | None, int | None, str | None]] = {}
    if root is None:
        return _Styles(levels, {})
    for style in root.iter(W + "style"):
        sid = style.get(W + "styleId") or ""
        name = _val(style, "name") or sid
        match = _HEADING_STYLE.match(name.replace(" ", "")) or _HEADING_STYLE.match(sid)
        outline = _val(style.find(W + "pPr"), "outlineLvl")
        if match:
            levels[sid] = int(match.group(1))
        elif outline is not None and outline.isdigit():
            levels[sid] = int(outline) + 1
        elif name.lower() == "title":
            levels[sid] = 1
        num_pr = style.find(f"{W}pPr/{W}numPr")
        ilvl = _val(num_pr, "ilvl")
        own[sid] = (_val(num_pr, "numId"), _int(ilvl, 0) if ilvl is not None else None, _val(style, "basedOn"))
    numbering: dict[str, tuple[str | None, int | None]] = {}
    for sid in own:
        num_id, ilvl, seen, current = None, None, set(), sid
        while current in own and current not in seen:  # basedOn chains, guarded against cycles
            seen.add(current)
            c_num, c_ilvl, based_on = own[current]
            num_id = num_id if num_id is not None else c_num
            ilvl = ilvl if ilvl is not None else c_ilvl
            current = based_on
        if num_id is not None:
            numbering[sid] = (num_id, ilvl)
    return _Styles(levels, numbering)


# --- body ---------------------------------------------------------------------------------
@dataclass
class _Context:
    styles: _Styles
    numbering: Numbering


def _paragraph_style(p: etree._Element) -> str | None:
    return _val(p.find(W + "pPr"), "pStyle")


def _list_label(p: etree._Element, ctx: _Context) -> tuple[str, bool]:
    """(label with its separator, whether the paragraph is in a list) for paragraph ``p``."""
    ppr = p.find(W + "pPr")
    num_pr = ppr.find(W + "numPr") if ppr is not None else None
    num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
    style = _paragraph_style(p)
    style_num, style_ilvl = ctx.styles.numbering.get(style or "", (None, None))
    if num_id is None:
        num_id = style_num
    if num_id is None or num_id == "0":  # numId 0 switches numbering off
        return "", False
    if ilvl is not None:
        level = _int(ilvl, 0)
    elif style_ilvl is not None:
        level = style_ilvl
    else:
        level = ctx.numbering.level_for_style(num_id, style) or 0
    label = ctx.numbering.label(num_id, level)
    return (label + ctx.numbering.suffix(num_id, level) if label else ""), True


def _fallback_copy(anc: etree._Element) -> bool:
    """An mc:Fallback next to an mc:Choice: the same content again, for older readers."""
    parent = anc.getparent()
    return anc.tag == MC + "Fallback" and parent is not None and parent.find(MC + "Choice") is not None


def _own(node: etree._Element, container: etree._Element, boxes: bool = False) -> bool:
    """``node`` belongs to ``container``: not to a fallback copy and, unless ``boxes``,
    not to a text box inside it (text boxes are emitted as blocks of their own)."""
    for anc in node.iterancestors():
        if anc is container:
            return True
        if (anc.tag == W + "txbxContent" and not boxes) or _fallback_copy(anc):
            return False
    return True


def _paragraph_text(p: etree._Element) -> str:
    # Text boxes nest whole paragraphs inside a run; they are emitted separately.
    parts: list[str] = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        if not _own(node, p):
            continue
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append("\t")
        elif node.tag in (W + "br", W + "cr"):
            parts.append("\n")
        else:
            parts.append("-")
    return "".join(parts)


# Office used to fill a picture's description with the file it was inserted from.
_FILE_NAME = re.compile(r"(?:[A-Za-z]:\\|\\\\|/)\S.*|.{1,80}\.(?:jpe?g|png|gif|bmp|tiff?|emf|wmf|svg|webp|pdf|eps|psd)",
                        re.I)


def add_alt_text(out: list[str], *values: str | None) -> None:
    """Append each distinct alt text in ``values`` to ``out``, skipping file names and paths."""
    for value in values:
        text = " ".join((value or "").split())
        if text and text not in out and not _FILE_NAME.fullmatch(text):
            out.append(text)


def alt_texts(container: etree._Element) -> list[str]:
    """Alt text (title and description) of the pictures and shapes in ``container``."""
    out: list[str] = []
    for node in container.iter(WP + "docPr", V + "shape"):
        if _own(node, container):
            if node.tag == WP + "docPr":
                add_alt_text(out, node.get("title"), node.get("descr"))
            else:
                add_alt_text(out, node.get("alt"))
    return out


def _paragraph_level(p: etree._Element, levels: dict[str, int]) -> int | None:
    style = _paragraph_style(p)
    if style in levels:
        return levels[style]
    outline = _val(p.find(W + "pPr"), "outlineLvl")
    if outline is not None and outline.isdigit():
        level = int(outline) + 1
        return level if level <= 9 else None
    return None


def _labelled_text(p: etree._Element, ctx: _Context) -> tuple[str, bool]:
    label, in_list = _list_label(p, ctx)
    text = _paragraph_text(p)
    return (label + text.lstrip() if label and text.strip() else text), in_list


def _emit_table(tbl: etree._Element, out: BlockBuilder, ctx: _Context) -> None:
    for tr in tbl.iter(W + "tr"):
        if next((a for a in tr.iterancestors(W + "tbl")), None) is not tbl:
            continue  # rows of nested tables are emitted by their own table
        cells = []
        for tc in tr.findall(W + "tc"):
            parts = []
            for p in tc.iter(W + "p"):
                if _own(p, tc, boxes=True):
                    parts.append(_labelled_text(p, ctx)[0].strip())
            parts.extend(alt_texts(tc))
            cells.append(" ".join(part for part in parts if part).strip())
        out.add("\t".join(cells), "table_row")


def _emit_paragraph(p: etree._Element, out: BlockBuilder, ctx: _Context) -> None:
    level = _paragraph_level(p, ctx.styles.levels)
    text, in_list = _labelled_text(p, ctx)
    if level is not None:
        out.heading(text, level)
    else:
        out.add(text, "list_item" if in_list else "paragraph")
    for box in p.iter(W + "txbxContent"):
        if _own(box, p):
            _emit_body(box, out, ctx)
    for alt in alt_texts(p):
        out.add(alt)


def _emit_body(container: etree._Element, out: BlockBuilder, ctx: _Context) -> None:
    for child in container:
        if child.tag == W + "p":
            _emit_paragraph(child, out, ctx)
        elif child.tag == W + "tbl":
            _emit_table(child, out, ctx)
        elif child.tag in (W + "sdt", W + "customXml", W + "smartTag"):
            content = child.find(W + "sdtContent")
            _emit_body(content if content is not None else child, out, ctx)


def _core_properties(zf: SafeZip) -> tuple[str | None, str | None]:
    if not zf.has("docProps/core.xml"):
        return None, None
    root = zf.xml("docProps/core.xml")
    title = root.findtext(DC + "title")
    author = root.findtext(DC + "creator")
    return (title or "").strip() or None, (author or "").strip() or None


def _optional_xml(zf: SafeZip, name: str | None) -> etree._Element | None:
    return zf.xml(name) if name is not None and zf.has(name) else None


def extract_docx(path: Path) -> Extracted:
    with OfficeZip(path) as zf:
        document = main_part(zf, "word/document.xml")
        if not zf.has(document):
            raise ExtractionError("corrupt", "the DOCX package has no word/document.xml")
        folder = posixpath.dirname(document)
        styles = _read_styles(_optional_xml(zf, related_part(zf, document, "styles", f"{folder}/styles.xml")))
        numbering_root = _optional_xml(zf, related_part(zf, document, "numbering", f"{folder}/numbering.xml"))
        ctx = _Context(styles, Numbering(numbering_root, styles.numbering))
        out = BlockBuilder()
        body = zf.xml(document).find(W + "body")
        if body is not None:
            _emit_body(body, out, ctx)
        extras = sorted(n for n in zf.names if re.fullmatch(rf"{re.escape(folder)}/(header|footer)\d*\.xml", n))
        extras += [n for n in (f"{folder}/{name}.xml" for name in ("footnotes", "endnotes", "comments")) if zf.has(n)]
        for name in extras:
            out.reset_headings()
            root = zf.xml(name)
            containers = [root] if root.tag in (W + "hdr", W + "ftr") else list(root)
            for container in containers:
                _emit_body(container, out, ctx)
        title, author = _core_properties(zf)
    return Extracted("docx", out.blocks, title=title, author=author)
