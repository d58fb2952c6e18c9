"""The rules and data of the kiosk, in plain Python: no Qt and no libvlc may be imported here.

Each feature is a package (`config`, `library`, `limits`, `pin`, `playlist`, `store`); the small
modules beside them (`clock`, `clip`, `hours`, `zones`, `names`, `paths`, `atomic`, `setup_marks`,
and the words a parent reads: `i18n`, `dates`, `durations`, `numbers`, `lists`) are shared by
several.
Modules here import only the standard library, platformdirs, tomli-w and other `kiosk.core`
modules. `tests/test_structure.py` checks this in a fresh interpreter.
"""
