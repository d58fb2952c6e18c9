"""The week chart's pixels: each bar's height is in proportion to its minutes, each limit mark
sits at its minutes on the same scale, a day with no limit has no mark, and today's bar alone is
in the bright colour."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.core.report.usage import DayUsage
from kiosk.ui.parent.theme import apply_parent_theme
from kiosk.ui.parent.week_chart import BAR, LIMIT, TODAY, WeekChart

FIRST_DAY = date(2026, 11, 20)


def chart_of(
    qtbot: QtBot, minutes: list[float], limits: list[float | None], today: int = -1
) -> tuple[WeekChart, QImage]:
    days = [
        DayUsage(
            FIRST_DAY + timedelta(days=index), watched * 60, limit and limit * 60, (), 0, 0, (), ()
        )
        for index, (watched, limit) in enumerate(zip(minutes, limits, strict=True))
    ]
    chart = WeekChart()
    apply_parent_theme(chart)  # its own background, as the card gives it on the page
    qtbot.addWidget(chart)
    chart.resize(560, 300)
    chart.show()
    qtbot.waitExposed(chart)
    chart.show_days(days, days[today].date)
    return chart, chart.grab().toImage()


def rows_of(image: QImage, x: int, colour: QColor) -> list[int]:
    """The rows of column `x` painted exactly in `colour`."""
    return [y for y in range(image.height()) if image.pixelColor(x, y) == colour]


def bar_column(chart: WeekChart, index: int) -> int:
    return round(chart.slot(index).center().x())


def mark_column(chart: WeekChart, index: int) -> int:
    """Inside the limit mark but beside the bar, which is narrower."""
    slot = chart.slot(index)
    return round(slot.left() + slot.width() * 0.86)


def bar_rows(chart: WeekChart, image: QImage, index: int) -> list[int]:
    x = bar_column(chart, index)
    return rows_of(image, x, BAR) + rows_of(image, x, TODAY)


def test_bar_heights_are_in_proportion_to_the_minutes(qtbot: QtBot) -> None:
    minutes = [30, 75, 10, 45, 15, 60, 20]
    chart, image = chart_of(qtbot, minutes, [None] * 7)
    heights = []
    for index in range(7):
        rows = bar_rows(chart, image, index)
        assert rows == list(range(rows[0], rows[-1] + 1)), "a bar is one solid block"
        heights.append(len(rows))
    bottoms = {max(bar_rows(chart, image, index)) for index in range(7)}
    assert len(bottoms) == 1, "the bars stand on one baseline"
    per_minute = heights[1] / 75
    assert per_minute > 1.5  # big enough for a pixel test to mean something
    for watched, height in zip(minutes, heights, strict=True):
        assert height == pytest.approx(watched * per_minute, abs=1.5)


def test_the_limit_mark_sits_at_the_limit_on_the_bars_scale(qtbot: QtBot) -> None:
    minutes = [40, 40, 40, 40, 40, 40, 40]
    limits: list[float | None] = [60, 90, 90, 60, 60, 30, 60]
    chart, image = chart_of(qtbot, minutes, limits)
    reference = bar_rows(chart, image, 0)
    baseline, per_minute = reference[-1] + 1, len(reference) / 40
    for index, limit in enumerate(limits):
        rows = rows_of(image, mark_column(chart, index), LIMIT)
        assert rows, f"day {index} has no limit mark"
        centre = (rows[0] + rows[-1] + 1) / 2
        assert baseline - centre == pytest.approx(limit * per_minute, abs=1.5)


def test_a_day_with_no_limit_has_no_mark_and_a_day_with_nothing_no_bar(qtbot: QtBot) -> None:
    chart, image = chart_of(qtbot, [20, 0, 20], [60, 60, None])
    assert rows_of(image, mark_column(chart, 2), LIMIT) == []
    assert rows_of(image, mark_column(chart, 0), LIMIT) != []
    assert bar_rows(chart, image, 1) == []


@pytest.mark.parametrize("today", [6, 3])
def test_only_todays_bar_is_bright(qtbot: QtBot, today: int) -> None:
    chart, image = chart_of(qtbot, [30] * 7, [60] * 7, today=today)
    for index in range(7):
        x = bar_column(chart, index)
        colour = TODAY if index == today else BAR
        assert len(rows_of(image, x, colour)) > 20, index
        assert rows_of(image, x, BAR if index == today else TODAY) == []


def test_the_scale_grows_with_the_longest_day_and_keeps_it_inside(qtbot: QtBot) -> None:
    chart, image = chart_of(qtbot, [200, 50], [60, 60])
    area = chart.plot_area()
    rows = bar_rows(chart, image, 0)
    assert area.top() <= rows[0]
    assert len(rows) >= 0.75 * area.height()


def test_the_chart_describes_each_day_for_a_screen_reader(qtbot: QtBot) -> None:
    chart, _ = chart_of(qtbot, [30, 5], [60, None])
    assert chart.accessibleName() == "Minutes watched each day, against the day's limit"
    assert chart.accessibleDescription() == (
        "Friday 20 November: Watched: 30 min of 1 h 00 min."
        " Saturday 21 November: Watched: 5 min, with no daily limit."
    )
