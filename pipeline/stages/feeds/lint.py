"""A small lint of .ics bytes, for what no parser enforces (RFC 5545 §3.1: CRLF, folding at 75 octets).

Returns problems as strings; an empty list means the file passed. The tests run
it on every feed; it needs no parser, so it also checks raw lines.
"""

from __future__ import annotations

import re

_TZID = re.compile(r";TZID=(\"[^\"]*\"|[^;:]*)")


def _unfold(lines: list[str]) -> list[str]:
    logical: list[str] = []
    for line in lines:
        if line[:1] in (" ", "\t") and logical:
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def lint_ics(data: bytes) -> list[str]:
    """Problems in one .ics file: line endings, folding, BOM, UIDs, DTSTAMPs, VTIMEZONEs."""
    problems: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a byte-order mark")
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    raw_lines = data.split(b"\r\n")[:-1]
    for number, raw in enumerate(raw_lines, 1):
        if b"\n" in raw or b"\r" in raw:
            problems.append(f"line {number}: a bare LF or CR (lines must end with CRLF)")
        if len(raw) > 75:
            problems.append(f"line {number}: {len(raw)} octets, over 75")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [*problems, f"not UTF-8: {exc}"]
    lines = _unfold(text.split("\r\n")[:-1])
    if lines[:1] != ["BEGIN:VCALENDAR"] or lines[-1:] != ["END:VCALENDAR"]:
        problems.append("not exactly one VCALENDAR")
    if sum(line == "BEGIN:VCALENDAR" for line in lines) != 1:
        problems.append("more than one VCALENDAR")
    uids: set[str] = set()
    tzids_used: set[str] = set()
    tzids_defined: set[str] = set()
    stack: list[str] = []
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            continue
        if name == "END":
            if not stack or stack.pop() != value:
                problems.append(f"END:{value} does not close the open component")
            continue
        where = stack[-1] if stack else "?"
        prop = name.split(";", 1)[0].upper()
        for match in _TZID.finditer(name):
            tzids_used.add(match.group(1).strip('"'))
        if where == "VTIMEZONE" and prop == "TZID":
            tzids_defined.add(value)
        if where == "VEVENT" and prop == "UID":
            if value in uids:
                problems.append(f"UID {value} is not unique")
            uids.add(value)
        if where == "VEVENT" and prop == "DTSTAMP" and (name != "DTSTAMP" or not value.endswith("Z")):
            problems.append(f"DTSTAMP {value} is not in UTC")
        if where == "VCALENDAR" and prop == "REFRESH-INTERVAL" and "VALUE=DURATION" not in name:
            problems.append("REFRESH-INTERVAL without VALUE=DURATION")
    if stack:
        problems.append(f"unclosed components: {stack}")
    problems.extend(f"TZID {tzid} has no VTIMEZONE" for tzid in sorted(tzids_used - tzids_defined))
    if text.count("BEGIN:VEVENT") != len(uids):
        problems.append("a VEVENT has no UID")
    return problems
