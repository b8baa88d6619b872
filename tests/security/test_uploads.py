"""UP-1, UP-2, UP-5 and UP-6 through the browser import, with every hostile file made here
(none is committed):

- a workbook whose sheet unpacks to more than 1 GB (compression ratio over 1,000) is refused
  from its zip directory, naming the file, with the process's peak memory rising by less than
  50 MB; so is one whose directory lies about the sizes, and one of too many parts;
- entity tricks in a workbook's XML (billion laughs, an external entity naming a file on the
  server) are refused, and the file's contents appear nowhere;
- structurally odd but valid workbooks (hidden sheets, merged headings, formulas with and
  without a saved result, dates as text or serial numbers, trailing blank rows, a full
  1,048,576-row sheet) are read, or refused with a
  message naming the file, sheet, row, column and problem;
- one bad row among 5,000 stores nothing, leaves every stored value as it was and is named
  by file, row and column;
- CSV files as spreadsheets and editors save them are read, or refused with a message: never
  a server error.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from councilstat.web.collection.models import Observation, PendingImport
from tests.integration import factories

REPOSITORY = Path(__file__).resolve().parents[2]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"


def parts(*, shared: bytes, sheet: bytes, book: bytes | None = None) -> dict[str, bytes]:
    """The parts of a small values workbook (code, period, value), with shared strings."""
    return {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
            f'<Override PartName="/{SHEET}" ContentType="{OFFICE}.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{OFFICE}.sharedStrings+xml"/></Types>'
        ).encode(),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": book
        or (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
            '<sheet name="observations" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}">'
            f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELATIONS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ).encode(),
        "xl/sharedStrings.xml": shared,
        SHEET: sheet,
    }


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def shared_strings(last: bytes = b"1A1", prolog: bytes = b"") -> bytes:
    items = b"".join(b"<si><t>%s</t></si>" % text for text in (b"code", b"period", b"value"))
    return (
        prolog + f'<sst xmlns="{MAIN}">'.encode() + items + b"<si><t>" + last + b"</t></si></sst>"
    )


def sheet_rows(period: bytes = b"2019/20 Q2", prolog: bytes = b"") -> bytes:
    header = b"".join(
        b'<c r="%s1" t="s"><v>%d</v></c>' % (column, n)
        for n, column in enumerate((b"A", b"B", b"C"))
    )
    row = (
        b'<row r="2"><c r="A2" t="s"><v>3</v></c>'
        b'<c r="B2" t="inlineStr"><is><t>' + period + b'</t></is></c><c r="C2"><v>81</v></c></row>'
    )
    return prolog + SHEET_HEAD + b'<row r="1">' + header + b"</row>" + row + SHEET_TAIL


def workbook(
    *, shared: bytes | None = None, sheet: bytes | None = None, book: bytes | None = None
) -> bytes:
    return zipped(parts(shared=shared or shared_strings(), sheet=sheet or sheet_rows(), book=book))


class _Repeated:
    """Stands in for a zip member's compressor, so that a gigabyte is not compressed here:
    each chunk of spaces compresses to the same bytes, because the stream is fully flushed
    after every chunk (no chunk refers back to another), so those bytes are computed once."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk = chunk
        self.real = zlib.compressobj(9, zlib.DEFLATED, -15)
        once = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = once.compress(chunk) + once.flush(zlib.Z_FULL_FLUSH)

    def compress(self, data: bytes) -> bytes:
        if data is self.chunk:
            return self.block
        return self.real.compress(data) + self.real.flush(zlib.Z_FULL_FLUSH)

    def flush(self) -> bytes:
        return self.real.flush(zlib.Z_FINISH)


def gigabyte_bomb() -> bytes:
    """A values workbook whose sheet is valid XML of more than 1 GB: the rows, then a
    gigabyte of spaces between two rows. It compresses more than 1,000 to 1."""
    chunk = b" " * (16 * 1024 * 1024)
    members = parts(shared=shared_strings(), sheet=b"")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if name != SHEET:
                archive.writestr(name, content)
        with archive.open(SHEET, "w", force_zip64=True) as member:
            member._compressor = _Repeated(chunk)  # type: ignore[attr-defined]
            whole = sheet_rows()
            member.write(whole[: -len(SHEET_TAIL)])
            for _ in range(65):
                member.write(chunk)
            member.write(SHEET_TAIL)
    return buffer.getvalue()


def upload(user, name: str, content: bytes, plan):
    client = Client()
    client.force_login(user)
    return client, client.post(
        reverse("collection:import"),
        {"kind": "observations", "plan": plan.pk, "file": SimpleUploadedFile(name, content)},
    )


def refused_with(response, *fragments: str) -> str:
    page = response.content.decode()
    assert response.status_code == 200, page[:500]
    assert "There is a problem" in page
    for fragment in fragments:
        assert fragment in page, page[page.find("govuk-error-summary") :][:1500]
    assert not PendingImport.objects.exists()
    return page


MEMORY_PROBE = """
import json, resource, sys, time
from councilstat.io.uploads import UploadRefused, check_upload
content = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
try:
    check_upload("quarter.xlsx", content, whole_plan=False)
    message = None
except UploadRefused as refusal:
    message = str(refusal)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rise_kb": after - before, "seconds": time.monotonic() - started,
                  "message": message}))
"""


def test_a_workbook_that_unpacks_to_over_a_gigabyte_is_refused_unread(council, tmp_path):
    """UP-1: refused from the sizes its zip directory declares, in a fresh process whose peak
    memory rises by less than 50 MB; the message names the file."""
    content = gigabyte_bomb()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    assert unpacked > 1024**3
    assert unpacked / len(content) > 1000
    path = tmp_path / "quarter.xlsx"
    path.write_bytes(content)
    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY / "src")},
    )
    found = json.loads(probe.stdout)
    assert found["message"].startswith("quarter.xlsx unpacks to 1,0")
    assert found["rise_kb"] < 50 * 1024
    assert found["seconds"] < 5
    _, response = upload(council.performance, "quarter.xlsx", content, council.plan)
    refused_with(response, "quarter.xlsx unpacks to", "more than the 20 MB")


def _lying_about_sizes(content: bytes, member: str, declared: int) -> bytes:
    """``content`` with ``member``'s uncompressed size in the zip directory (and its local
    header) changed to ``declared``: a bomb that pretends to be small."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    position = data.find(b"PK\x01\x02")  # the central directory's entries
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, position + 24, declared)
            break
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def test_a_workbook_whose_zip_directory_lies_about_its_size_is_refused(council):
    """UP-1: the declared sizes are also the most that is ever unpacked (zipfile stops there
    and checks the CRC), so a sheet of 60 MB declared as 2 KB cannot get past the guard."""
    sheet = sheet_rows()[: -len(SHEET_TAIL)] + b" " * (60 * 1024 * 1024) + SHEET_TAIL
    content = _lying_about_sizes(workbook(sheet=sheet), SHEET, 2048)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo(SHEET).file_size == 2048
    _, response = upload(council.performance, "small.xlsx", content, council.plan)
    refused_with(response, "small.xlsx: cannot open the workbook: Bad CRC-32")


def test_a_workbook_of_too_many_parts_is_refused(council):
    members = parts(shared=shared_strings(), sheet=sheet_rows())
    members.update({f"xl/media/image{n}.png": b"" for n in range(1_001)})
    _, response = upload(council.performance, "parts.xlsx", zipped(members), council.plan)
    refused_with(response, "parts.xlsx", "unpacks to more than is allowed")


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(1, 10))
    + b"]>"
)


def external(path: Path) -> bytes:
    return b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "%s">]>' % (
        path.as_uri().encode()
    )


@pytest.mark.parametrize("where", ["shared strings", "sheet", "workbook"])
@pytest.mark.parametrize("attack", ["billion laughs", "external entity"])
def test_entity_tricks_in_the_xml_are_refused_and_read_no_file(council, tmp_path, where, attack):
    """UP-2: the XML parsers openpyxl uses expand no external entity (expat refuses it;
    lxml is told not to resolve entities) and stop an entity expansion early: each is
    refused, naming the file."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FROM-THE-SERVER")
    prolog = LAUGHS if attack == "billion laughs" else external(secret)
    entity = b"&lol9;" if attack == "billion laughs" else b"&xxe;"
    if where == "shared strings":
        content = workbook(shared=shared_strings(last=b"1A1" + entity, prolog=prolog))
    elif where == "sheet":
        content = workbook(sheet=sheet_rows(period=b"2019/20 Q2" + entity, prolog=prolog))
    else:
        book = prolog + (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
            '<sheet name="observations&amp;" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode().replace(b"&amp;", entity)
        content = workbook(book=book)
    _, response = upload(council.performance, "entities.xlsx", content, council.plan)
    page = refused_with(response, "entities.xlsx: cannot open the workbook")
    assert "SECRET-FROM-THE-SERVER" not in page
    assert "lollollol" not in page
    assert not Observation.objects.filter(period="2019/20 Q2").exists()


def odd(rows, *, hidden: bool = False, merged: str = "", old_sheet: bool = False) -> bytes:
    """A values workbook made as people make them, with one oddity."""
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    for row in rows:
        sheet.append(row)
    if hidden:  # the values on a hidden sheet, another one shown
        book.create_sheet("notes")
        sheet.sheet_state = "hidden"
    if old_sheet:  # last year's values left on a hidden sheet of another name
        old = book.create_sheet("last year")
        old.append(["code", "period", "value"])
        old.append(["1A1", "2019/20 Q2", 5])
        old.sheet_state = "hidden"
    if merged:
        sheet.merge_cells(merged)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADING = ["code", "period", "value"]
GOOD = ["1A1", "2019/20 Q2", 81]
MILLION = 1_048_576
ODD_WORKBOOKS = {
    "values on a hidden sheet": (odd([HEADING, GOOD], hidden=True), "81.0%"),
    "another hidden sheet": (odd([HEADING, GOOD], old_sheet=True), "81.0%"),
    "trailing blank rows": (odd([HEADING, GOOD, *[[None] * 3] * 50, ["", " ", ""]]), "81.0%"),
    "merged heading cells": (
        odd([HEADING, GOOD], merged="A1:B1"),
        "odd.xlsx:observations:1:period: required column is missing",
    ),
    "a date as text": (
        odd([HEADING, ["1A1", "Sep 2019", 81]]),
        "odd.xlsx:observations:2:period: 1A1 is collected quarterly, so its periods are "
        "quarters like 2019/20 Q2; 2019-09 is a month",
    ),
    "a date as Excel's serial number": (
        odd([HEADING, ["1A1", 43709, 81]]),
        "odd.xlsx:observations:2:period: &#x27;43709&#x27; is not a period",
    ),
    "a date as a date": (
        odd([HEADING, ["1A1", dt.datetime(2019, 9, 1), 81]]),
        "odd.xlsx:observations:2:period: 1A1 is collected quarterly",
    ),
    "a formula with its saved result (as Excel saves it)": (
        workbook(
            sheet=sheet_rows().replace(b'<c r="C2"><v>81</v>', b'<c r="C2"><f>80+1</f><v>81</v>')
        ),
        "81.0%",
    ),
    "a formula no program has calculated": (
        odd([HEADING, ["1A1", "2019/20 Q2", "=80+1"]]),
        "odd.xlsx:observations:2:value: &#x27;=80+1&#x27; is not a number",
    ),
    "1,048,576 rows of values": (
        workbook(
            sheet=sheet_rows()[: -len(SHEET_TAIL)]
            + b'<row><c t="inlineStr"><is><t>1A1</t></is></c><c><v>1</v></c></row>' * (MILLION - 2)
            + SHEET_TAIL
        ),
        "odd.xlsx unpacks to 66 MB, more than the 20 MB",
    ),
    "1,048,576 rows, nearly all empty": (
        workbook(sheet=sheet_rows()[: -len(SHEET_TAIL)] + b"<row/>" * (MILLION - 2) + SHEET_TAIL),
        "odd.xlsx has a sheet of more than 100,000 rows (blank rows count)",
    ),
}


@pytest.mark.parametrize("oddity", list(ODD_WORKBOOKS))
def test_odd_but_valid_workbooks_are_read_or_refused_naming_the_place(council, oddity):
    """UP-4: what can be read is previewed with its value; what cannot gives a message naming
    the file, sheet, row, column and problem; a sheet of a million rows is refused by a limit
    (its size, or its count of rows) before anything reads its rows."""
    content, expected = ODD_WORKBOOKS[oddity]
    client, response = upload(council.performance, "odd.xlsx", content, council.plan)
    if response.status_code == 200:
        refused_with(response, expected)
        return
    assert response.status_code == 302
    assert expected in client.get(response.url).content.decode()


def fingerprint() -> str:
    rows = Observation.objects.order_by("pk").values_list(
        "pk", "measure_id", "period", "value", "status", "version", "commentary", "updated_at"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_one_bad_row_among_five_thousand_stores_nothing(council):
    """UP-5: row 4,000 of 5,000 is not a number. The preview names it by file, row and
    column; confirming stores nothing, and every stored value is as it was."""
    plan = factories.plan(council.plan.organisation, title="Monthly plan")
    codes = [factories.measure(plan, f"M{n:02d}", frequency="monthly").code for n in range(50)]
    months = [f"{2011 + (3 + m) // 12}-{(3 + m) % 12 + 1:02d}" for m in range(100)]
    for code in codes[:5]:
        factories.observation(plan.measures.get(code=code), months[0], 11)
    before = fingerprint()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "period", "value"])
    rows = [[code, month, "50"] for code in codes for month in months]
    rows[3_999][2] = "lots"
    writer.writerows(rows)
    client, response = upload(council.performance, "values.csv", buffer.getvalue().encode(), plan)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "values.csv" in page
    assert "values.csv:4001:value: &#x27;lots&#x27; is not a number" in page  # header: row 1
    assert "Confirm import" not in page
    client.post(response.url, {"action": "confirm"})
    assert fingerprint() == before


CSV_VARIANTS = {
    "UTF-8 with a byte-order mark": (
        "\ufeffcode,period,value\r\n1A1,2019/20 Q2,81\r\n".encode(),
        "81.0%",
    ),
    "Windows-1252, as Excel saves CSV": (
        "code,period,value,note\r\n1A1,2019/20 Q2,81,£ café\r\n".encode("cp1252"),
        "81.0%",
    ),
    "mixed line endings": (
        b"code,period,value\n1A1,2019/20 Q2,81\r\n3B1,2019/20 Q2,82\r",
        "81.0%",
    ),
    "semicolons": (
        b"code;period;value\r\n1A1;2019/20 Q2;81\r\n",
        "values.csv:1:code: required column is missing",
    ),
    "a NUL byte": (
        b"code,period,value\r\n1A1,2019/20 Q2,8\x001\r\n",
        "values.csv is not a CSV text file (it contains binary data)",
    ),
    "a 4 MB field": (
        b"code,period,value,note\r\n1A1,2019/20 Q2,81," + b"x" * (4 * 1024**2) + b"\r\n",
        "values.csv",
    ),
    "a 10 MB field": (
        b"code,period,value,note\r\n1A1,2019/20 Q2,81," + b"x" * (10 * 1024**2),
        "values.csv must be smaller than 5 MB",
    ),
    "an unclosed quote": (
        b'code,period,value\r\n"1A1,2019/20 Q2,81\r\n',
        "values.csv:2:period: the period is empty",
    ),
}


@pytest.mark.parametrize("variant", list(CSV_VARIANTS))
def test_csv_files_as_they_are_saved_are_read_or_refused_in_words(council, variant):
    """UP-6: never a server error; what can be read is previewed with its value, anything
    else is refused, or its problems listed, in words."""
    content, expected = CSV_VARIANTS[variant]
    client, response = upload(council.performance, "values.csv", content, council.plan)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        refused_with(response, expected)
        return
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert expected in preview.content.decode()


@pytest.mark.parametrize(("rows", "refused"), [(100_001, False), (100_002, True)])
def test_the_row_limit_counts_every_row_exactly(rows, refused):
    """The heading and 100,000 rows pass; one more is refused. The rows (a few MB of XML) are
    counted as the sheet unpacks, a megabyte at a time, so tags cut by a chunk's edge count
    once."""
    from councilstat.io.uploads import MAX_UPLOAD_ROWS, UploadRefused, check_upload

    assert MAX_UPLOAD_ROWS == 100_000
    row = b'<row r="9"><c r="A9"><v>1</v></c><c r="B9"><v>2</v></c></row>'
    content = workbook(sheet=SHEET_HEAD + row * rows + SHEET_TAIL)
    if refused:
        with pytest.raises(UploadRefused, match="more than 100,000 rows"):
            check_upload("rows.xlsx", content, whole_plan=False)
    else:
        assert check_upload("rows.xlsx", content, whole_plan=False) == "rows.xlsx"


def test_an_oversized_upload_leaves_no_temporary_file(council, tmp_path, settings, monkeypatch):
    """UP-3: a file over the 5 MB that Django keeps in memory is spooled to a temporary file
    while the request is read; refused, it leaves nothing behind, and nothing is stored."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    spooled = []

    class Recorded(TemporaryUploadedFile):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            spooled.append(Path(self.temporary_file_path()))

    monkeypatch.setattr("django.core.files.uploadhandler.TemporaryUploadedFile", Recorded)
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = b"code,period,value\r\n" + b"1A1,2019/20 Q2,81\r\n" * 290_000
    assert len(content) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    _, response = upload(council.performance, "values.csv", content, council.plan)
    refused_with(response, "values.csv must be smaller than 5 MB")
    assert [path.parent for path in spooled] == [tmp_path]
    assert list(tmp_path.iterdir()) == []
