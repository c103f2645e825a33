"""make translations fills English plural forms from the source's "(s)": each message
on its own, the catalogue left well-formed for lupdate and lrelease."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "english_plurals.py"
CATALOGUE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Page</name>
    <message numerus="yes">
        <location filename="x.py" line="1"/>
        <source>%n open concern(s)</source>
        <translation>
            <numerusform>%n open concern</numerusform>
            <numerusform>%n open concerns</numerusform>
        </translation>
    </message>
    <message>
        <location filename="x.py" line="2"/>
        <source>Plain &amp; simple</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="x.py" line="3"/>
        <source>%n record(s) made before joining are ready; &apos;sync&apos; sends them.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
"""


def test_each_empty_plural_is_filled_from_its_own_source(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("english_plurals", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "mentorapp_en.ts"
    path.write_text(CATALOGUE, encoding="utf-8")
    module.main(str(path))
    root = ET.parse(path).getroot()  # still well-formed
    messages = root.findall(".//message")
    forms = [[n.text for n in m.findall(".//numerusform")] for m in messages]
    assert forms[0] == ["%n open concern", "%n open concerns"]  # left as it was
    assert forms[2] == [
        "%n record made before joining is ready; 'sync' sends them.",
        "%n records made before joining are ready; 'sync' sends them.",
    ]
    module.main(str(path))  # a second run changes nothing
    assert ET.parse(path).getroot().findall(".//message")[2].find("translation") is not None
