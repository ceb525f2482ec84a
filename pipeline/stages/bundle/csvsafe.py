"""CSV the way spreadsheet-fed importers need it: RFC 4180, UTF-8, and no formulas.

- Quoting: every cell that holds a comma, a double quote, CR or LF is quoted,
  quotes are doubled, records end with CRLF (RFC 4180 §2); newlines inside a
  message are kept inside its quoted cell.
- Encoding: UTF-8 without a byte-order mark. None of the five importers is
  documented to need one, and a BOM would break two of them: Sprout's header
  names are case-sensitive and exact (``date`` would read ``\\ufeffdate``), and
  Hootsuite's file has no header, so the BOM would sit in the first date cell.
  A BOM only helps Excel guess the encoding when the file is double-clicked;
  open it with *Data → From Text/CSV → UTF-8* instead.
- For Excel (``almanac bundle --excel``): :func:`excel_copy` rewrites a CSV with a
  UTF-8 BOM and ``;`` between cells, which French Excel opens by double-click with
  its accents and columns right. These copies go in ``exports/excel/``, beside the
  import files, which stay as the importers want them.
- Formula injection (OWASP "CSV Injection"): a cell starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is prefixed with a single quote, so a
  spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell, prefixed with ``'`` when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def is_neutralised(original: str) -> bool:
    """True when :func:`neutralise` changes this cell."""
    return original.startswith(FORMULA_STARTS)


def write_csv(rows: Iterable[Sequence[str]], header: Sequence[str] | None = None) -> bytes:
    """RFC 4180 CSV bytes (UTF-8, CRLF), every cell neutralised against formulas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if header is not None:
        writer.writerow(list(header))
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


EXCEL_BOM = "\ufeff"


def excel_copy(data: bytes) -> bytes:
    """The same table for Excel: UTF-8 with a BOM, ``;`` separators, CRLF (cells already neutralised)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return (EXCEL_BOM + buffer.getvalue()).encode("utf-8")
