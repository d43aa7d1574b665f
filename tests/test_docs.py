"""Docs are checked by tests: the README's commands are the ones CI runs and the CLI offers."""
from __future__ import annotations

import re
from pathlib import Path

from sitroom.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash)\n(.+?)\n```", setup, re.S)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one_verbatim():
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].rstrip().endswith("sitroom demo")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci.splitlines()


def test_every_contract_command_exists_in_the_cli():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"demo", "run", "ingest", "export", "serve", "watch", "eval", "bench"} <= set(sub.choices)
