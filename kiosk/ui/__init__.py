"""PySide6 widgets: presentation and input only. Rules are asked of `kiosk.core`.

Features are packages (`feed`, `parent`, `library`, `setup`, `pin_pad`); the single screens sit
beside them (`flow`, `lock`, `screens`, `time_ring`, `window`). Imports `kiosk.core` and the
`kiosk.media` interfaces, never `kiosk.app`.
"""
