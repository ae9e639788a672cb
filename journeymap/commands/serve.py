"""Serve a live studio: the report's pages redraw in the browser as you save, and walkthroughs are recorded there.

Open the printed address. Every open page updates by itself when a journey or
walkthrough file under PATH (default: the current folder) is saved; a file saved with
errors shows them, located, over the last good map. "Record a walkthrough" on a
journey's page records a customer-driving-licence walk on a phone or laptop, saved
after every step next to the journey. By default only this computer can connect;
`--host 0.0.0.0` lets phones on the same network in, with the access token in the
printed link. Ctrl-C stops the studio.
"""

from __future__ import annotations

import argparse
import errno
import gc
import ipaddress
import os
import secrets
import socket
import sys
import threading
import webbrowser

from journeymap.commands.options import add_ignore, add_licence_options, ignored_codes
from journeymap.errors import InputNotFoundError, UsageError
from journeymap.render import ROW_CHOICES

DEFAULT_PORT = 8000
WORKSHOP_ON_LOOPBACK = "JOURNEYMAP_TEST_WORKSHOP_ON_LOOPBACK"  # test hook: read only here; no user needs it


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number from 1 to 65535 (0: any free port)")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH", help="journey files or folders to serve (default: .)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this computer only; 0.0.0.0 for phones on the network, "
        "which needs the access token in the printed link)",
    )
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT}; 0: any free port)"
    )
    parser.add_argument("--open", action="store_true", help="open the studio in the default browser")
    parser.add_argument(
        "--rows",
        choices=ROW_CHOICES,
        default="channel",
        help="rows of the journey-map grid: channels (default) or the departments that own the touchpoints",
    )
    add_licence_options(parser)
    add_ignore(parser)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, or a UsageError saying why not (a taken port, an address not of this computer)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise UsageError(f"--host {host}: not an address of this computer ({error.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use (another `journeymap serve`?): stop it, "
                "or choose another port with --port N (--port 0 picks a free one)"
            ) from None
        raise UsageError(f"cannot listen on {host} port {port}: {error.strerror}") from None
    sock.set_inheritable(True)
    return sock


def lan_address() -> str:
    """This computer's address on the local network, as phones reach it (no packet is sent to find it)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, nothing is sent
        address: str = probe.getsockname()[0]
        return address
    except OSError:
        return socket.gethostname()
    finally:
        probe.close()


SERVE_HINT = "journeymap serve needs Starlette, uvicorn and watchfiles: pip install 'journeymap[serve]'"


def run(args: argparse.Namespace) -> int:
    try:
        import starlette  # noqa: F401  (the extra, all three, before anything else is done)
        import uvicorn
        import watchfiles  # noqa: F401
    except ImportError:
        raise UsageError(SERVE_HINT) from None

    from journeymap.serve.app import create_app
    from journeymap.serve.connections import (
        HEADROOM,
        KEEP_ALIVE_SECONDS,
        PER_CLIENT,
        descriptor_budget,
        protocol_for,
        quiet_logs,
    )
    from journeymap.serve.site import Site

    for path in args.paths:  # an empty folder is fine (journeys may come), a mistyped one is not
        if not os.path.exists(path):
            raise InputNotFoundError(f"{path}: no such file or folder")
    gc.enable()  # a server lives long: the cyclic collector is needed (cli.main turns it off for short runs)
    site = Site(args.paths, rows=args.rows, valid_for_months=args.valid_for, ignore=ignored_codes(args))
    if args.on is not None:
        day = args.on
        site.today = lambda: day
    # The test hook puts a loopback studio in workshop mode, so the suite can try it without a network.
    local = is_loopback(args.host) and not os.environ.get(WORKSHOP_ON_LOOPBACK)
    access = None if local else secrets.token_urlsafe(18)
    sock = listen(args.host, args.port)
    port = sock.getsockname()[1]
    shown_host = args.host if args.host not in ("0.0.0.0", "::", "") else lan_address()
    served = {args.host, shown_host, socket.gethostname(), socket.gethostname() + ".local"}
    site.build()
    journeys = len(site.graphs)
    shown = f"[{shown_host}]" if ":" in shown_host else shown_host
    url = f"http://{shown}:{port}/" + (f"?token={access}" if access else "")
    app = create_app(site, csrf_token=secrets.token_urlsafe(24), access_token=access, served_hosts=sorted(served))
    print(f"journeymap serve: {journeys} journey{'s' if journeys != 1 else ''} from {', '.join(args.paths)}")
    print(f"  open {url}", flush=True)
    if access:
        print("  (workshop mode: anyone with this link on your network can open the studio; share it only there)")
    print("  Ctrl-C stops the studio.", flush=True)
    if args.open:
        threading.Timer(0.5, webbrowser.open, [url]).start()
    # Idle and slow connections are closed, the oldest first, and never outnumber the descriptors
    # (journeymap.serve.connections); in workshop mode one device holds at most PER_CLIENT of them.
    limits = descriptor_budget(None if local else PER_CLIENT)
    quiet_logs()
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=1,
        ws="none",
        http=protocol_for(limits),
        limit_concurrency=limits.most + HEADROOM,  # connections are shed at `most`: a prompt request gets no 503
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    print("journeymap serve: stopped", file=sys.stderr)
    return 0
