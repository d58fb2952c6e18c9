"""Reading clips.toml: the entries it gives, and each problem with its exact line and sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.core.library.sidecar.entry import SidecarEntry
from kiosk.core.library.sidecar.parse import SIDECAR_NAME, SidecarProblem, parse_sidecar

VALID_TIMES = "use seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)"
FOLDER = ", so every video in this folder is hidden"
WRITE_HIDE = "write hide = true to hide the file, or hide = false to play it"
# Two sentences run together: an end mark, a space, and a capital.
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


def parse(
    tmp_path: Path, text: str | bytes
) -> tuple[list[SidecarEntry], list[tuple[int | None, str]]]:
    """The entries of a clips.toml with this text, and its problems as (line, message)."""
    path = tmp_path / SIDECAR_NAME
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    entries, problems = parse_sidecar(path)
    for problem in problems:
        assert problem.path == path
        assert "\n" not in problem.message
        assert not SENTENCE_BREAK.search(problem.message), f"not one sentence: {problem.message}"
    return entries, [(problem.line, problem.message) for problem in problems]


def test_a_good_file_gives_every_entry_with_its_line(tmp_path: Path) -> None:
    entries, problems = parse(
        tmp_path,
        "# Clips for the penguin film\n"
        "\n"
        "[[clip]]\n"
        'file = "Episode 01.mp4"   # the first one\n'
        'start = "1:30"\n'
        'end = "2:15"\n'
        'title = "The penguins slide"\n'
        "\n"
        "[[ clip ]]\n"
        "file = 'Episode 01.mp4'\n"
        "start = 200\n"
        "\n"
        '[["clip"]]\n'
        'file = "Bloopers.mkv"\n'
        "hide = true\n"
        "\n"
        "[[clip]]\n"
        'file = "Caf\u00e9 song.mp4"\n'
        'title = """Café\n   song"""\n'
        "[[clip]]\n"
        'file = "Credits.mp4"\n'
        'end = "0:05.5"\n'
        "hide = false\n",
    )
    assert problems == []
    assert entries == [
        SidecarEntry("Episode 01.mp4", 3, "The penguins slide", 90.0, 135.0, hide=False),
        SidecarEntry("Episode 01.mp4", 9, None, 200.0, None, hide=False),
        SidecarEntry("Bloopers.mkv", 13, None, None, None, hide=True),
        SidecarEntry("Caf\u00e9 song.mp4", 17, "Café song", None, None, hide=False),
        SidecarEntry("Credits.mp4", 21, None, None, 5.5, hide=False),
    ]


def test_a_title_is_one_line_of_printable_text(tmp_path: Path) -> None:
    entries, problems = parse(
        tmp_path, '[[clip]]\nfile = "a.mp4"\ntitle = "  Tab\\there\\u0007bell \U0001f427\u200d  "\n'
    )
    assert problems == []
    assert [entry.title for entry in entries] == ["Tab here bell \U0001f427\u200d"]


def test_an_empty_file_is_fine(tmp_path: Path) -> None:
    assert parse(tmp_path, "") == ([], [])


ENTRY = '[[clip]]\nfile = "a.mp4"\n'  # lines 1 and 2 of the cases below


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            ENTRY + 'titel = "Slide"\n',
            [(3, "unknown key 'titel' in this [[clip]] (did you mean 'title'?)")],
            id="unknown-key-close",
        ),
        pytest.param(
            ENTRY + "speed = 2\n",
            [
                (
                    3,
                    "unknown key 'speed' in this [[clip]] (the keys are file, start, end, title, hide)",
                )
            ],
            id="unknown-key-far",
        ),
        pytest.param(
            ENTRY + "[clip.extra]\nx = 1\n",
            [
                (
                    3,
                    "unknown key 'extra' in this [[clip]] (the keys are file, start, end, title, hide)",
                )
            ],
            id="unknown-sub-table",
        ),
        pytest.param(
            '[[clip]]\ntitle = "No file"\n',
            [(1, f'this [[clip]] has no file{FOLDER}: add a line like file = "Episode 01.mp4"')],
            id="file-missing",
        ),
        pytest.param(
            "[[clip]]\n\nfile = 7\n",
            [
                (
                    3,
                    f'file = 7 is not a file name{FOLDER}: write it in quotes, like file = "Episode 01.mp4"',
                )
            ],
            id="file-not-text",
        ),
        pytest.param(
            '[[clip]]\nfile = "Season 1/a.mp4"\n',
            [
                (
                    2,
                    f'file = "Season 1/a.mp4" is a path{FOLDER}: name a file in the same folder as clips.toml',
                )
            ],
            id="file-a-path",
        ),
        pytest.param(
            '[[clip]]\nfile = "Season 1\\\\a.mp4"\n',
            [
                (
                    2,
                    f'file = "Season 1\\\\a.mp4" is a path{FOLDER}: name a file in the same folder as clips.toml',
                )
            ],
            id="file-a-windows-path",
        ),
        pytest.param(
            '[[clip]]\nfile = "  "\n',
            [
                (
                    2,
                    f'file = "  " is not a file name{FOLDER}: name a file in the same folder as clips.toml',
                )
            ],
            id="file-blank",
        ),
        pytest.param(
            '[[clip]]\nfile = ".."\n',
            [
                (
                    2,
                    f'file = ".." is not a file name{FOLDER}: name a file in the same folder as clips.toml',
                )
            ],
            id="file-dot-dot",
        ),
        pytest.param(
            ENTRY + 'start = "1:75"\n',
            [(3, f"start = '1:75' is not a time: {VALID_TIMES}")],
            id="start-bad",
        ),
        pytest.param(
            ENTRY + "start = 0\nend = -4\n",
            [(4, f"end = -4 is not a time: {VALID_TIMES}")],
            id="end-negative",
        ),
        pytest.param(
            ENTRY + "end = true\n",
            [(3, f"end = true is not a time: {VALID_TIMES}")],
            id="end-bool",
        ),
        pytest.param(
            ENTRY + 'end = "1:30"\nstart = "2:00"\n',
            [(3, "end 1:30 is not after start 2:00: use a later end")],
            id="end-before-start",
        ),
        pytest.param(
            ENTRY + "start = 90\nend = '1:30'\n",
            [(4, "end 1:30 is not after start 1:30: use a later end")],
            id="end-equals-start",
        ),
        pytest.param(
            ENTRY + "end = 0\n",
            [(3, "end 0:00 is not after the start of the file: use a later end")],
            id="end-at-zero",
        ),
        pytest.param(
            ENTRY + "title = 3\n",
            [(3, 'title = 3 is not text: write it in quotes, like title = "The penguins slide"')],
            id="title-not-text",
        ),
        pytest.param(
            ENTRY + 'title = " "\n',
            [(3, 'title = " " is empty: write a title, or remove the line')],
            id="title-empty",
        ),
        pytest.param(
            ENTRY + 'hide = "yes"\n',
            [(3, f'hide = "yes" is not true or false: {WRITE_HIDE}')],
            id="hide-not-bool",
        ),
        pytest.param(
            "top = 1\n",
            [(1, f"unknown key 'top'{FOLDER}: clips.toml holds only [[clip]] entries")],
            id="unknown-top-key",
        ),
        pytest.param(
            "[[clips]]\nfile = 'b.mp4'\n",
            [
                (
                    1,
                    f"unknown table [[clips]] (did you mean [[clip]]?){FOLDER}: clips.toml holds only [[clip]] entries",
                )
            ],
            id="unknown-top-array",
        ),
        pytest.param(
            "[settings]\nvolume = 3\n",
            [(1, f"unknown table [settings]{FOLDER}: clips.toml holds only [[clip]] entries")],
            id="unknown-top-table",
        ),
        pytest.param(
            'file = "a.mp4"\n',
            [(1, f"file is outside any [[clip]] entry{FOLDER}: put a [[clip]] line above it")],
            id="entry-key-at-top",
        ),
    ],
)
def test_each_problem_is_one_sentence_at_its_line_and_fails_closed(
    tmp_path: Path, text: str, expected: list[tuple[int, str]]
) -> None:
    good = '\n[[clip]]\nfile = "good.mp4"\n'  # an entry after the bad one still loads
    entries, problems = parse(tmp_path, text + good)
    assert problems == expected
    _, found = parse_sidecar(tmp_path / SIDECAR_NAME)
    if FOLDER in expected[0][1]:
        # Which file the parent meant cannot be told: the whole folder is hidden.
        assert [problem.hides_folder for problem in found] == [True]
        assert [(entry.file, entry.hide) for entry in entries] == [("good.mp4", False)]
    else:
        # The entry at fault hides the file it names, from the line of its problem.
        assert [problem.hides_folder for problem in found] == [False]
        assert [(entry.file, entry.hide, entry.fault_line) for entry in entries] == [
            ("a.mp4", True, expected[0][0]),
            ("good.mp4", False, None),
        ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '\n[clip]\nfile = "a.mp4"\n',
            (2, f"[clip] needs two brackets{FOLDER}: write [[clip]] above each entry"),
        ),
        (
            'clip = "a.mp4"\n',
            (1, f'clip = "a.mp4" is not a list of entries{FOLDER}: write [[clip]] above each'),
        ),
        (
            "clip = [1, 2]\n",
            (1, f"clip = [1, 2] is not a list of entries{FOLDER}: write [[clip]] above each"),
        ),
    ],
    ids=["one-bracket", "text", "list-of-numbers"],
)
def test_a_clip_that_is_not_a_list_of_tables(
    tmp_path: Path, text: str, expected: tuple[int, str]
) -> None:
    assert parse(tmp_path, text) == ([], [expected])


def test_several_problems_in_one_file_come_in_line_order(tmp_path: Path) -> None:
    entries, problems = parse(
        tmp_path,
        '[[clip]]\nfile = "a.mp4"\nstart = "x"\nend = "y"\n\nextra = 1\n\n[options]\nloop = true\n',
    )
    assert entries == [SidecarEntry("a.mp4", 1, None, None, None, hide=True, fault_line=3)]
    assert [line for line, _ in problems] == [3, 4, 6, 8]


def test_the_same_file_and_range_twice_is_reported_at_the_second(tmp_path: Path) -> None:
    entries, problems = parse(
        tmp_path,
        "[[clip]]\nfile = 'a.mp4'\nstart = 10\nend = 20\n"
        "[[clip]]\nfile = 'a.mp4'\nstart = '0:10'\nend = '0:20'\ntitle = 'Again'\n"
        "[[clip]]\nfile = 'a.mp4'\nstart = 10\n"
        "[[clip]]\nfile = 'b.mp4'\ntitle = 'B'\n"
        "[[clip]]\nfile = 'b.mp4'\ntitle = 'Bee'\n",
    )
    assert problems == [
        (5, '"a.mp4" from 0:10 to 0:20 is already given at line 1: remove one of the two'),
        (16, '"b.mp4" is already given at line 13: remove one of the two'),
    ]
    assert [(entry.line, entry.file) for entry in entries] == [
        (1, "a.mp4"),
        (10, "a.mp4"),
        (13, "b.mp4"),
    ]


def test_hide_fails_closed_a_bad_entry_that_hides_still_hides(tmp_path: Path) -> None:
    entries, problems = parse(
        tmp_path,
        "[[clip]]\nfile = 'a.mp4'\nhide = true\nstart = 5\n"
        "[[clip]]\nfile = 'b.mp4'\nhide = true\ntitel = 'B'\n"
        "[[clip]]\nfile = 'c.mp4'\nhide = 'true'\n",
    )
    assert problems == [
        (
            3,
            "hide = true cannot go with start or end: remove hide to play the segment,"
            " or remove start and end to hide the file",
        ),
        (8, "unknown key 'titel' in this [[clip]] (did you mean 'title'?)"),
        (11, f'hide = "true" is not true or false: {WRITE_HIDE}'),
    ]
    assert entries == [
        SidecarEntry("a.mp4", 1, None, None, None, hide=True),
        SidecarEntry("b.mp4", 5, None, None, None, hide=True),
        # Any hide that is not false hides, as the file's problem until it is fixed.
        SidecarEntry("c.mp4", 9, None, None, None, hide=True, fault_line=11),
    ]


def test_a_syntax_error_hides_the_whole_folder_and_names_its_line(tmp_path: Path) -> None:
    # A time without quotes is the likely slip.
    entries, problems = parse(tmp_path, '[[clip]]\nfile = "a.mp4"\n\n[[clip]]\nstart = 1:30\n')
    assert entries == []
    assert problems == [
        (
            5,
            "not valid TOML (expected newline or end of document after a statement), so every"
            " video in this folder is hidden: fix this line",
        )
    ]


def test_a_file_that_is_not_utf8_hides_the_folder_with_the_line_of_the_bad_byte(
    tmp_path: Path,
) -> None:
    entries, problems = parse(tmp_path, b'[[clip]]\nfile = "a.mp4"\ntitle = "Caf\xe9"\n')
    assert entries == []
    assert problems == [(3, f"this line is not UTF-8 text{FOLDER}: save the file as UTF-8")]


def test_a_clips_toml_that_cannot_be_read_is_one_problem_without_a_line(tmp_path: Path) -> None:
    folder = tmp_path / SIDECAR_NAME
    folder.mkdir()
    entries, problems = parse_sidecar(folder)
    assert entries == []
    assert problems == [
        SidecarProblem(
            folder,
            None,
            f"is a folder{FOLDER}: rename that folder, or make clips.toml a text file",
            hides_folder=True,
        )
    ]


def test_a_file_nested_too_deeply_for_tomllib_is_one_problem(tmp_path: Path) -> None:
    entries, problems = parse(tmp_path, "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert entries == []
    assert problems == [
        (
            None,
            f"has arrays or tables nested too deeply to read{FOLDER}: write only [[clip]] entries",
        )
    ]


def test_an_integer_past_pythons_digit_limit_is_one_problem(tmp_path: Path) -> None:
    """tomllib hands int()'s plain ValueError on; one sidecar must not end the library scan."""
    entries, problems = parse(tmp_path, '[[clip]]\nfile = "a.mp4"\nstart = ' + "9" * 5000 + "\n")
    assert entries == []
    assert problems == [
        (
            None,
            f"has a number too long to read (more than 4,300 digits){FOLDER}: {VALID_TIMES}",
        )
    ]


def test_a_time_string_of_thousands_of_digits_is_the_usual_time_problem(tmp_path: Path) -> None:
    text = '[[clip]]\nfile = "a.mp4"\nstart = "' + "9" * 5000 + '"\n'
    entries, problems = parse(tmp_path, text)
    assert entries == [SidecarEntry("a.mp4", 1, None, None, None, hide=True, fault_line=3)]
    assert problems == [(3, f"start = '{'9' * 37}...' is not a time: {VALID_TIMES}")]


def test_lines_skip_multi_line_strings_that_look_like_entries(tmp_path: Path) -> None:
    entries, problems = parse(
        tmp_path,
        '[[clip]]\nfile = "a.mp4"\ntitle = """\n[[clip]]\nstart = 5\n"""\n'
        "[[clip]]\nfile = 'b.mp4'\ntitle = '''\n[[clip]]'''\nstart = 'soon'\n",
    )
    assert [(entry.line, entry.title, entry.fault_line) for entry in entries] == [
        (1, "[[clip]] start = 5", None),
        (7, None, 11),
    ]
    assert problems == [(11, f"start = 'soon' is not a time: {VALID_TIMES}")]


def test_inline_entries_point_at_their_clip_line(tmp_path: Path) -> None:
    entries, problems = parse(
        tmp_path, '\nclip = [\n  {file = "a.mp4", end = 5},\n  {file = "b.mp4", start = "x"},\n]\n'
    )
    assert entries == [
        SidecarEntry("a.mp4", 2, None, None, 5.0, hide=False),
        SidecarEntry("b.mp4", 2, None, None, None, hide=True, fault_line=2),
    ]
    assert problems == [(2, f"start = 'x' is not a time: {VALID_TIMES}")]


def test_a_problem_reads_as_path_line_message(tmp_path: Path) -> None:
    path = tmp_path / SIDECAR_NAME
    assert str(SidecarProblem(path, 4, "oops")) == f"{path}:4: oops"
    assert str(SidecarProblem(path, None, "oops")) == f"{path}: oops"
