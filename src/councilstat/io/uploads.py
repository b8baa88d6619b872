"""Check an uploaded file's bytes before anything reads it, and name it safely.

``check_upload`` refuses a file by its name and its content: an .xlsx or .csv of at most
5 MB; a workbook must be a zip file that passes the zip-bomb guard in ``io.tables`` (and that
openpyxl can open) and has no macros; a CSV must be text. It takes the bytes as uploaded:
nothing is written to disk, and the user's filename is only ever shown, never used as a path.

``check_plan_upload`` does the same for a whole plan, which comes as one .xlsx workbook, one
.zip of its CSV files, or its CSV files together (``measures.csv``, ``targets.csv``,
``observations.csv``, ``plan.csv``): several CSV files are kept as one .zip, made in memory,
which ``io.plan_reader.read_plan_upload`` reads.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from councilstat.io.plan_reader import PLAN_FILES
from councilstat.io.problems import DataFileError
from councilstat.io.tables import read_workbook_tables, read_zip_files

__all__ = [
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_ROWS",
    "MAX_UPLOAD_UNPACKED_BYTES",
    "SUFFIXES",
    "UploadRefused",
    "check_plan_upload",
    "check_upload",
    "display_name",
]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_UNPACKED_BYTES = 20 * 1024 * 1024
"""How much an uploaded workbook may unpack to (its members' uncompressed sizes together),
checked before anything is unpacked: enough for 100,000 values, and a preview's reading stays
within a few seconds and 200 MB."""
MAX_UPLOAD_ROWS = 100_000
"""Rows an uploaded CSV file, or any sheet of an uploaded workbook, may have (blank rows
count: a sheet of a million empty rows unpacks to a few MB but costs seconds to read); a
larger file is imported with ``manage.py import_values``."""
SUFFIXES = (".xlsx", ".csv")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an encrypted (password-protected) workbook
_WHOLE_PLAN = (
    "a whole plan must be an .xlsx workbook with measures, targets and observations sheets, "
    "a .zip of its CSV files, or its CSV files together (measures.csv, targets.csv, "
    "observations.csv)"
)


class UploadRefused(Exception):
    """The file cannot be imported at all; the message says why, naming the file."""


def display_name(name: str) -> str:
    """The uploaded file's own name, made safe to show: no folders, no odd characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._() -]+", "_", base).strip(" .")
    return cleaned[-100:] or "upload"


def check_upload(name: str, content: bytes, *, whole_plan: bool) -> str:
    """Refuse a file by its extension and its content; returns the name to show for it."""
    shown = display_name(name)
    suffix = PurePosixPath(shown).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(f"{shown} must be an .xlsx workbook or a .csv file")
    if whole_plan and suffix != ".xlsx":
        raise UploadRefused(f"{shown}: {_WHOLE_PLAN}")
    if not content:
        raise UploadRefused(f"{shown} is empty")
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"{shown} must be smaller than 5 MB")
    if suffix == ".xlsx":
        _check_workbook(shown, content)
    else:
        _check_csv(shown, content)
    return shown


def _check_workbook(shown: str, content: bytes) -> None:
    if content.startswith(_OLE_MAGIC):
        raise UploadRefused(
            f"{shown} is password-protected or an old .xls workbook: save it as an .xlsx "
            "workbook without a password"
        )
    if not content.startswith(b"PK\x03\x04"):
        raise UploadRefused(f"{shown} is not an .xlsx workbook (its content is not a zip file)")
    _check_unpacked(shown, content)
    _check_sheet_rows(shown, content)
    try:
        read_workbook_tables(content, (), name="upload.xlsx")  # the zip-bomb guard, then openpyxl
    except DataFileError as error:
        raise UploadRefused(f"{shown}: {error.problems[0].message}") from None
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
            raise UploadRefused(f"{shown} contains macros: save it as an .xlsx without macros")


def _check_unpacked(shown: str, content: bytes) -> None:
    """Refuse a workbook that unpacks to more than ``MAX_UPLOAD_UNPACKED_BYTES``, from the
    sizes its zip directory declares, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise UploadRefused(f"{shown}: not an .xlsx workbook (it is not a zip file)") from None
    if unpacked > MAX_UPLOAD_UNPACKED_BYTES:
        limit = MAX_UPLOAD_UNPACKED_BYTES // (1024 * 1024)
        raise UploadRefused(
            f"{shown} unpacks to {unpacked / (1024 * 1024):,.0f} MB, more than the {limit} MB "
            "a workbook uploaded here may hold: save its observations sheet as a CSV file, "
            "split it, or ask an administrator to import it with manage.py import_values"
        )


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CHUNK = 1024 * 1024


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes, unpacked a megabyte at a time (never more than it declares)."""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _check_sheet_rows(shown: str, content: bytes) -> None:
    """Refuse a workbook with a sheet of more than ``MAX_UPLOAD_ROWS`` rows, counting the
    sheet's ``<row>`` elements as it unpacks (within the unpacked-size limit already checked),
    before openpyxl reads a row."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.infolist():
                if not member.filename.startswith("xl/worksheets/"):
                    continue
                rows, tail = 0, b""
                for chunk in _chunks(archive, member):
                    # A tag cut in two by the chunk's edge is counted in the next window.
                    window = tail + chunk
                    rows += len(_ROW_TAG.findall(window))
                    tail = window[-16:]
                    rows -= len(_ROW_TAG.findall(tail))
                    if rows > MAX_UPLOAD_ROWS + 1:  # the heading row besides
                        raise UploadRefused(
                            f"{shown} has a sheet of more than {MAX_UPLOAD_ROWS:,} rows (blank "
                            "rows count): delete the empty rows below the values, split it, or "
                            "ask an administrator to import it with manage.py import_values"
                        )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        return  # a damaged workbook: openpyxl's opening, next, names the problem


def _check_csv(shown: str, content: bytes) -> None:
    rows = content.count(b"\n")
    if rows > MAX_UPLOAD_ROWS:
        raise UploadRefused(
            f"{shown} has {rows:,} rows, more than the {MAX_UPLOAD_ROWS:,} a file uploaded "
            "here may have: split it, or ask an administrator to import it with manage.py "
            "import_values"
        )
    if b"\x00" in content:
        raise UploadRefused(f"{shown} is not a CSV text file (it contains binary data)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return
    raise UploadRefused(f"{shown} cannot be read as text: save it as CSV UTF-8")


def check_plan_upload(files: Sequence[tuple[str, bytes]]) -> tuple[str, bytes]:
    """Refuse a whole plan's upload by its files' names and contents, as ``check_upload`` does.

    ``files`` are the uploaded (name, bytes): one .xlsx workbook, one .zip of the plan's CSV
    files, or the CSV files themselves. Returns the name to show and the bytes to keep: the
    workbook's or the .zip's own, or for CSV files a .zip of them made in memory (named by
    the files it holds, so ``read_plan_upload`` reads it as a .zip).
    """
    if not files:
        raise UploadRefused("Select a file")
    suffixes = [PurePosixPath(display_name(name)).suffix.lower() for name, _ in files]
    if len(files) == 1 and suffixes[0] == ".xlsx":
        name, content = files[0]
        return check_upload(name, content, whole_plan=True), content
    if len(files) == 1 and suffixes[0] == ".zip":
        return _check_zip_of_csv(*files[0])
    if any(suffix != ".csv" for suffix in suffixes):
        shown = ", ".join(display_name(name) for name, _ in files)
        raise UploadRefused(f"{shown}: {_WHOLE_PLAN}")
    checked = [(check_upload(name, content, whole_plan=False), content) for name, content in files]
    names = [shown for shown, _ in checked]
    _check_plan_files(names, ", ".join(names))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for shown, content in checked:
            archive.writestr(shown, content)
    return ", ".join(names)[:200], buffer.getvalue()


def _check_plan_files(names: list[str], shown: str) -> None:
    """The CSV files must be a plan's, each once, with ``measures.csv`` among them."""
    for name in names:
        if name.lower() not in PLAN_FILES:
            raise UploadRefused(
                f"{name} is not one of a plan's files: name them {', '.join(PLAN_FILES[1:])} "
                "(and plan.csv for the plan's title)"
            )
    lowered = [name.lower() for name in names]
    repeated = sorted({name for name in lowered if lowered.count(name) > 1})
    if repeated:
        raise UploadRefused(f"{', '.join(repeated)} was given more than once")
    if "measures.csv" not in lowered:
        raise UploadRefused(f"{shown}: {_WHOLE_PLAN}")


def _check_zip_of_csv(name: str, content: bytes) -> tuple[str, bytes]:
    shown = display_name(name)
    if not content:
        raise UploadRefused(f"{shown} is empty")
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"{shown} must be smaller than 5 MB")
    if not content.startswith(b"PK\x03\x04"):
        raise UploadRefused(f"{shown} is not a .zip file")
    try:
        members = read_zip_files(content, name=shown)
    except DataFileError as error:
        raise UploadRefused("; ".join(str(p) for p in error.problems)) from None
    plan_files = {member: data for member, data in members.items() if member.lower() in PLAN_FILES}
    if "measures.csv" not in {member.lower() for member in plan_files}:
        raise UploadRefused(
            f"{shown} has no measures.csv: a .zip of a plan holds measures.csv, targets.csv "
            "and observations.csv"
        )
    for member, data in plan_files.items():
        _check_csv(member, data)
    return shown, content
