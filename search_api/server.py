"""``kb serve``'s server: the site at / and the API at /api on one port, in one or more workers.

Several workers are separate processes, each with its own listening socket on the same port
(``SO_REUSEPORT``): the kernel spreads new connections over them evenly. uvicorn's own
``--workers`` shares one socket instead, and under load one process's event loop wins most
accepts; measured with 32 keep-alive clients, one worker did 93 % of the work and throughput
halved (bench/README.md). The supervisor here starts the workers, restarts one that dies, and
passes a Ctrl-C or SIGTERM on so each finishes its requests and writes its search log.

Whatever must hold across workers (sign-outs, rate limits, the search log, the index) lives in
the data dir, not in a process; the settings and the site folder travel in an environment
variable to each worker.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import signal
import socket
import sys
import time
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI

from kb.config import Settings, settings_from_json, settings_to_json
from kb.errors import ConfigError, KBError
from search_api.app import create_app

__all__ = ["default_workers", "run_server", "worker_app"]

_WORKER_ENV = "KB_SERVE_WORKER_STATE"
#: How often Python's GIL changes hands (default 5 ms). A search thread holds it for long stretches
#: of Python; at 1 ms the event loop gets it back sooner, so health checks, pages and cached
#: answers stay quick while searches run (bench/README.md: health p99 under load 36 → 14 ms).
_SWITCH_SECONDS = 0.001
_STOP_SECONDS = 30.0
#: No access log (it would hold every question asked), and no X-Forwarded-For from uvicorn: it
#: trusts 127.0.0.1 whatever stands there; kb reads it from ``trusted_proxies`` only.
_UVICORN: dict[str, Any] = {"log_level": "warning", "access_log": False, "proxy_headers": False}


def default_workers() -> int:
    """One worker per core, at most 4 (a search is short; more processes mostly cost memory)."""
    return max(1, min(4, os.cpu_count() or 1))


def run_server(settings: Settings, site_dir: Path, host: str, port: int, workers: int = 1) -> None:
    """Serve ``site_dir`` (made ready by :func:`kb.site.preview.prepare`) at / and the API at /api."""
    sys.setswitchinterval(_SWITCH_SECONDS)
    if workers <= 1:
        # This process just built the site: move what it keeps out of the garbage collector's
        # sight, or every full collection walks MkDocs' pages again (hot answers: 1,278 → see
        # bench/README.md).
        gc.collect()
        gc.freeze()
        uvicorn.run(create_app(settings, site_dir=site_dir), host=host, port=port, **_UVICORN)
        return
    os.environ[_WORKER_ENV] = json.dumps({"settings": settings_to_json(settings), "site_dir": str(site_dir)})
    if not hasattr(socket, "SO_REUSEPORT"):  # not Linux or BSD: uvicorn's shared socket
        uvicorn.run(
            "search_api.server:worker_app", factory=True, host=host, port=port, workers=workers, **_UVICORN
        )
        return
    _listening_socket(host, port).close()  # the port is free (a clear error now, not N worker tracebacks)
    Supervisor(host, port, workers).run()


def worker_app() -> FastAPI:
    """The app of one worker process, from the state :func:`run_server` handed down."""
    sys.setswitchinterval(_SWITCH_SECONDS)
    state = json.loads(os.environ[_WORKER_ENV])
    return create_app(settings_from_json(state["settings"]), site_dir=Path(state["site_dir"]), warm=True)


def _listening_socket(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"cannot listen on {host}:{port}: {exc.strerror}", "stop what uses that port or pass --port"
        ) from exc
    return sock


def _serve_worker(host: str, port: int) -> None:
    """One worker process: its own socket on the shared port, one uvicorn server."""
    sock = _listening_socket(host, port)
    config = uvicorn.Config(worker_app, factory=True, host=host, port=port, **_UVICORN)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])


class Supervisor:
    """Starts ``workers`` processes, restarts any that dies, stops them all on SIGINT/SIGTERM."""

    def __init__(self, host: str, port: int, workers: int) -> None:
        self.host, self.port, self.count = host, port, workers
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[BaseProcess] = []
        self.stopping = False
        self.failed = ""

    def _start(self) -> BaseProcess:
        process = self.context.Process(target=_serve_worker, args=(self.host, self.port), name="kb-worker")
        process.start()
        return process

    def _stop(self, _signum: int, _frame: FrameType | None) -> None:
        self.stopping = True

    def run(self) -> None:
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.processes = [self._start() for _ in range(self.count)]
            started = time.monotonic()
            while not self.stopping:
                time.sleep(0.2)
                for n, process in enumerate(self.processes):
                    if process.is_alive() or self.stopping:
                        continue
                    what = f"kb: worker {process.pid} stopped (exit code {process.exitcode})"
                    if time.monotonic() - started < 10:  # dying at start: restarting would only loop
                        self.failed = f"{what} while starting"
                        self.stopping = True
                        break
                    print(f"{what}; starting another", file=sys.stderr)
                    self.processes[n] = self._start()
        finally:
            for process in self.processes:
                if process.is_alive() and process.pid is not None:
                    os.kill(process.pid, signal.SIGTERM)  # uvicorn: finish requests, run shutdown
            deadline = time.monotonic() + _STOP_SECONDS
            for process in self.processes:
                process.join(max(0.1, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if self.failed:
            raise KBError(self.failed, "see the worker's error above; kb serve --workers 1 shows it alone")
