"""``diurna serve``: the web UI and JSON API over a store (diurna.web; docs/web.md)."""

from __future__ import annotations

import ipaddress

import click

from diurna.cli.ingest import DEFAULT_STORE

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True, type=click.Path(file_okay=False),
              help="The store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default is reachable from this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--read-only", is_flag=True, default=False,
              help="Refuse to save pasted texts: the store is only read.")
def serve(store_dir: str, host: str, port: int, read_only: bool) -> None:
    """Serve a web UI and a JSON API over a store: events, articles with their evidence, dyad timelines, actors,
    search, and coding of a pasted text."""
    import uvicorn

    from diurna.config import Config
    from diurna.web import create_app

    if not host.strip():
        raise click.BadParameter("is empty", param_hint="--host")
    # On the loopback interface, only requests addressed to it are answered (a DNS-rebinding page of another site
    # cannot reach the server through a name of its own).
    allowed = [*LOOPBACK_NAMES, host] if is_loopback(host) else None
    app = create_app(store_dir, Config.from_env(), allow_save=not read_only, allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    click.echo(f"diurna serve: {store_dir} at http://{shown}:{port}/ (Ctrl-C stops it)", err=True)
    if not is_loopback(host):
        click.echo(f"Warning: listening on {host}: anyone who can reach this address can read the store"
                   + ("" if read_only else " and add texts to it (--read-only refuses that)"), err=True)
    uvicorn.run(app, host=host.strip("[]"), port=port, log_level="warning", server_header=False)
