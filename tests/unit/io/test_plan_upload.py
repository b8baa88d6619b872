"""A whole plan read from uploaded bytes: CSV files by name, a .zip of them, or a workbook; the
upload checks for a whole plan. Nothing is written to disk."""

from __future__ import annotations

import io
import zipfile

import pytest

from councilstat.io.plan_reader import read_plan, read_plan_files, read_plan_upload
from councilstat.io.problems import DataFileError
from councilstat.io.tables import read_zip_files
from councilstat.io.uploads import UploadRefused, check_plan_upload
from tests.unit.io.plan_files import MEASURES, OBSERVATIONS, TARGETS, write_plan, write_workbook


def csv_bytes(lines):
    return ("\r\n".join(lines) + "\r\n").encode()


FILES = {
    "measures.csv": csv_bytes(MEASURES),
    "targets.csv": csv_bytes(TARGETS),
    "observations.csv": csv_bytes(OBSERVATIONS),
}


def zipped(files, folder=""):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{folder}{name}", content)
    return buffer.getvalue()


def test_csv_files_read_as_the_folder_does(tmp_path):
    from_folder = read_plan(write_plan(tmp_path / "plan"))
    assert read_plan_files(FILES) == from_folder
    assert read_plan_files({name.upper(): c for name, c in FILES.items()}).plan == from_folder.plan


def test_a_zip_with_a_folder_and_hidden_files_reads_the_same(tmp_path):
    extra = {**FILES, "__MACOSX/._measures.csv": b"\0\1", ".DS_Store": b"\0"}
    loaded = read_plan_upload(zipped(extra, folder="plan/"), name="plan.zip")
    assert loaded == read_plan(write_plan(tmp_path / "plan"))


def test_workbook_bytes_read_as_the_file_does(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx")
    assert read_plan_upload(path.read_bytes(), name="plan.xlsx") == read_plan(path)


def test_problems_name_each_csv_file_by_row_and_column():
    bad = {**FILES, "observations.csv": csv_bytes([*OBSERVATIONS, "1A2,2019/20 Q3,lots,,,"])}
    with pytest.raises(DataFileError) as raised:
        read_plan_upload(zipped(bad), name="plan.zip")
    assert [str(p) for p in raised.value.problems] == [
        "observations.csv:8:value: 'lots' is not a number"
    ]


def test_other_files_are_warned_about_and_a_missing_measures_is_a_problem():
    loaded = read_plan_files({**FILES, "notes.txt": b"hello"})
    assert str(loaded.warnings[0]).startswith("notes.txt: not one of a plan's files")
    with pytest.raises(DataFileError) as raised:
        read_plan_files({"targets.csv": FILES["targets.csv"]}, where="plan.zip")
    assert str(raised.value.problems[0]) == (
        "plan.zip: measures is missing (measures.csv or a sheet)"
    )


def test_a_zip_bomb_is_refused_unread():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("measures.csv", "w") as member,
    ):
        for _ in range(51):
            member.write(b"\0" * (1024 * 1024))
    with pytest.raises(DataFileError, match="1 problem"):
        read_zip_files(buffer.getvalue(), name="bomb.zip")
    with pytest.raises(UploadRefused, match="unpacks to more than is allowed"):
        check_plan_upload([("bomb.zip", buffer.getvalue())])


def test_two_files_of_one_name_in_a_zip_are_refused():
    content = zipped({"a/measures.csv": b"x", "b/measures.csv": b"y"})
    with pytest.raises(DataFileError) as raised:
        read_zip_files(content, name="plan.zip")
    assert str(raised.value.problems[0]) == "plan.zip: measures.csv appears more than once"


def test_csv_files_are_kept_as_one_zip_of_them():
    shown, content = check_plan_upload(list(FILES.items()))
    assert shown == "measures.csv, targets.csv, observations.csv"
    assert read_zip_files(content, name=shown) == FILES
    assert read_plan_upload(content, name=shown) == read_plan_files(FILES)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("values.csv", b"code\r\n"), ("measures.csv", b"code\r\n")], "values.csv is not one"),
        ([("targets.csv", b"code\r\n")], "targets.csv: a whole plan must be an .xlsx workbook"),
        (
            [("measures.csv", b"code\r\n"), ("Measures.csv", b"code\r\n")],
            "measures.csv was given more than once",
        ),
        ([("measures.csv", b"a\0b")], "measures.csv is not a CSV text file"),
        ([("plan.zip", b"not a zip")], "plan.zip is not a .zip file"),
        ([("plan.zip", zipped({"targets.csv": b"code"}))], "plan.zip has no measures.csv"),
        ([("plan.zip", zipped({"measures.csv": b"a\0b"}))], "measures.csv is not a CSV text"),
        ([("plan.xlsx", b"x"), ("measures.csv", b"code")], "a whole plan must be an .xlsx"),
        ([("plan.ods", b"x")], "plan.ods: a whole plan must be an .xlsx workbook"),
    ],
)
def test_a_wrong_plan_upload_is_refused_with_a_clear_message(files, message):
    with pytest.raises(UploadRefused) as refused:
        check_plan_upload(files)
    assert message in str(refused.value)
