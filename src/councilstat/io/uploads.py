"""Check an uploaded file's bytes before anything reads it, and name it safely.

``check_upload`` refuses a file by its name and its content: an .xlsx or .csv of at most
5 MB; a workbook must be a zip file that passes the zip-bomb guard in ``io.tables`` (and that
openpyxl can open) and has no macros; a CSV must be text. It takes the bytes as uploaded:
nothing is written to disk, and the user's filename is only ever shown, never used as a path.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from councilstat.io.problems import DataFileError
from councilstat.io.tables import read_workbook_tables

__all__ = ["MAX_UPLOAD_BYTES", "SUFFIXES", "UploadRefused", "check_upload", "display_name"]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SUFFIXES = (".xlsx", ".csv")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an encrypted (password-protected) workbook


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
        raise UploadRefused(
            f"{shown}: a whole plan must be an .xlsx workbook with measures, targets and "
            "observations sheets"
        )
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
    try:
        read_workbook_tables(content, (), name="upload.xlsx")  # the zip-bomb guard, then openpyxl
    except DataFileError as error:
        raise UploadRefused(f"{shown}: {error.problems[0].message}") from None
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
            raise UploadRefused(f"{shown} contains macros: save it as an .xlsx without macros")


def _check_csv(shown: str, content: bytes) -> None:
    if b"\x00" in content:
        raise UploadRefused(f"{shown} is not a CSV text file (it contains binary data)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return
    raise UploadRefused(f"{shown} cannot be read as text: save it as CSV UTF-8")
