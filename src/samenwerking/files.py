"""Writing an output file so that nothing is lost: never half a file, never a stray temp file.

Every command that writes a report, a rule book, a profile or an export goes through here:
the content goes to a hidden ``.NAME.part`` beside the target and is renamed over it in one
step, so a reader never sees half a file; a target that is a folder, or a write that fails
(a full disk, no permission), is refused with a message naming the file, and the temporary
file is removed on every failure path.
"""

from __future__ import annotations

from pathlib import Path

from samenwerking.errors import OutputError, display_path, msg


def write_bytes_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` via a temporary file beside it, then rename it.

    Raises
    ------
    OutputError
        ``path`` is a folder, or the file cannot be written (the message says why).
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(msg("output_is_folder", file=display_path(path)))
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.write_bytes(content)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        reason = error.strerror or type(error).__name__
        raise OutputError(
            msg("output_not_written", file=display_path(path), reason=reason)
        ) from error


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` as :func:`write_bytes_atomically` does."""
    write_bytes_atomically(path, text.encode("utf-8"))
