"""The base of paperpass's screens: `self.app` typed as the PaperpassApp, and the one error path of workers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from paperpass.errors import PaperpassError
from paperpass.tui.messages import WorkFailed

if TYPE_CHECKING:
    from textual import getters

    from paperpass.tui.app import PaperpassApp

ResultType = TypeVar("ResultType")


@dataclass(frozen=True)
class Unsaved:
    """Typed work not saved yet, which quitting now would lose: the app asks first (PaperpassApp.action_quit)."""

    what: str  # "your edits": the question is "Quit without saving your edits?"
    details: str  # what was changed and how to save it
    back: str  # the "no" answer: "back to the edit"
    mode: str | None = None  # the mode "no" goes back to (None: the screen on top, where the work is)


def failure_reason(error: BaseException) -> str:
    """A failure as one line the user can read: a PaperpassError says it all; anything else names its type."""
    if isinstance(error, PaperpassError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def report_failed_worker(node: Screen, event: Worker.StateChanged) -> None:
    """A thread worker that raised comes back to its screen as one WorkFailed(what, reason) message."""
    error = event.worker.error
    if event.state == WorkerState.ERROR and error is not None:
        node.post_message(WorkFailed(event.worker.name, failure_reason(error)))


class PaperpassScreen(Screen[None]):
    """A screen of the paperpass app: its library is `self.app.library`.

    A thread worker of a screen just raises when it fails (`@work(..., name=what, exit_on_error=False)`);
    its failure comes back to the screen as one `WorkFailed(what, reason)` message.
    """

    if TYPE_CHECKING:
        # Textual's own typed getter (as MessagePump declares `app`); at run time the inherited property
        # is used, so importing the screens does not import the app.
        app = getters.app(PaperpassApp)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def unsaved(self) -> Unsaved | None:
        """Typed work this screen holds and has not saved (None: nothing is lost by quitting)."""
        return None


class PaperpassDialog(ModalScreen[ResultType], Generic[ResultType]):
    """A dialog over a paperpass screen, with the same one error path for its thread workers."""

    if TYPE_CHECKING:
        app = getters.app(PaperpassApp)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def unsaved(self) -> Unsaved | None:
        """Typed work this dialog holds and has not saved (None: nothing is lost by quitting)."""
        return None
