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
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from samenwerking.errors import SamenwerkingError, display_path
from samenwerking.rules.schema import Text
from samenwerking.translations import say, translate

SEPARATORS = (",", ";", "\t")
SNIFF_BYTES = 64 * 1024
#: Rows per chunk when a table is streamed (about 100 MB of memory for a wide CSV).
CHUNK_ROWS = 200_000
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")


class TableError(SamenwerkingError):
    """A table that cannot be read as it stands; the message says where and what to do.

    ``text`` holds the message in every language (the catalogue key ``table_<key>``); the
    exception's own string is the Dutch one.
    """

    def __init__(self, key: str, **values: object) -> None:
        template = translate(f"table_{key}")
        self.texts = Text(**{lang: template(lang).format(**values) for lang in template.languages})
        super().__init__(self.texts("nl"))

    def text(self, lang: str = "nl") -> str:
        """The message in ``lang``."""
        return self.texts(lang)


@dataclass(frozen=True)
class CsvFormat:
    """How a CSV file is written: its field separator and its decimal mark."""

    separator: str
    decimal: str

    def described(self, lang: str = "nl") -> str:
        """'scheidingsteken puntkomma (;), decimale komma' and the like, for a run's note."""
        names = {",": "comma", ";": "semicolon", "\t": "tab"}
        return say(
            "table_layout",
            lang,
            separator=say(f"table_separator_{names[self.separator]}", lang),
            decimal=say(
                "table_decimal_comma" if self.decimal == "," else "table_decimal_point", lang
            ),
        )


def sniff_csv(path: Path) -> CsvFormat:
    """The separator (the one that splits the header into most fields) and the decimal mark.

    A decimal comma is only possible when the separator is not a comma; it is assumed when
    the sampled data hold numbers written like ``3,5``.
    """
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    text = _decode(head, path, partial=True)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise TableError("empty", file=display_path(path))
    header = lines[0]
    separator = max(SEPARATORS, key=lambda s: (len(_fields(header, s)), -SEPARATORS.index(s)))
    decimal = "."
    if separator != ",":
        sample = [field for line in lines[1:200] for field in _fields(line, separator)]
        if any(_DECIMAL_COMMA.match(field) for field in sample):
            decimal = ","
    return CsvFormat(separator, decimal)


def check_field_counts(path: Path, layout: CsvFormat) -> int:
    """Raise :class:`TableError` at the first row with more fields than the header.

    Returns the number of data rows. Reads the file once as a stream (constant memory).
    """
    shown = display_path(path)
    line = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
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


def read_table_chunks(
    path: Path, chunk_rows: int = CHUNK_ROWS, numbers: tuple[str, ...] = ()
) -> Iterator[pd.DataFrame]:
    """The table in chunks of ``chunk_rows``.

    CSV columns named in ``numbers`` are parsed by pandas' C parser (fast; a column with any
    text in it stays text, to be reported value by value); every other column is kept as
    text exactly as written, so an id like ``007`` stays ``007``.
    """
    shown = display_path(path)
    if not path.is_file():
        raise TableError("not_found", file=shown)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        yield from _parquet_chunks(path, chunk_rows)
        return
    if suffix != ".csv":
        raise TableError("wrong_kind", file=shown)
    layout = sniff_csv(path)
    check_field_counts(path, layout)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle, delimiter=layout.separator), [])
    text_columns = {name.strip(): str for name in header if name.strip() not in numbers}
    try:
        reader = pd.read_csv(
            path,
            sep=layout.separator,
            decimal=layout.decimal,
            dtype=text_columns,
            skipinitialspace=True,
            chunksize=chunk_rows,
            encoding="utf-8-sig",
        )
        yield from reader
    except (ValueError, OSError, pd.errors.ParserError) as e:
        raise TableError("unreadable", file=shown, problem=e) from e


def _parquet_chunks(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    try:
        import pyarrow.parquet as pq
    except ImportError as e:
        raise TableError("needs_pyarrow") from e
    try:
        source = pq.ParquetFile(path)
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


class ResultFiles:
    """The results file and its errors file, written in chunks and published together.

    Both are written as hidden ``.part`` files next to their targets. Publishing renames the
    errors file first and the results file last, after the old pair was removed, so a results
    file is always accompanied by its own errors file; a run that is killed leaves only
    ``.part`` files (or an errors file without results), which the next run removes first.
    """

    def __init__(self, results: Path, errors: Path) -> None:
        self.targets = (results, errors)
        self.parts = tuple(t.with_name(f".{t.name}.part") for t in self.targets)
        self._parquet_writers: dict[int, object] = {}
        self._started: set[int] = set()
        for stale in (*self.parts, errors if not results.exists() else None):
            if stale is not None:
                stale.unlink(missing_ok=True)

    def append(self, which: int, table: pd.DataFrame) -> None:
        """Append ``table`` to the results (0) or errors (1) file."""
        target, part = self.targets[which], self.parts[which]
        if target.suffix.lower() == ".parquet":
            self._append_parquet(which, part, table)
        else:
            table.to_csv(part, index=False, mode="a", header=which not in self._started)
        self._started.add(which)

    def _append_parquet(self, which: int, part: Path, table: pd.DataFrame) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as e:
            raise TableError("needs_pyarrow") from e
        arrow = pa.Table.from_pandas(table, preserve_index=False)
        writer = self._parquet_writers.get(which)
        if writer is None:
            writer = pq.ParquetWriter(part, arrow.schema)
            self._parquet_writers[which] = writer
        writer.write_table(arrow.cast(writer.schema))  # type: ignore[attr-defined]

    def publish(self) -> None:
        """Replace the old pair by the new one: errors first, results last."""
        for writer in self._parquet_writers.values():
            writer.close()  # type: ignore[attr-defined]
        results, errors = self.targets
        results.unlink(missing_ok=True)
        errors.unlink(missing_ok=True)
        self.parts[1].replace(errors)
        self.parts[0].replace(results)

    def discard(self) -> None:
        """Remove what was written (a failed run leaves the old pair as it was)."""
        for writer in self._parquet_writers.values():
            writer.close()  # type: ignore[attr-defined]
        for part in self.parts:
            part.unlink(missing_ok=True)
