"""The CLI's help and the TUI's start must not pay for the heavy libraries: they load only when a command needs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("torch", "sentence_transformers", "faiss", "onnxruntime", "pymupdf", "fitz")

_REPORT = "import json, sys; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})))"


def _heavy_loaded_after(code: str) -> list[str]:
    script = "import sys\n" + code + "\n" + _REPORT.format(heavy=set(HEAVY))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "code",
    [
        "import paperpass.cli",
        "import paperpass.tui.app",
        "import paperpass.library",
        # the console script's own entry point, as `paperpass --help` runs it
        "sys.argv = ['paperpass', '--help']\n"
        "from paperpass.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code",
    ],
    ids=["import-cli", "import-tui-app", "import-library", "paperpass-help"],
)
def test_no_heavy_import(code: str) -> None:
    assert _heavy_loaded_after(code) == []


def test_the_check_sees_a_heavy_import() -> None:
    # the same check, on code that does load one, finds it (so an empty list above means something)
    assert "pymupdf" in _heavy_loaded_after("import pymupdf")
