"""The kiosk's log file: a message never gets lost over a file name that is not valid UTF-8."""

from __future__ import annotations

import logging
import os

from kiosk.core import paths


def test_a_name_that_is_not_utf8_is_logged_with_its_bad_byte_escaped(kiosk_log: None) -> None:
    name = os.fsdecode(b"caf\xe9.mp4")
    logging.getLogger("kiosk.test").warning("skipping broken clip %s", name)
    text = (paths.log_dir() / "kiosk.log").read_text(encoding="utf-8")
    assert "skipping broken clip caf\\udce9.mp4" in text
