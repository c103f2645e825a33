"""The local encrypted store: SQLite through SQLAlchemy, repositories that return core objects."""
