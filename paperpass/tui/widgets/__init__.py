"""Widgets of the paperpass TUI, one idea per module; each owns its bindings and posts messages."""
