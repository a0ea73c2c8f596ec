"""Serving the sample site on loopback (a thread in tests; ``python -m connectors.samplesite`` for demos)."""

from __future__ import annotations

import argparse
import threading
import time
from types import TracebackType

import uvicorn

from connectors.samplesite.app import create_app
from connectors.samplesite.state import SampleCaseSystem


class SiteServer:
    """``with SiteServer(site) as url: ...`` — uvicorn on 127.0.0.1, an ephemeral port by default."""

    def __init__(self, site: SampleCaseSystem, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        config = uvicorn.Config(
            create_app(site), host=host, port=port, log_level="warning", access_log=False, lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = ""

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("sample site did not start")
            time.sleep(0.02)
        sock = self.server.servers[0].sockets[0]
        host, port = sock.getsockname()[:2]
        self.url = f"http://{host}:{port}"
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the sample case system.")
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("-n", type=int, default=24, help="how many synthetic decisions")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    site = SampleCaseSystem(args.n, seed=args.seed)
    print(f"sample case system on http://127.0.0.1:{args.port}  (login {site.username} / {site.password})")
    uvicorn.run(create_app(site), host="127.0.0.1", port=args.port, log_level="warning")
