"""The parent panel's "This week" page: minutes per day against the limit, today's sessions, the
most watched shows with their pictures, and the events worth a look.

It reads the same report as `kiosk report` (the last seven household days), once each time it
is opened, through `WeekActions`, which the composition root implements on the store, the
library and the thumbnail worker. It only shows: nothing here changes a rule or a setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QRectF, QSize, Signal
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLayout, QVBoxLayout, QWidget

from kiosk.core.clip import Clip
from kiosk.core.dates import short_weekday, time_of_day
from kiosk.core.durations import hours_and_minutes
from kiosk.core.i18n import N_, _
from kiosk.core.report.events import describe_event
from kiosk.core.report.usage import SessionUsage, ShowUsage, UsageReport
from kiosk.ui.language import Words
from kiosk.ui.library.picture import paint_picture
from kiosk.ui.library.thumbnails import ThumbnailShelf, ThumbnailSource
from kiosk.ui.parent.theme import button, card, label, set_message, titled_page
from kiosk.ui.parent.week_chart import WeekChart

#: The days the page shows, today included.
WEEK_DAYS = 7

NO_SESSIONS = N_("No session has run today.")
NO_SHOWS = N_("Nothing was watched this week.")
NO_EVENTS = N_("Nothing needed a look this week.")
LEGEND = N_(
    "Each bar is a day's minutes; the yellow mark is that day's limit, and today is bright."
)


class WeekUnreadable(Exception):
    """The week could not be read. The message is one sentence for the parent."""


class WeekActions(ThumbnailSource, Protocol):
    """What the week page asks of the app. Called on the GUI thread."""

    def week(self) -> UsageReport:
        """The last `WEEK_DAYS` days, today last; raises `WeekUnreadable` if they cannot be read."""
        ...

    def clip_for(self, show: ShowUsage) -> Clip | None:
        """A clip of the library whose picture stands for `show`, None if none is left."""
        ...


class WeekPage(QWidget):
    """The week at a glance. `load()` reads it afresh; `back()` asks for the panel's home."""

    back = Signal()

    def __init__(self, actions: WeekActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self._shelf = ThumbnailShelf(actions, self._picture_arrived)
        self._pictures: dict[str, ShowPicture] = {}
        # The week read last, worded again in a new language (None before the first read).
        self._report: UsageReport | None = None
        self.words = words = Words(self, WeekPage._retranslate)

        self.problem = label("", "error")
        self.chart = WeekChart()
        chart_card = card(
            words.text(label("", "heading"), N_("Minutes a day")),
            self.chart,
            words.text(label("", "muted"), LEGEND),
        )
        self.sessions = QVBoxLayout()
        self.shows = QVBoxLayout()
        self.events = QVBoxLayout()
        cards = [
            card(words.text(label("", "heading"), N_("Today's sessions")), self.sessions),
            card(words.text(label("", "heading"), N_("Most watched this week")), self.shows),
            card(words.text(label("", "heading"), N_("Worth a look")), self.events),
        ]

        self.back_button = words.text(
            button("", "primary", name="week_back", wide=False), N_("Back")
        )
        words.name(self.back_button, N_("Back to the parent panel"))
        self.back_button.clicked.connect(self.back)
        page_title = titled_page(self, self.back_button, (self.problem, chart_card, *cards))
        words.text(page_title, N_("This week"))
        set_message(self.problem, None)

    def load(self) -> None:
        """Read the week again and show it; a week that cannot be read says so in one sentence."""
        try:
            report = self._actions.week()
        except WeekUnreadable as unreadable:
            set_message(self.problem, str(unreadable))
            report = None
        else:
            set_message(self.problem, None)
        self._report = report
        self._show(report)

    def _retranslate(self) -> None:
        if self._report is not None:
            self._show(self._report)

    def _show(self, report: UsageReport | None) -> None:
        days = () if report is None else report.days
        if days:
            self.chart.show_days(days, days[-1].date)
        self.chart.setVisible(bool(days))
        today = days[-1].sessions if days else ()
        _fill(self.sessions, [_session_line(session) for session in today], _(NO_SESSIONS))
        self._fill_shows(() if report is None else report.shows)
        newest_first = [event for day in reversed(days) for event in reversed(day.events)]
        lines = [
            _("{weekday} {time} \u00b7 {event}").format(
                weekday=short_weekday(e.at),
                time=time_of_day(e.at),
                event=describe_event(e.kind, e.detail),
            )
            for e in newest_first
        ]
        _fill(self.events, lines, _(NO_EVENTS))

    def hideEvent(self, event: QHideEvent) -> None:
        self._shelf.cancel()
        super().hideEvent(event)

    def _fill_shows(self, shows: Sequence[ShowUsage]) -> None:
        _clear(self.shows)
        self._pictures.clear()
        if not shows:
            self.shows.addWidget(label(_(NO_SHOWS), "muted"))
            return
        clips = []
        for show in shows:
            picture = ShowPicture()
            clip = self._actions.clip_for(show)
            if clip is not None:
                clips.append(clip)
                self._pictures[clip.key] = picture
            line = QHBoxLayout()
            line.setSpacing(14)
            line.addWidget(picture)
            words = QVBoxLayout()
            words.addWidget(label(show.name))
            words.addWidget(label(hours_and_minutes(show.seconds), "muted"))
            line.addLayout(words, 1)
            self.shows.addLayout(line)
        self._shelf.want(clips)
        for key, picture in self._pictures.items():
            picture.set_pixmap(self._shelf.pixmap(key))

    def _picture_arrived(self, key: str) -> None:
        picture = self._pictures.get(key)
        if picture is not None:
            picture.set_pixmap(self._shelf.pixmap(key))


class ShowPicture(QWidget):
    """A show's picture, portrait like most clips, or the calm placeholder until it arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.pixmap: QPixmap | None = None
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        return QSize(60, 80)

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self.pixmap = pixmap
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_picture(painter, QRectF(self.rect()), self.pixmap, radius=10)
        painter.end()


def _session_line(session: SessionUsage) -> str:
    """ "09:10 to 09:25: 15 min." for a session over, "Since 17:02: 4 min so far." for one running."""
    start, watched = time_of_day(session.started_at), hours_and_minutes(session.seconds)
    if session.ended_at is None:
        return _("Since {start}: {watched} so far.").format(start=start, watched=watched)
    end = time_of_day(session.ended_at)
    return _("{start} to {end}: {watched}.").format(start=start, end=end, watched=watched)


def _fill(target: QVBoxLayout, lines: Sequence[str], empty: str) -> None:
    """`target` holds one label a line, or the muted `empty` when there are none."""
    _clear(target)
    for line in lines or [empty]:
        target.addWidget(label(line, "" if lines else "muted"))


def _clear(layout: QLayout) -> None:
    """Remove and delete everything in `layout`, nested rows included."""
    while (item := layout.takeAt(0)) is not None:
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.deleteLater()
        elif inner is not None:
            _clear(inner)
            inner.deleteLater()
