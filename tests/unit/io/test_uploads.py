"""Upload checks on the bytes as uploaded: nothing written to disk, the name only ever shown."""

from __future__ import annotations

import io
import zipfile

import pytest

from councilstat.io.tables import read_workbook_tables
from councilstat.io.uploads import UploadRefused, check_upload, display_name
from tests.unit.io.plan_files import write_workbook


def test_a_good_workbook_and_a_good_csv_pass_with_their_names(tmp_path):
    workbook = write_workbook(tmp_path / "plan.xlsx").read_bytes()
    assert check_upload("C:\\Users\\me\\plan.xlsx", workbook, whole_plan=True) == "plan.xlsx"
    csv = "code,period,value\r\n1A1,2019/20 Q2,80\r\n".encode("cp1252")
    assert check_upload("values.csv", csv, whole_plan=False) == "values.csv"


@pytest.mark.parametrize(
    ("name", "shown"),
    [("../../etc/cron.d/values.csv", "values.csv"), ("a<b>.csv", "a_b_.csv"), ("..", "upload")],
)
def test_a_name_is_made_safe_to_show(name, shown):
    assert display_name(name) == shown


def test_a_workbook_with_macros_is_refused(tmp_path):
    buffer = io.BytesIO(write_workbook(tmp_path / "plan.xlsx").read_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(UploadRefused, match=r"^macros\.xlsx contains macros"):
        check_upload("macros.xlsx", buffer.getvalue(), whole_plan=True)


def test_a_damaged_workbook_is_refused_by_the_zip_guard():
    with pytest.raises(UploadRefused, match="not an .xlsx workbook .it is not a zip file.$"):
        check_upload("cut.xlsx", b"PK\x03\x04" + b"\0" * 100, whole_plan=True)


def test_workbook_bytes_read_as_the_file_does(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx")
    from_bytes = read_workbook_tables(path.read_bytes(), ("measures",), name="plan.xlsx")
    assert from_bytes == read_workbook_tables(path, ("measures",))
