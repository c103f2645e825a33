"""Child for the lock tests: a profile unlocked for writing the way the window holds it,
until standard input closes. Prints "ready", then for each line "save NAME" saves a
mentee and prints "saved ID"."""

from __future__ import annotations

import sys
from pathlib import Path

from mentorapp.core.model import Mentee
from mentorapp.store.profile import open_profile


def main() -> None:
    home, passphrase = Path(sys.argv[1]), sys.argv[2]
    with open_profile(home).unlock(passphrase) as profile:
        print("ready", flush=True)
        for line in sys.stdin:
            command, _, name = line.strip().partition(" ")
            if command == "save":
                mentee = Mentee(given_name=name, family_name="Held")
                profile.records.save(mentee)
                print(f"saved {mentee.id}", flush=True)


if __name__ == "__main__":
    main()
