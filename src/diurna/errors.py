"""Exceptions raised by diurna's library code. The CLI turns them into messages and exit codes."""

from __future__ import annotations


class DiurnaError(Exception):
    """Base class of every error diurna raises on purpose."""


class InputError(DiurnaError):
    """An input (file, record, line) could not be read. Names the input and the reason."""

    def __init__(self, input: str, reason: str, record: str | None = None) -> None:
        self.input = input
        self.reason = reason
        self.record = record
        where = f"{input}, {record}" if record else input
        super().__init__(f"{where}: {reason}")


class ConfigError(DiurnaError):
    """A setting or data file is wrong (unknown pipeline, malformed pattern file, ...)."""


class DataFileError(ConfigError):
    """A bundled or user data file (ontology, dictionary, patterns) is malformed."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
