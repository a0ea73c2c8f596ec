"""``sunshine users add|disable|enable|list|passwd|token``: staff accounts for the review workspace.

Passwords are read from a prompt (or ``SUNSHINE_NEW_PASSWORD`` for scripted set-up), never from
the command line, so they do not end up in shell history or process listings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

users_app = typer.Typer(help="Staff accounts (reviewer, approver, admin).", no_args_is_help=True)
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

out = Console()
err = Console(stderr=True)


def _password(confirm: bool = True) -> str:
    env = os.environ.get("SUNSHINE_NEW_PASSWORD")
    if env:
        return env
    return str(typer.prompt("password", hide_input=True, confirmation_prompt=confirm))


@contextmanager
def _accounts() -> Iterator[Session]:
    """A session for one account change: an AuthError becomes a red message and exit code 2."""
    from sunshine.auth import AuthError
    from sunshine.db import session_factory

    with session_factory()() as session:
        try:
            yield session
        except AuthError as exc:
            err.print(f"[red]{exc}[/]")
            raise typer.Exit(2) from exc
        session.commit()


def _roles(value: str) -> list[str]:
    return [r.strip() for r in value.split(",") if r.strip()]


@users_app.command("add")
def add(
    username: str,
    role: str = typer.Option("reviewer", "--role", "-r", help="comma-separated: reviewer,approver,admin"),
    name: str = typer.Option("", "--name", help="display name, e.g. 王法制"),
) -> None:
    """Create an account (password from a prompt or SUNSHINE_NEW_PASSWORD)."""
    from sunshine.auth import create_user

    password = _password()
    with _accounts() as session:
        user = create_user(session, username, password, _roles(role), display_name=name, actor="cli")
    out.print(f"added {user.username} ({', '.join(user.roles)})")


@users_app.command("disable")
def disable(username: str) -> None:
    """Disable an account; its sessions and API tokens stop working at once."""
    from sunshine.auth import disable_user

    with _accounts() as session:
        disable_user(session, username, actor="cli")
    out.print(f"disabled {username}")


@users_app.command("enable")
def enable(username: str) -> None:
    """Re-enable a disabled account."""
    from sunshine.auth import enable_user

    with _accounts() as session:
        enable_user(session, username, actor="cli")
    out.print(f"enabled {username}")


@users_app.command("passwd")
def passwd(username: str) -> None:
    """Set a new password (signs the user out everywhere)."""
    from sunshine.auth import set_password

    password = _password()
    with _accounts() as session:
        set_password(session, username, password, actor="cli")
    out.print(f"password set for {username}")


@users_app.command("token")
def token(username: str, name: str = typer.Option("", help="what the token is for")) -> None:
    """Issue a bearer token for the JSON API (printed once; only its hash is stored)."""
    from sunshine.auth import issue_api_token

    with _accounts() as session:
        value = issue_api_token(session, username, name=name, actor="cli")
    print(value)


@users_app.command("list")
def list_users() -> None:
    """All accounts with roles and status."""
    from sqlalchemy import select

    from sunshine.db import session_factory
    from sunshine.models.accounts import User

    with session_factory()() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
    table = Table("username", "name", "roles", "active", "last sign-in")
    for u in users:
        table.add_row(
            u.username,
            u.display_name,
            ",".join(u.roles or []),
            "yes" if u.active else "no",
            f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "",
        )
    Console(width=160).print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
