"""The parent's PIN: which PINs are allowed and how they are hashed (`rules`), the throttle
(`throttle`), and `PinGuard`, the one door the lock screen, the panel and the CLI use (`guard`).
Its tables are kept by `kiosk.core.store`. Imports only `kiosk.core`."""
