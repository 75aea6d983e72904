"""Backup, restore and JSON export/import of a 10,000-paper library: how long, and whether anything is lost.

    .venv/bin/python bench/backup_restore.py              # 10,000 papers
    .venv/bin/python bench/backup_restore.py --papers 2000

The library is built from the real arXiv daily listings in ../shared/fixtures/real/metadata (repeated
with varied ids past their count), with decisions, pass timings and checklists, five Cs, reviews,
references, a reading list and notes with several saved versions each. Each step runs the real CLI
command in a subprocess (start-up included, as a user sees it) and is then verified by comparing every
user table row by row and column by column with the original.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from library_builder import differences, populate  # noqa: E402

PAPERPASS = [sys.executable, "-m", "paperpass.cli"]


def run(args: list[str], home: Path) -> float:
    env = dict(os.environ, PAPERPASS_HOME=str(home), HF_HUB_OFFLINE="1")
    start = time.perf_counter()
    done = subprocess.run([*PAPERPASS, *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"paperpass {' '.join(args)} failed: {done.stderr.strip()}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    args = parser.parse_args()

    from paperpass.store.db import connect, integrity_check, open_library

    rows = []
    with tempfile.TemporaryDirectory(prefix="paperpass-backup-bench-") as tmp:
        home = Path(tmp) / "home"
        start = time.perf_counter()
        conn = open_library(home)
        counts = populate(conn, args.papers, note_share=0.3)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        build = time.perf_counter() - start
        db = home / "paperpass.db"
        from paperpass.store.backup import create_backup

        original_path = create_backup(conn, home, Path(tmp) / "original.db")  # reference copy for comparisons
        original = connect(original_path, migrate=False)
        conn.close()
        size_mb = db.stat().st_size / 2**20

        backup_file = Path(tmp) / "manual-backup.db"
        rows.append(("paperpass backup", run(["backup", "--out", str(backup_file)], home),
                     differences(original, connect(backup_file, migrate=False))))

        # Damage the live library, then restore it from the backup.
        live = connect(db)
        live.execute("DELETE FROM notes")
        live.close()
        rows.append(("paperpass restore FILE", run(["restore", str(backup_file)], home),
                     differences(original, connect(db))))

        export_file = Path(tmp) / "library.json"
        rows.append(("paperpass export --format json", run(["export", "--format", "json", "--out",
                                                            str(export_file)], home), {}))
        fresh = Path(tmp) / "fresh"
        rows.append(("paperpass import FILE (empty library)", run(["import", str(export_file)], fresh),
                     differences(original, connect(fresh / "paperpass.db"))))
        ok = integrity_check(connect(db)) == [] and integrity_check(connect(fresh / "paperpass.db")) == []

        print(f"\nLibrary: {counts['papers']:,} papers (+12 seeded classics), {counts['notes']:,} notes with "
              f"{counts['versions']:,} saved versions, {counts['passes']:,} pass states, {counts['five_cs']:,} "
              f"five Cs, {counts['decisions']:,} triage decisions, {counts['refs']:,} references; "
              f"database {size_mb:.1f} MB, JSON export {export_file.stat().st_size / 2**20:.1f} MB; "
              f"built in {build:.0f} s\n")
        print("| step (CLI, start-up included) | seconds | lost or changed |")
        print("|---|---|---|")
        for name, seconds, diff in rows:
            lost = "nothing" if not diff else "; ".join(f"{k}: {v}" for k, v in diff.items())
            print(f"| {name} | {seconds:.2f} | {lost} |")
        print(f"\nintegrity_check after restore and import: {'ok' if ok else 'FAILED'}")
        return 0 if ok and not any(diff for _, _, diff in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
