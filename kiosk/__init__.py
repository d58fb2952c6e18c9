"""Kiosk Clips: an offline, fullscreen feed of short clips for children, with a parent's time limit."""
