"""The desktop app (PySide6): the only package that imports Qt. No SQL, no crypto here."""
