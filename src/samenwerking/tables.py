"""Read analysts' tables (CSV, parquet) safely: the right separator, no shifted columns, in chunks.

A table of situations is where a wrong guess silently becomes wrong advice. Dutch Excel writes
``;`` between fields and ``3,5`` for three and a half; a file with ``,`` between fields and an
unquoted ``3,5`` splits that number over two columns and shifts every factor after it. So the
separator is detected from the header, a decimal comma is accepted only where it cannot be a
separator, and a row with more fields than its header stops the run before anything is scored,
naming the line. Large files are read in chunks, so memory stays flat whatever the file size.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from samenwerking.errors import CarefulReadingNeededError as CarefulReadingNeededError
from samenwerking.errors import Message, display_path, msg
from samenwerking.errors import TableError as TableError
from samenwerking.rules.schema import Factor
from samenwerking.spreadsheets import FORMULA_STARTS, inert

SEPARATORS = (",", ";", "\t")
WINDOWS_1252 = "cp1252"
#: A whole number written with thousands dots, as Dutch Excel does: 12.000 or 1.250.000.
THOUSANDS_DOTS = re.compile(r"^\s*\d{1,3}(\.\d{3})+\s*$")
SNIFF_BYTES = 64 * 1024
#: Columns a table may have: the factors, an id and a few of the user's own are about 30.
MAX_COLUMNS = 1_000
#: Rows per chunk when a table is streamed (about 100 MB of memory for a wide CSV).
CHUNK_ROWS = 200_000
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")


@dataclass(frozen=True)
class CsvFormat:
    """How a CSV file is written: its field separator, decimal mark and text encoding."""

    separator: str
    decimal: str
    encoding: str = "utf-8-sig"

    def message(self) -> Message:
        """'scheidingsteken puntkomma (;), decimale komma', worded when shown."""
        names = {",": "comma", ";": "semicolon", "\t": "tab"}
        return msg(
            "table_layout",
            separator=msg(f"table_separator_{names[self.separator]}"),
            decimal=msg("table_decimal_comma" if self.decimal == "," else "table_decimal_point"),
        )


def sniff_csv(path: Path) -> CsvFormat:
    """The separator (the one that splits the header into most fields) and the decimal mark.

    A decimal comma is only possible when the separator is not a comma; it is assumed when
    the sampled data hold numbers written like ``3,5``.
    """
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    encoding = "utf-8-sig"
    try:
        text = _decode(head, path, partial=len(head) == SNIFF_BYTES)
    except TableError:
        # Dutch Excel's plain "CSV" is Windows-1252; read it as such (and say so).
        try:
            text = head.decode(WINDOWS_1252)
        except UnicodeDecodeError:
            raise _not_utf8(path, *_first_bad_line(path)) from None
        encoding = WINDOWS_1252
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise TableError("empty", file=display_path(path))
    header = lines[0]
    if len(head) == SNIFF_BYTES and len(lines) == 1:  # a header longer than 64 kB
        raise TableError("too_many_columns", file=display_path(path), most=MAX_COLUMNS)
    separator = max(SEPARATORS, key=lambda s: (len(_fields(header, s)), -SEPARATORS.index(s)))
    if len(_fields(header, separator)) > MAX_COLUMNS:
        raise TableError("too_many_columns", file=display_path(path), most=MAX_COLUMNS)
    decimal = "."
    if separator != ",":
        sample = [field for line in lines[1:200] for field in _fields(line, separator)]
        if any(_DECIMAL_COMMA.match(field) for field in sample):
            decimal = ","
    return CsvFormat(separator, decimal, encoding)


def check_field_counts(path: Path, layout: CsvFormat) -> int:
    """Raise :class:`TableError` at the first row with more fields than the header.

    Returns the number of data rows. Reads the file once as a stream (constant memory).
    """
    shown = display_path(path)
    line = 1
    try:
        with path.open(encoding=layout.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=layout.separator)
            header = next(reader, [])
            rows = 0
            for fields in reader:
                line = reader.line_num
                if len(fields) > len(header):
                    raise TableError(
                        "too_many_fields_comma" if layout.separator == "," else "too_many_fields",
                        file=shown,
                        line=line,
                        count=len(fields),
                        header=len(header),
                    )
                rows += 1
    except UnicodeDecodeError as e:
        raise _not_utf8(path, *_first_bad_line(path)) from e
    except csv.Error as e:
        raise TableError("unreadable_csv", file=shown, line=line, problem=e) from e
    return rows


#: Bytes of CSV text Arrow parses at a time on the fast path (about 60,000 rows). Arrow's
#: streaming reader keeps several blocks in flight; at 32 MB that held 700 MB of a 1 GB
#: budget, at 4 MB 180 MB, and it parsed as fast (bench/batch_stream.py).
ARROW_BLOCK_BYTES = 4 << 20
#: Blocks gathered into one chunk for scoring, so per-chunk work stays a small share.
ARROW_BLOCKS_PER_CHUNK = 4


def read_table_chunks(
    path: Path,
    chunk_rows: int = CHUNK_ROWS,
    factors: Sequence[Factor] = (),
    *,
    fast: bool = False,
) -> Iterator[pd.DataFrame]:
    """The table in chunks of ``chunk_rows``, factor columns under their ids and as numbers.

    A factor's column may be headed by its id or by its label in any language of the rule
    set ("Vertrouwen"). Factor values are read cell by cell in the file's notation
    (:func:`numbers_from_text`): one cell that is not a number is that cell's problem, never
    its column's. Every other column is kept as text exactly as written, so an id like
    ``007`` stays ``007``.

    ``fast=True`` streams a CSV through Arrow's C++ reader instead (several times faster),
    and raises :class:`CarefulReadingNeededError` at the first thing it cannot read as a clean
    number or a clean row (a typo, a thousands dot, a short row): the caller then starts
    again with the careful reader, which names that cell or line.
    """
    shown = display_path(path)
    if not path.is_file():
        raise TableError("not_found", file=shown)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        for chunk in _parquet_chunks(path, chunk_rows):
            yield _with_factor_ids(chunk, factors, shown)
        return
    if suffix != ".csv":
        raise TableError("wrong_kind", file=shown)
    layout = sniff_csv(path)
    if fast:
        yield from _arrow_csv_chunks(path, layout, factors, shown)
        return
    check_field_counts(path, layout)
    try:
        reader = pd.read_csv(
            path,
            sep=layout.separator,
            dtype=str,
            skipinitialspace=True,
            chunksize=chunk_rows,
            encoding=layout.encoding,
        )
        for chunk in reader:
            named = _with_factor_ids(chunk, factors, shown)
            for factor in factors:
                if factor.id in named.columns:
                    named[factor.id] = numbers_from_text(named[factor.id], layout.decimal, factor)
            yield named
    except (ValueError, OSError, pd.errors.ParserError) as e:
        raise TableError("unreadable", file=shown, problem=e) from e


def _arrow_csv_chunks(
    path: Path, layout: CsvFormat, factors: Sequence[Factor], shown: str
) -> Iterator[pd.DataFrame]:
    """Clean CSV in Arrow's blocks: factors as numbers, every other column as text.

    Counts are read as text first, so ``12.000`` (twelve or twelve thousand?) is noticed
    rather than read as 12; anything Arrow refuses (a cell that is no number, a row with
    too many or too few fields) sends the whole file to the careful reader.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    with path.open(encoding=layout.encoding, newline="") as handle:
        header = next(csv.reader(handle, delimiter=layout.separator), [])
    names = list(_with_factor_ids(pd.DataFrame(columns=header), factors, shown).columns)
    if len(set(header)) != len(header) or not header:
        raise CarefulReadingNeededError
    by_id = {f.id: f for f in factors}
    types = {
        original: pa.float64() if name in by_id and not by_id[name].integer else pa.string()
        for original, name in zip(header, names, strict=True)
    }
    counts = [i for i, name in enumerate(names) if name in by_id and by_id[name].integer]
    try:
        reader = pcsv.open_csv(
            path,
            read_options=pcsv.ReadOptions(
                block_size=ARROW_BLOCK_BYTES,
                encoding="utf8" if layout.encoding == "utf-8-sig" else layout.encoding,
            ),
            parse_options=pcsv.ParseOptions(delimiter=layout.separator),
            convert_options=pcsv.ConvertOptions(
                column_types=types,
                strings_can_be_null=True,
                decimal_point=layout.decimal,
            ),
        )
        empty = True
        gathered: list[Any] = []
        for batch in itertools.chain(reader, [None]):
            if batch is not None:
                gathered.append(batch)
            if gathered and (batch is None or len(gathered) == ARROW_BLOCKS_PER_CHUNK):
                table = pa.Table.from_batches(gathered).combine_chunks()
                gathered = []
                columns = table.columns
                for i in counts:
                    dots = pc.match_substring_regex(columns[i], THOUSANDS_DOTS.pattern)
                    if pc.any(dots).as_py():
                        raise CarefulReadingNeededError
                    columns[i] = pc.cast(columns[i], pa.float64())
                empty = False
                yield pa.Table.from_arrays(columns, names=names).to_pandas()
    except (pa.ArrowInvalid, UnicodeDecodeError) as e:
        raise CarefulReadingNeededError from e
    if empty:
        raise CarefulReadingNeededError


def numbers_from_text(cells: pd.Series, decimal: str, factor: Factor) -> pd.Series:
    """Factor values from text cells in a file's notation; what is no number stays as text.

    ``decimal`` is the file's decimal mark. Whole-number factors may carry thousands dots
    ("12.000") in a file with decimal commas; in a file with decimal points "12.000" could
    be twelve or twelve thousand, so it is left as text and refused by name
    (:func:`samenwerking.batch.check_rows`), never read silently as 12.

    Examples
    --------
    >>> from samenwerking.rules.schema import Factor, Text
    >>> count = Factor(id="d", label=Text(nl="d", en="d"), help=Text(nl="d", en="d"), minimum=0,
    ...                maximum=1e5, integer=True, example=1)
    >>> numbers_from_text(pd.Series(["12.000", "3,5", "x", None]), ",", count).tolist()
    [12000.0, 3.5, 'x', nan]
    >>> numbers_from_text(pd.Series(["12.000", "7"]), ".", count).tolist()
    ['12.000', 7.0]
    """
    text = cells.astype("string").str.strip()
    if decimal == ",":
        if factor.integer:
            text = text.where(
                ~text.str.match(THOUSANDS_DOTS.pattern, na=False),
                text.str.replace(".", "", regex=False),
            )
        text = text.str.replace(",", ".", regex=False)
    elif factor.integer:
        text = text.mask(text.str.match(THOUSANDS_DOTS.pattern, na=False), pd.NA)
    numbers = pd.to_numeric(text, errors="coerce")
    result = cells.astype(object).where(cells.isna() | numbers.isna(), numbers.astype(float))
    return result.where(result.notna(), np.nan)


def _with_factor_ids(frame: pd.DataFrame, factors: Sequence[Factor], file: str) -> pd.DataFrame:
    """Factor columns renamed from their labels to their ids; two columns for one refused."""
    names: dict[str, str] = {}
    for factor in factors:
        names[factor.id.casefold()] = factor.id
        for label in factor.label.model_dump().values():
            if isinstance(label, str):
                names[label.strip().casefold()] = factor.id
    renamed = {c: names.get(str(c).strip().casefold(), str(c).strip()) for c in frame.columns}
    seen: dict[str, str] = {}
    for original, new in renamed.items():
        if new in seen and new in {f.id for f in factors}:
            raise TableError(
                "duplicate_column", file=file, first=seen[new], second=original, factor=new
            )
        seen[new] = str(original)
    return frame.rename(columns=renamed)


def _parquet_chunks(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    try:
        import pyarrow.parquet as pq
    except ImportError as e:
        raise TableError("needs_pyarrow") from e
    try:
        source = pq.ParquetFile(path)
        if len(source.schema_arrow) > MAX_COLUMNS:
            raise TableError("too_many_columns", file=display_path(path), most=MAX_COLUMNS)
        empty = True
        for batch in source.iter_batches(batch_size=chunk_rows):
            empty = False
            yield batch.to_pandas()
        if empty:
            yield source.schema_arrow.empty_table().to_pandas()
    except (OSError, ValueError) as e:
        raise TableError("unreadable", file=display_path(path), problem=e) from e


def _fields(line: str, separator: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter=separator), [])


def _decode(data: bytes, path: Path, *, partial: bool) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if partial and e.start >= len(data) - 3:  # a character cut off by the sample's end
            return data[: e.start].decode("utf-8-sig")
        raise _not_utf8(path, data[: e.start].count(b"\n") + 1, data[e.start]) from e


def _first_bad_line(path: Path) -> tuple[int, int]:
    """The line number and byte of the first text that is not UTF-8 (streamed, line by line)."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as e:
                return number, raw[e.start]
    return 0, 0


def _not_utf8(path: Path, line: int, byte: int) -> TableError:
    return TableError("not_utf8", file=display_path(path), line=line, byte=f"{byte:#04x}")


#: Output files by suffix; anything else is refused before a row is read.
OUTPUT_SUFFIXES = (".csv", ".parquet", ".xlsx")
#: Rows one Excel worksheet holds, the header included.
XLSX_MAX_ROWS = 1_048_576


def check_output(path: Path) -> None:
    """Refuse an output whose kind is unknown before anything is read or written."""
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise TableError(
            "wrong_output_kind", file=display_path(path), kinds=", ".join(OUTPUT_SUFFIXES)
        )


class ResultFiles:
    """The results file and its errors file, written in chunks and published together.

    Both are written as hidden ``.part`` files next to their targets. Publishing renames the
    errors file first and the results file last, after the old pair was removed, so a results
    file is always accompanied by its own errors file; a run that is killed leaves only
    ``.part`` files (or an errors file without results), which the next run removes first.

    The suffix picks the format: ``.csv`` (``excel=True``: semicolons, decimal commas and a
    byte-order mark, as Dutch Excel opens it), ``.parquet``, or ``.xlsx`` (a real workbook,
    streamed row by row by openpyxl's write-only mode).
    """

    def __init__(self, results: Path, errors: Path, *, excel: bool = False) -> None:
        for target in (results, errors):
            check_output(target)
        self.targets = (results, errors)
        self.parts = tuple(t.with_name(f".{t.name}.part") for t in self.targets)
        self.excel = excel
        self._writers: dict[int, Any] = {}
        self._schemas: dict[int, Any] = {}  # the Arrow schema each CSV writer was opened with
        self._rows: dict[int, int] = {}
        for stale in (*self.parts, errors if not results.exists() else None):
            if stale is not None:
                stale.unlink(missing_ok=True)

    def append(self, which: int, table: pd.DataFrame) -> None:
        """Append ``table`` to the results (0) or errors (1) file."""
        target, part = self.targets[which], self.parts[which]
        suffix = target.suffix.lower()
        first = which not in self._rows
        if suffix == ".parquet":
            self._append_parquet(which, part, table)
            self._rows[which] = self._rows.get(which, 0) + len(table)
            return
        table = spreadsheet_safe(table)  # CSV and workbooks are opened in spreadsheets
        if suffix == ".xlsx":
            self._append_xlsx(which, part, table)
        elif self.excel:
            table.to_csv(
                part,
                index=False,
                mode="a",
                header=first,
                sep=";",
                decimal=",",
                encoding="utf-8-sig" if first else "utf-8",
            )
        else:
            self._append_csv(which, part, table)
        self._rows[which] = self._rows.get(which, 0) + len(table)

    def _append_csv(self, which: int, part: Path, table: pd.DataFrame) -> None:
        """Plain CSV through Arrow's writer: C++ formatting, several times pandas' speed."""
        import pyarrow.csv as pcsv

        arrow = _plain_arrow(table)
        writer = self._writers.get(which)
        if writer is None:
            writer = pcsv.CSVWriter(part, arrow.schema)
            self._writers[which] = writer
            self._schemas[which] = arrow.schema
        writer.write_table(arrow.cast(self._schemas[which]))

    def _append_parquet(self, which: int, part: Path, table: pd.DataFrame) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as e:
            raise TableError("needs_pyarrow") from e
        arrow = pa.Table.from_pandas(table, preserve_index=False)
        writer = self._writers.get(which)
        if writer is None:
            writer = pq.ParquetWriter(part, arrow.schema)
            self._writers[which] = writer
        writer.write_table(arrow.cast(writer.schema))

    def _append_xlsx(self, which: int, part: Path, table: pd.DataFrame) -> None:
        from openpyxl import Workbook  # imported only when a workbook is written

        if self._rows.get(which, 0) + len(table) + 1 > XLSX_MAX_ROWS:
            raise TableError("too_many_rows_xlsx", file=display_path(self.targets[which]))
        book = self._writers.get(which)
        if book is None:
            book = Workbook(write_only=True)
            book.create_sheet()
            book.worksheets[0].append([str(c) for c in table.columns])
            self._writers[which] = book
        sheet = book.worksheets[0]
        for row in table.itertuples(index=False):
            sheet.append([_cell(v) for v in row])

    def publish(self) -> None:
        """Replace the old pair by the new one: errors first, results last."""
        self._close()
        for which, part in enumerate(self.parts):
            if not part.exists():  # no rows at all: still a file with its header
                self.append(which, pd.DataFrame())
        self._close()
        results, errors = self.targets
        results.unlink(missing_ok=True)
        errors.unlink(missing_ok=True)
        self.parts[1].replace(errors)
        self.parts[0].replace(results)

    def _close(self) -> None:
        for which, writer in list(self._writers.items()):
            if hasattr(writer, "worksheets"):
                writer.save(self.parts[which])
            else:
                writer.close()
        self._writers.clear()

    def discard(self) -> None:
        """Remove what was written (a failed run leaves the old pair as it was)."""
        for writer in self._writers.values():
            if not hasattr(writer, "worksheets"):
                writer.close()
        self._writers.clear()
        for part in self.parts:
            part.unlink(missing_ok=True)


_PLAIN_NUMBER = re.compile(r"^[-+]?\d+([.,]\d+)?$")


def spreadsheet_text(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made plain text with a quote.

    Ids and names from the user's own file are copied into outputs meant for Excel; an id
    like ``=HYPERLINK("https://evil.example")`` must arrive as text (OWASP: CSV injection).
    The rule is :func:`samenwerking.spreadsheets.inert`'s; numbers written as text ("-5")
    stay as they are in these files for programs.

    >>> print(spreadsheet_text('=HYPERLINK("x")'))
    '=HYPERLINK("x")
    >>> spreadsheet_text("-5"), spreadsheet_text("C-17")
    ('-5', 'C-17')
    """
    if isinstance(value, str) and _PLAIN_NUMBER.match(value):
        return value
    return inert(value)


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell made safe for a spreadsheet (:func:`spreadsheet_text`)."""
    textual = [
        c
        for c in table.columns
        if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])
    ]
    safe = table
    for column in textual:
        # Whole columns at once, as a cell by cell pass costs seconds on a large file; most
        # columns have no cell to change.
        cells = table[column]
        risky = cells.astype("string").str.startswith(FORMULA_STARTS).fillna(False)
        if not risky.any():
            continue
        if safe is table:
            safe = table.copy()
        safe.loc[risky, column] = cells[risky].map(spreadsheet_text)
    return safe


def _plain_arrow(table: pd.DataFrame) -> Any:
    """``table`` as an Arrow table a CSV writer takes: categories as text, no index."""
    import pyarrow as pa

    arrow = pa.Table.from_pandas(table, preserve_index=False)
    for i, field in enumerate(arrow.schema):
        textual = (pa.types.is_dictionary, pa.types.is_large_string, pa.types.is_null)
        if any(test(field.type) for test in textual):
            arrow = arrow.set_column(i, field.name, arrow.column(i).cast(pa.string()))
    return arrow


def _cell(value: Any) -> Any:
    """A value openpyxl writes as it is: numpy numbers as Python ones, missing as empty."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
