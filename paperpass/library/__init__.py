"""The library facade (facade.py) and the views that combine store queries (views.py); export and doctor."""

from paperpass.library.facade import Library

__all__ = ["Library"]
