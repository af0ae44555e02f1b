"""The built site at /, served from memory so pages stay quick while searches keep the CPU busy.

Starlette's ``StaticFiles`` hops to a worker thread to look a path up and again for every chunk
it reads; under load each hop waits for the GIL behind a search (article page p99 48 ms while
32 clients asked new questions, bench/api.py). Here the lookup (a ``realpath`` and a ``stat``,
microseconds) runs on the event loop and files up to ``MAX_CACHED_BYTES`` come from an LRU of
their bytes, keyed by path, size and modification time: a publish that rewrites a page is served
at once. Headers (ETag, Last-Modified, type), 304s, the directory redirect and 404.html are
Starlette's own; Range requests and large files go to ``FileResponse`` as before. A redirect page
kb wrote (an old or imported address, a short link) is answered with a 301 to its target, with
or without the trailing slash: browsers keep the ``#fragment`` across it.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections import OrderedDict

from starlette.datastructures import URL, Headers
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.staticfiles import NotModifiedResponse, PathLike, StaticFiles
from starlette.types import Scope

from kb.permalinks import redirect_page_target

__all__ = ["MAX_CACHED_BYTES", "CachedStaticFiles"]

MAX_CACHED_BYTES = 512 * 1024
_CACHE_BYTES = 64 * 1024 * 1024


class CachedStaticFiles(StaticFiles):
    """``StaticFiles`` with the lookup on the event loop and small files served from memory."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._cache: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self._cached_bytes = 0
        self._lock = threading.Lock()

    def _lookup(self, path: str) -> tuple[str, os.stat_result | None]:
        try:
            return self.lookup_path(path)
        except PermissionError as exc:
            raise HTTPException(status_code=401) from exc
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                raise HTTPException(status_code=404) from exc
            raise
        except ValueError as exc:  # null bytes or other invalid characters in the path
            raise HTTPException(status_code=404) from exc

    async def get_response(self, path: str, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(status_code=405, headers={"Allow": "GET, HEAD"})
        full_path, stat_result = self._lookup(path)
        if stat_result and stat.S_ISREG(stat_result.st_mode):
            return self.file_response(full_path, stat_result, scope)
        if stat_result and stat.S_ISDIR(stat_result.st_mode) and self.html:
            full_path, stat_result = self._lookup(os.path.join(path, "index.html"))
            if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
                moved = self._redirect_target(str(full_path), stat_result)
                if moved is not None:
                    query = scope.get("query_string", b"").decode("latin-1")
                    return RedirectResponse(moved + (f"?{query}" if query else ""), status_code=301)
                if not scope["path"].endswith("/"):
                    url = URL(scope=scope)
                    return RedirectResponse(url=url.replace(path=url.path + "/"))
                return self.file_response(full_path, stat_result, scope)
        if self.html:
            full_path, stat_result = self._lookup("404.html")
            if stat_result and stat.S_ISREG(stat_result.st_mode):
                return self.file_response(full_path, stat_result, scope, status_code=404)
        raise HTTPException(status_code=404)

    def file_response(
        self, full_path: PathLike, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        request_headers = Headers(scope=scope)
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result)
        if status_code == 200 and self.is_not_modified(response.headers, request_headers):
            return NotModifiedResponse(response.headers)
        if stat_result.st_size > MAX_CACHED_BYTES or "range" in request_headers:
            return response
        body = self._read(str(full_path), stat_result)
        if body is None:
            return response
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return Response(body, status_code=status_code, headers=headers, media_type=response.media_type)

    def _redirect_target(self, full_path: str, stat_result: os.stat_result) -> str | None:
        if stat_result.st_size > 8192:  # redirect pages are ~700 bytes
            return None
        body = self._read(full_path, stat_result)
        return redirect_page_target(body) if body is not None else None

    def _read(self, path: str, stat_result: os.stat_result) -> bytes | None:
        key = (path, stat_result.st_size, stat_result.st_mtime_ns)
        with self._lock:
            body = self._cache.get(key)
            if body is not None:
                self._cache.move_to_end(key)
                return body
        try:
            with open(path, "rb") as handle:
                body = handle.read(MAX_CACHED_BYTES + 1)
        except OSError:
            return None
        if len(body) != stat_result.st_size:  # rewritten while we read: serve it from disk
            return None
        with self._lock:
            self._cache[key] = body
            self._cached_bytes += len(body)
            while self._cached_bytes > _CACHE_BYTES and self._cache:
                _old, dropped = self._cache.popitem(last=False)
                self._cached_bytes -= len(dropped)
        return body
