"""The composition root and the services that are neither rules nor widgets.

`run` starts the kiosk and `host` wires core, media and ui together; `services` opens the core
services for the window and the terminal commands alike; `library_service` keeps the running
kiosk's library; `gui_thread` is the one door into the GUI thread; `display`, `logs`,
`instance` and `screensaver` deal with the OS. May import every other package of `kiosk`.
"""
