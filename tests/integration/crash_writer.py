"""Child process for the kill -9 test: saves records forever, printing each id once committed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from mentorapp.core.model import Mentee, OneToOneSession
from mentorapp.store.profile import open_profile


def main() -> None:
    home, passphrase = Path(sys.argv[1]), sys.argv[2]
    profile = open_profile(home).unlock(passphrase)
    mentee = Mentee(given_name="Crash", family_name="Test")
    profile.records.save(mentee)
    print(f"saved {mentee.id} 1", flush=True)
    n = 0
    while True:
        n += 1
        session = OneToOneSession(
            mentee_id=mentee.id, date=dt.date(2026, 1, 1), notes="crash test " * (n % 50 + 1)
        )
        profile.records.save(session)
        print(f"saved {session.id} 1", flush=True)
        mentee.preferred_name = f"C{n}"
        version = profile.records.save(mentee)
        print(f"saved {mentee.id} {version}", flush=True)
        if n % 7 == 0:
            version = profile.records.delete(session.id)
            print(f"deleted {session.id} {version}", flush=True)


if __name__ == "__main__":
    main()
