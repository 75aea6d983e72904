"""The paperpass screens: triage, library, classics, search, help (and the reader, pushed on top)."""
