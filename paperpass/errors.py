"""The exceptions paperpass raises for expected failures.

Each carries one human sentence. The CLI prints it on stderr and exits non-zero;
the TUI shows it as a notification. Anything else is a bug and may traceback.
"""


class PaperpassError(Exception):
    """Base class: an expected failure with a sentence a user can act on."""

    exit_code = 1


class InvalidInput(PaperpassError):
    """The user gave something paperpass cannot use (bad id, bad option value)."""

    exit_code = 2


class NotFound(PaperpassError):
    """A paper, list or note the user named does not exist."""


class StoreError(PaperpassError):
    """The database or data directory cannot be used safely."""


class SchemaTooNew(StoreError):
    """The database was written by a newer paperpass."""


class FetchError(PaperpassError):
    """A network fetch failed (unreachable host, HTTP error, bad content)."""


class ParseError(PaperpassError):
    """A PDF could not be parsed (encrypted, corrupt, image-only, not a PDF)."""



class Cancelled(PaperpassError):
    """The user stopped the work before it finished; nothing half-done was kept."""

    exit_code = 130
