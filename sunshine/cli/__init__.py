"""``sunshine`` command line: kernel commands here, stage commands mounted from their modules."""

from __future__ import annotations

import importlib

import typer

from sunshine.cli import core

app = typer.Typer(
    help="Sunshine 阳光公示 — publishing administrative penalty decisions.", no_args_is_help=True
)

STAGE_MODULES = (
    "sunshine.cli.redact_cmds",
    "sunshine.cli.rules_cmds",
    "sunshine.cli.users_cmds",
    "sunshine.cli.portal_cmds",
    "sunshine.cli.connectors_cmds",
    "sunshine.cli.search_cmds",
)


def build() -> typer.Typer:
    core.register(app)
    for name in STAGE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(app)
    return app


def main() -> None:
    build()()
