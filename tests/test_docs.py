"""Documentation keeps up with the code: every command, option and setting a user can reach is documented.

Modelled on datasette's tests/test_docs.py: adding a command or setting without documenting it fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from diurna.cli import main

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = ROOT / "docs" / "cli.md"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, full + " "))
    return out


COMMANDS = _commands(main)


def test_readme_shows_the_two_contract_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_a_section(name, command):
    doc = CLI_DOC.read_text(encoding="utf-8")
    assert re.search(rf"^## `diurna {re.escape(name)}`", doc, re.MULTILINE), f"docs/cli.md lacks '## `diurna {name}`'"


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_option_is_documented_in_its_section(name, command):
    doc = CLI_DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## `diurna {re.escape(name)}`(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    assert match, name
    section = match.group(1)
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help",):
            longest = max(param.opts, key=len)
            assert f"`{longest}" in section, f"option {longest} of 'diurna {name}' is not documented"


def test_every_setting_read_from_the_environment_is_documented():
    settings = set()
    for path in (ROOT / "src" / "diurna").rglob("*.py"):
        settings |= set(re.findall(r"\bDIURNA_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(s for s in settings if f"`{s}`" not in readme)
    assert not missing, f"settings not in the README's settings table: {missing}"
