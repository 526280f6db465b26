"""Exceptions raised by diurna's library code. The CLI turns them into messages and exit codes."""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` with every character that is not printable (newlines, tabs, terminal escapes, other control
    characters, lone surrogates, ...) written as its Python escape (``\\n``, ``\\x1b``, ``\\udcff``), so that it
    stays on one line, cannot drive the terminal, and encodes as UTF-8."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def escape_name(name: str) -> str:
    """:func:`printable` for file names: bytes that are not UTF-8 (which Python keeps as ``surrogateescape``
    surrogates) are shown as ``\\xNN``."""
    if name.isprintable():
        return name
    return "".join(
        f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else ch if ch.isprintable() else repr(ch)[1:-1]
        for ch in name
    )


def display_name(name: str) -> str:
    """A file name as messages show it: unchanged when it is printable, else quoted and escaped repr-style
    (``'a\\nb.txt'``, see :func:`escape_name`), so that a newline in a file name cannot forge an extra ``error:``
    line."""
    return name if name.isprintable() else f"'{escape_name(name)}'"


class DiurnaError(Exception):
    """Base class of every error diurna raises on purpose."""


class InputError(DiurnaError):
    """An input (file, record, line) could not be read. Names the input and the reason.

    The message is always one printable line: the input name is shown with :func:`display_name`, the record and
    the reason with :func:`printable`.
    """

    def __init__(self, input: str, reason: str, record: str | None = None) -> None:
        self.input = display_name(str(input))  # str(): some callers pass a Path
        self.reason = printable(reason)
        self.record = printable(record) if record is not None else None
        where = f"{self.input}, {self.record}" if self.record else self.input
        super().__init__(f"{where}: {self.reason}")


class ConfigError(DiurnaError):
    """A setting or data file is wrong (unknown pipeline, malformed pattern file, ...)."""


class DataFileError(ConfigError):
    """A bundled or user data file (ontology, dictionary, patterns) is malformed."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
