"""Reading a hand-written TOML file: what parses, and each way it fails as one typed problem with
its place. config.toml and clips.toml both read through here and only word these problems, so
their own tests pin the sentences, and the finding is tested once, here."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from kiosk.core.toml_file import (
    BadSyntax,
    NestedTooDeep,
    NotUtf8,
    NumberTooLong,
    TomlFile,
    TomlProblem,
    Unreadable,
    read_toml,
)


def read(tmp_path: Path, content: str | bytes) -> TomlFile | TomlProblem:
    path = tmp_path / "some.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return read_toml(path)


def test_a_good_file_gives_its_table_and_its_text(tmp_path: Path) -> None:
    text = '[session]\nminutes = 12\n\n[[clip]]\nfile = "a.mp4"\n'
    assert read(tmp_path, text) == TomlFile(
        {"session": {"minutes": 12}, "clip": [{"file": "a.mp4"}]}, text
    )


def test_an_empty_file_is_an_empty_table(tmp_path: Path) -> None:
    assert read(tmp_path, "") == TomlFile({}, "")


def test_a_windows_byte_order_mark_is_dropped_from_the_table_and_the_text(tmp_path: Path) -> None:
    assert read(tmp_path, b"\xef\xbb\xbfminutes = 12\n") == TomlFile(
        {"minutes": 12}, "minutes = 12\n"
    )


def test_a_byte_order_mark_inside_the_text_is_still_refused(tmp_path: Path) -> None:
    found = read(tmp_path, b"a = 1\n\xef\xbb\xbfb = 2\n")
    assert isinstance(found, BadSyntax) and found.line == 2


def test_text_in_another_encoding_names_the_line_of_its_first_bad_byte(tmp_path: Path) -> None:
    # "café" in Latin-1 on line 3; the UTF-8 "é" on line 2 is fine.
    assert read(tmp_path, b'a = 1\nb = "caf\xc3\xa9"\nc = "caf\xe9"\n') == NotUtf8(line=3)


def test_a_byte_order_mark_does_not_shift_the_line_of_a_bad_byte(tmp_path: Path) -> None:
    assert read(tmp_path, b'\xef\xbb\xbfa = 1\nb = "\xff"\n') == NotUtf8(line=2)


def test_a_syntax_error_gives_tomllibs_reason_with_its_line_and_column(tmp_path: Path) -> None:
    assert read(tmp_path, "[session]\nminutes = 15\nchime = \n") == BadSyntax(
        "invalid value", line=3, column=9
    )


def test_a_syntax_error_at_the_end_gives_the_last_line_and_no_column(tmp_path: Path) -> None:
    assert read(tmp_path, '[[clip]]\nfile = "a.mp4"\ntitle =') == BadSyntax(
        "invalid value", line=3, column=None
    )


def test_a_syntax_error_at_the_end_of_an_almost_empty_file_is_on_line_one(tmp_path: Path) -> None:
    found = read(tmp_path, "a")
    assert isinstance(found, BadSyntax)
    assert (found.line, found.column) == (1, None)


@pytest.mark.parametrize(
    "nested", ["[" * 100_000 + "]" * 100_000, "{a = " * 100_000 + "}" * 100_000]
)
def test_arrays_or_tables_nested_past_tomllibs_recursion_are_too_deep(
    tmp_path: Path, nested: str
) -> None:
    assert read(tmp_path, f"ok = 1\nx = {nested}\n") == NestedTooDeep()


def test_an_integer_past_pythons_digit_limit_names_the_limit(tmp_path: Path) -> None:
    limit = sys.get_int_max_str_digits()
    assert read(tmp_path, "x = " + "9" * (limit + 1) + "\n") == NumberTooLong(limit)


def test_an_integer_within_the_digit_limit_reads(tmp_path: Path) -> None:
    limit = sys.get_int_max_str_digits()
    found = read(tmp_path, "x = " + "9" * limit + "\n")
    assert isinstance(found, TomlFile) and found.table["x"] == int("9" * limit)


def test_a_missing_file_is_unreadable_with_the_os_error(tmp_path: Path) -> None:
    found = read_toml(tmp_path / "missing.toml")
    assert isinstance(found, Unreadable)
    assert isinstance(found.error, FileNotFoundError) and not found.is_folder


def test_a_folder_in_place_of_the_file_is_unreadable_and_said_to_be_a_folder(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "some.toml"
    folder.mkdir()
    found = read_toml(folder)
    assert isinstance(found, Unreadable) and found.is_folder


def test_a_file_the_os_refuses_is_unreadable_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "some.toml"
    path.write_text("a = 1\n", encoding="utf-8")
    refusal = PermissionError(errno.EACCES, "Permission denied", str(path))

    def refuse(self: Path) -> bytes:
        raise refusal

    # Patched rather than chmod-ed: root (as in many CI containers) reads any file regardless.
    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert read_toml(path) == Unreadable(refusal, is_folder=False)
