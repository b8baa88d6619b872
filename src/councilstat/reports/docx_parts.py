"""The building blocks of the Word report (python-docx): the document's set-up, tables whose
header row repeats and is marked as a header for screen readers, pictures with alt text,
page fields, and landscape sections. :mod:`councilstat.reports.docx` puts them together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from councilstat.core.rating import Rag

__all__ = [
    "LANGUAGE",
    "Contents",
    "Pictures",
    "add_caption",
    "add_table",
    "new_section",
    "page_footer",
    "set_up",
    "shade",
]

LANGUAGE = "en-GB"
FONT = "Arial"
RAG_FILLS = {Rag.GREEN: "CCE2D8", Rag.AMBER: "FFF7BF", Rag.RED: "F4CDC6"}
Cells = Sequence[str]


def _set_language(document: WordDocument) -> None:
    """British English for the whole document (spelling, and what a screen reader speaks)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), LANGUAGE)


def set_up(
    document: WordDocument, *, title: str, author: str, subject: str, generated: dt.date
) -> None:
    """A4 portrait, Arial, British English, and the document's properties (its title is what
    a screen reader announces and what the committee papers system lists)."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        document.styles[name].font.name = FONT
    _set_language(document)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.subject = subject
    properties.language = LANGUAGE
    moment = dt.datetime(generated.year, generated.month, generated.day, tzinfo=dt.UTC)
    properties.created = moment
    properties.modified = moment
    properties.last_modified_by = author
    properties.revision = 1


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def page_footer(section: Section, running_header: str) -> None:
    """The council, plan and period at the top of each page; "Page N of M" at the bottom."""
    header = section.header.paragraphs[0]
    header.text = running_header
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)


def new_section(document: WordDocument, *, landscape: bool) -> Section:
    """A new page in portrait or landscape (the wide measure tables)."""
    section: Section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    return section


def add_caption(document: WordDocument, text: str) -> Paragraph:
    return document.add_paragraph(text, style="Caption")


def _mark_header_row(table: Table) -> None:
    """The first row repeats on every page and is the table's header (``w:tblHeader``)."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row_properties.append(marker)


def _describe(table: Table, caption: str) -> None:
    """The table's title for assistive technology (Word's "alt text" for tables)."""
    properties = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)


def _table_style(document: WordDocument, font_size: float) -> str:
    """A table style ("Table Grid" at ``font_size`` points), made once per size, so cell text
    needs no formatting of its own (much faster, and a clerk restyles a table in one go)."""
    name = f"Report table {font_size:g}pt"
    styles = document.styles
    if name not in [style.name for style in styles]:
        style = styles.add_style(name, WD_STYLE_TYPE.TABLE)
        style.base_style = styles["Table Grid"]
        style.font.size = Pt(font_size)
        style.font.name = FONT
    return name


def _cell_xml(text: str) -> str:
    """A cell holding ``text``, a line break for each newline, as python-docx's ``cell.text``
    writes it."""
    lines = (escape(line) for line in text.split("\n"))
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:tc><w:tcPr/><w:p><w:r>{runs}</w:r></w:p></w:tc>"


def _add_rows(table: Table, rows: Iterable[Cells], columns: int) -> None:
    """Append ``rows`` as table rows, written as XML in one go: python-docx's ``add_row`` and
    ``cell.text`` walk the whole table for each cell, which takes minutes for the tables of a
    500-measure report."""
    body = "".join(
        "<w:tr>" + "".join(_cell_xml(text) for text in _checked(values, columns)) + "</w:tr>"
        for values in rows
    )
    if body:
        for row in parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>"):
            table._tbl.append(row)


def _checked(values: Cells, columns: int) -> Cells:
    if len(values) != columns:
        raise ValueError(f"a row of {len(values)} cells in a table of {columns} columns")
    return values


def add_table(
    document: WordDocument,
    header: Cells,
    rows: Iterable[Cells],
    *,
    caption: str,
    widths: Sequence[float] | None = None,
    font_size: float = 8.5,
) -> Table:
    """A captioned table with a marked, repeating header row; ``widths`` in centimetres."""
    add_caption(document, caption)
    table: Table = document.add_table(rows=1, cols=len(header))
    table.style = _table_style(document, font_size)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _add_rows(table, rows, len(header))
    _mark_header_row(table)
    _describe(table, caption)
    if widths is not None:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for cell, width in zip(table.rows[0].cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def shade(cell: _Cell, rag: Rag | None) -> None:
    """A RAG cell's background colour; its text always says the rating too."""
    if rag is None:
        return
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), RAG_FILLS[rag])
    cell._tc.get_or_add_tcPr().append(shading)


class Pictures:
    """PNG pictures with alt text, added quickly: python-docx, for every picture, compares its
    hash with every earlier picture's and scans the whole document for a free id, which takes
    minutes for a report with hundreds of charts. Here each distinct PNG is stored once, found
    by its hash, and ids are counted."""

    def __init__(self, document: WordDocument) -> None:
        self.part = document.part
        self.stored: dict[str, ImagePart] = {}
        used = [int(i) for i in self.part.element.xpath("//@id") if str(i).isdigit()]
        self.next_id = max(used, default=0) + 1

    def add(
        self, paragraph: Paragraph, png: bytes, *, width_cm: float, alt: str, title: str
    ) -> None:
        """``png`` in ``paragraph``, ``width_cm`` wide, with its alt text (``docPr descr``)
        and title; nothing for an empty ``png``."""
        if not png:
            return
        image = Image.from_blob(png)
        stored = self.stored.get(image.sha1)
        if stored is None:
            # python-docx's own step for a new picture, without its search of every earlier one.
            stored = self.part.package.image_parts._add_image_part(image)
            self.stored[image.sha1] = stored
        relation = self.part.relate_to(stored, RT.IMAGE)
        width, height = image.scaled_dimensions(Cm(width_cm), None)
        inline = CT_Inline.new_pic_inline(self.next_id, relation, image.filename, width, height)
        self.next_id += 1
        paragraph.add_run()._r.add_drawing(inline)
        inline.docPr.set("descr", alt)
        inline.docPr.set("title", title)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word brings the page numbers up to date on opening
    run.append(char)
    paragraph._p.append(run)


class Contents:
    """A table of contents: Word's TOC field over Heading 1 and 2, whose result is filled in
    with the headings (so it reads before Word updates it) and marked for updating, so Word
    adds the page numbers when the document opens."""

    LEVELS = 2

    def __init__(self, document: WordDocument) -> None:
        self.document = document
        start = document.add_paragraph()
        _field_char(start, "begin")
        run = OxmlElement("w:r")
        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = f' TOC \\o "1-{self.LEVELS}" \\h \\z \\u '
        run.append(instruction)
        start._p.append(run)
        _field_char(start, "separate")
        self.end = document.add_paragraph()
        _field_char(self.end, "end")
        settings = document.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    def _style(self, level: int) -> str:
        name = f"TOC {level}"
        styles = self.document.styles
        if name not in [style.name for style in styles]:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            style.paragraph_format.space_after = Pt(2)
        return name

    def fill(self) -> None:
        """List the document's headings as the field's result (call once all are written)."""
        levels = {
            self.document.styles[f"Heading {level}"].style_id: level
            for level in range(1, self.LEVELS + 1)
        }
        for paragraph in self.document.paragraphs:
            level = levels.get(paragraph._p.style or "")  # the style's id, looked up cheaply
            if level is not None and paragraph.text:
                self.end.insert_paragraph_before(paragraph.text, style=self._style(level))
