"""mentorapp: offline-first, end-to-end encrypted recording for peer mentors."""

__version__ = "0.1.0"
