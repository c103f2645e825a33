"""Fill the English catalogue's plural forms ("1 change", "2 changes") from the source
strings' "(s)" notation, so the app never shows "1 change(s)". Run by
`make translations` after lupdate; lupdate keeps what is filled in.

Verbs that follow a counted noun agree with it ("1 record is", "2 records are"):
the pairs below are applied to both forms."""

from __future__ import annotations

import re
import sys
from pathlib import Path

# Phrases whose verb agrees with the count: (as written, singular, plural).
AGREEMENT = [
    (
        "record(s) made before joining are",
        "record made before joining is",
        "records made before joining are",
    ),
    ("concern(s) have not", "concern has not", "concerns have not"),
    ("need(s) attention", "needs attention", "need attention"),
]


def forms(source: str) -> tuple[str, str]:
    """The singular and plural of a source string written with "(s)"."""
    singular, plural = source, source
    for written, one, many in AGREEMENT:
        singular = singular.replace(written, one)
        plural = plural.replace(written, many)
    return singular.replace("(s)", ""), re.sub(r"(\w)\(s\)", r"\1s", plural)


_EMPTY = re.compile(
    r'(<message numerus="yes">(?:(?!</message>).)*?<source>(?P<source>[^<]*)</source>\s*)'
    r'<translation type="unfinished">\s*<numerusform></numerusform>\s*'
    r"<numerusform></numerusform>\s*</translation>",
    re.S,
)


def main(path: str) -> int:
    """Fill empty plural forms in place, keeping lupdate's own layout."""
    text = Path(path).read_text(encoding="utf-8")
    filled = 0

    def fill(match: re.Match[str]) -> str:
        nonlocal filled
        filled += 1
        one, many = forms(match.group("source"))
        return (
            f"{match.group(1)}<translation>\n"
            f"            <numerusform>{one}</numerusform>\n"
            f"            <numerusform>{many}</numerusform>\n"
            "        </translation>"
        )

    Path(path).write_text(_EMPTY.sub(fill, text), encoding="utf-8")
    print(f"{filled} plural forms filled in {Path(path).name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
