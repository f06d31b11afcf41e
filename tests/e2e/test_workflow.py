"""scan -> review -> apply -> verify, bad input and bad arguments, through the CLI."""

from __future__ import annotations

import csv
import shutil
import socket
from pathlib import Path

import pymupdf
import pytest
from conftest import FIXTURES, invoke

from redactor.errors import ExitCode


def first_fixture() -> Path:
    return sorted(FIXTURES.glob("*.pdf"))[0]


def one_pdf_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(first_fixture(), folder / "sub" / first_fixture().name)
    return folder


def read_rows(out: Path) -> tuple[list[str], list[dict[str, str]]]:
    with (out / "redaction-log.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(out: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with (out / "redaction-log.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def clean_text(out: Path, rel: str) -> str:
    with pymupdf.open(out / "redacted" / rel) as doc:
        return " ".join(" ".join(str(p.get_text()) for p in doc).split())


def test_review_then_apply_burns_exactly_what_is_accepted(tmp_path: Path) -> None:
    folder, out = one_pdf_folder(tmp_path), tmp_path / "out"
    assert invoke("scan", str(folder), "-o", str(out)).exit_code == ExitCode.OK
    rel = f"sub/{first_fixture().name}"
    assert (out / "annotated" / rel).is_file()

    refused = invoke("apply", str(out))
    assert refused.exit_code == ExitCode.LOG_NOT_READY
    assert "still 'proposed'" in refused.output
    assert not (out / "redacted").exists(), "nothing is burned while rows are undecided"

    header, rows = read_rows(out)
    rejected_text = rows[0]["text"]
    for row in rows:
        same = row["text"] == rejected_text
        row["decision"] = "reject" if same else "accept"
        row["reviewer"] = "Officer B"
    write_rows(out, header, rows)
    result = invoke("apply", str(out))
    assert result.exit_code == ExitCode.OK, result.output
    text = clean_text(out, rel)
    assert " ".join(rejected_text.split()) in text, "a rejected row stays visible"
    for row in rows:
        if (
            row["decision"] == "accept"
            and len(row["text"]) > 3
            and row["text"] not in rejected_text
        ):
            assert row["text"] not in text
    assert invoke("verify", str(out)).exit_code == ExitCode.OK


def test_accept_proposed_flag(tmp_path: Path) -> None:
    folder, out = one_pdf_folder(tmp_path), tmp_path / "out"
    invoke("scan", str(folder), "-o", str(out))
    result = invoke("apply", str(out), "--accept-proposed", "--reviewer", "Officer A")
    assert result.exit_code == ExitCode.OK, result.output
    _, rows = read_rows(out)
    assert {(r["decision"], r["reviewer"]) for r in rows} == {("accept", "Officer A")}
    assert all(r["decided_at"] for r in rows)


def test_invalid_rows_stop_apply_with_row_numbers(tmp_path: Path) -> None:
    folder, out = one_pdf_folder(tmp_path), tmp_path / "out"
    invoke("scan", str(folder), "-o", str(out))
    header, rows = read_rows(out)
    for row in rows:
        row["decision"] = "accept"
    rows[1]["exemption"] = "s99(9)"
    rows[2]["page"] = "999"
    write_rows(out, header, rows)
    result = invoke("apply", str(out))
    assert result.exit_code == ExitCode.LOG_NOT_READY
    assert "row 3" in result.output and "unknown exemption 's99(9)'" in result.output
    assert "row 4" in result.output and "beyond the last page" in result.output
    assert not (out / "redacted").exists()


def test_verify_fails_on_a_clean_copy_that_still_has_the_text(tmp_path: Path) -> None:
    folder, out = one_pdf_folder(tmp_path), tmp_path / "out"
    assert invoke("run", str(folder), "-o", str(out)).exit_code == ExitCode.OK
    rel = f"sub/{first_fixture().name}"
    shutil.copy(folder / rel, out / "redacted" / rel)  # someone swapped in the original
    result = invoke("verify", str(out))
    assert result.exit_code == ExitCode.VERIFY_FAILED
    assert f"FAILED: {rel} page 1 [log id " in result.output


def test_bad_inputs_are_named_and_the_batch_continues(tmp_path: Path) -> None:
    folder = one_pdf_folder(tmp_path)
    good = (folder / "sub" / first_fixture().name).read_bytes()
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a pdf")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])  # repairable
    (folder / "stub.pdf").write_bytes(good[:300])  # nothing left to repair
    (folder / "renamed.pdf").write_bytes(b"<html>this is a web page</html>")
    out = tmp_path / "out"
    result = invoke("run", str(folder), "-o", str(out))
    assert result.exit_code == ExitCode.INPUT_FAILED
    for name, problem in [
        ("notes.docx", "is not a PDF"),
        ("empty.pdf", "is empty"),
        ("stub.pdf", "cannot be opened as a PDF, even after trying to repair it"),
        ("renamed.pdf", "is not a PDF"),
    ]:
        lines = [line for line in result.output.splitlines() if line.startswith(f"failed: {name}")]
        assert len(lines) == 1 and problem in lines[0], result.output
    assert (out / "redacted" / "sub" / first_fixture().name).is_file()
    repaired = [line for line in result.output.splitlines() if line.startswith("warning: trunc")]
    assert len(repaired) == 1 and "[repaired]" in repaired[0], result.output
    assert "compare that with the original" in repaired[0]
    assert (out / "redacted" / "truncated.pdf").is_file()


def test_encrypted_input_is_refused_with_advice(tmp_path: Path) -> None:
    folder = one_pdf_folder(tmp_path)
    with pymupdf.open(folder / "sub" / first_fixture().name) as doc:
        doc.save(
            folder / "locked.pdf",
            encryption=pymupdf.PDF_ENCRYPT_AES_256,
            owner_pw="owner",
            user_pw="user",
        )
    result = invoke("scan", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert "failed: locked.pdf: is encrypted with a password" in result.output


@pytest.mark.parametrize(
    "args",
    [["scan", "/no/such/folder", "-o", "x"], ["apply", "/no/such/folder"], ["scan"]],
)
def test_bad_arguments_exit_2(args: list[str]) -> None:
    assert invoke(*args).exit_code == ExitCode.BAD_ARGUMENTS


def test_output_folder_must_differ_from_input(tmp_path: Path) -> None:
    folder = one_pdf_folder(tmp_path)
    assert invoke("scan", str(folder), "-o", str(folder)).exit_code == ExitCode.BAD_ARGUMENTS


def test_run_makes_no_network_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("redactor tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    folder = one_pdf_folder(tmp_path)
    result = invoke("run", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.OK, result.output
