"""``/data.json?as_of=DAY`` answered from the day's kept file (``bulk.daystore``), never replayed.

A request costs what ``/data.json`` costs: one ``stat`` of the index (parsed again only when it
changed), then the day's brotli or gzip twin by WhiteNoise's responder (strong ETag per
representation, Last-Modified, 304, byte ranges, sendfile); a client that accepts neither (by
``domain.codings.choose``: no header, or one refusing both) gets the gzip twin inflated as it is
sent, in bounded pieces. No query, whatever the day or the size of the registry.

What an asker cannot make the server do: a malformed day is refused (400); a day before the
registry's first day is not found (404: there is nothing to show, and nothing is computed to say
so); a day not begun is read as today, saying so in ``X-Trustreg-Note`` (as every ``as_of`` page
does); a past day the retention policy keeps no file for is redirected (303) to the nearest kept
day before it, saying so; a kept day whose file the worker has not written yet answers 503 with
``Retry-After``.
"""

from __future__ import annotations

import datetime as dt
import threading
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import StaticFile

from trustreg.bulk import daystore, negotiate
from trustreg.domain import codings
from trustreg.domain.history import BadDate, not_after_today, parse_date

URL = "/data.json"
EXPOSE = "ETag, Last-Modified, X-Trustreg-As-Of, X-Trustreg-Note, Retry-After"
HEADERS = {**negotiate.READ_HEADERS, "Access-Control-Expose-Headers": EXPOSE}
RETRY_NOT_WRITTEN = 120  # seconds: the worker replays about one day a minute at 20,000 offerings
RETRY_NO_INDEX = 30
_MADE_LIMIT = 1024  # responders kept (three per day and text): more only after days were rewritten


def _json(status: int, doc: dict[str, object], **headers: str) -> HttpResponse:
    response = JsonResponse(doc, status=status)
    for key, value in {**HEADERS, **headers}.items():
        response[key] = value
    return response


def respond(request: HttpRequest, raw: str) -> HttpResponseBase:
    """The answer to ``/data.json?as_of=<raw>``."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        day = parse_date(raw[:40], name="as_of")
    except BadDate as exc:
        return _json(400, {"error": f"{exc}. Leave it out for the registry as it is today."})
    today = timezone.now().astimezone(dt.UTC).date()
    day, note = not_after_today(day, today)
    index = daystore.cached_index.get()
    if index is None:
        return _json(503, {"detail": "The bulk worker has not written the past days' data.json yet "
                                     "(`trustreg bulk worker`). Try again shortly."}, **{"Retry-After": str(RETRY_NO_INDEX)})
    first = index.first_day
    if first is None or day < first:
        since = f"starts on {first.isoformat()}" if first else "has no history yet"
        return _json(404, {"error": f"The registry's history {since}: there is no data.json as of {day.isoformat()}.",
                           "first_day": first.isoformat() if first else None})
    if not daystore.is_kept(day, first, today):
        return _redirect(day, daystore.nearest_kept(day, first, today))
    kept = index.days.get(day)
    if kept is None:
        return _json(503, {"detail": f"The data.json as of {day.isoformat()} is being written by the bulk worker "
                                     "(it is replayed from the revisions in the background, never on a request). "
                                     "Try again shortly.", "as_of": day.isoformat()},
                     **{"Retry-After": str(RETRY_NOT_WRITTEN)})
    response = _serve(request, day, kept)
    response["X-Trustreg-As-Of"] = day.isoformat()
    if note:
        response["X-Trustreg-Note"] = note
    return response


def _redirect(day: dt.date, target: dt.date) -> HttpResponse:
    note = (f"No data.json is kept for {day.isoformat()} (kept: the first day, each month's last day and the last "
            f"{daystore.daily_days()} days); redirected to the nearest kept day before it, {target.isoformat()}.")
    location = f"{URL}?as_of={target.isoformat()}"
    return _json(303, {"detail": note, "as_of": target.isoformat(), "url": location},
                 Location=location, **{"X-Trustreg-Note": note})


class _Responders:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._made: dict[tuple[dt.date, str, str], StaticFile] = {}

    def get(self, day: dt.date, kept: daystore.DayFile, twin: str) -> StaticFile:
        key = (day, kept.sha256, twin)
        made = self._made.get(key)
        if made is None:
            entry = kept.entry(day)
            etag = entry.br_etag if twin == "br" else entry.gzip_etag
            encoding = "br" if twin == "br" else "gzip"
            made = StaticFile(str(daystore.path(day, kept.sha256, twin)), [
                ("Content-Type", "application/json"), ("Content-Encoding", encoding), ("ETag", etag),
                ("Vary", "Accept-Encoding"), *_common(kept)])
            with self._lock:
                if len(self._made) >= _MADE_LIMIT:
                    self._made.clear()
                self._made[key] = made
        return made


_responders = _Responders()


def _common(kept: daystore.DayFile) -> list[tuple[str, str]]:
    return [("Last-Modified", http_date(int(kept.last_modified.timestamp()))), *HEADERS.items()]


def _serve(request: HttpRequest, day: dt.date, kept: daystore.DayFile) -> HttpResponseBase:
    chosen = negotiate.coding(request)
    if chosen == codings.IDENTITY:
        return _plain(request, day, kept)
    try:
        return WhiteNoiseMiddleware.serve(_responders.get(day, kept, "br" if chosen == "br" else "gz"), request)
    except FileNotFoundError:  # removed after a newer index named another text: read that one
        return _json(503, {"detail": "The file was just replaced; ask again."}, **{"Retry-After": "1"})


def _plain(request: HttpRequest, day: dt.date, kept: daystore.DayFile) -> HttpResponseBase:
    """For a client that takes no coding: the gzip twin inflated as it is sent, in bounded pieces
    (:func:`inflated`), its length the text's size recorded when the file was written. No ranges:
    the text exists nowhere to seek in, and a server may answer a range with the whole (RFC 9110 §14.2)."""
    entry = kept.entry(day)
    modified = int(kept.last_modified.timestamp())
    unchanged = get_conditional_response(request, etag=entry.etag, last_modified=modified)
    headers = {"Content-Type": "application/json", "ETag": entry.etag, "Vary": "Accept-Encoding",
               **dict(_common(kept))}
    if unchanged is not None:
        for key, value in headers.items():
            unchanged[key] = value
        return unchanged
    try:
        fh = open(daystore.path(day, kept.sha256, "gz"), "rb")  # noqa: SIM115 - closed by the stream
    except FileNotFoundError:
        return _json(503, {"detail": "The file was just replaced; ask again."}, **{"Retry-After": "1"})
    if request.method == "HEAD":
        fh.close()
        response: HttpResponseBase = HttpResponse(b"")
    else:
        response = StreamingHttpResponse(inflated(fh))
    for key, value in headers.items():
        response[key] = value
    response["Content-Length"] = str(kept.size)
    return response


READ_BYTES = 1 << 16  # of the gzip file per read
CHUNK_BYTES = 1 << 18  # of text per piece sent: what a request holds, whatever the size of the day


def inflated(fh: BinaryIO) -> Iterator[bytes]:
    """The text of the gzip stream ``fh``, in pieces of at most :data:`CHUNK_BYTES`, reading at most
    :data:`READ_BYTES` at a time (closes ``fh``). zlib checks the trailer's CRC and length: a damaged
    file ends the stream with an error, never a wrong text sent as whole."""
    with fh:
        inflater = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
        while True:
            if inflater.eof:  # a further gzip member follows, or the file is done (RFC 1952 allows several)
                packed = inflater.unused_data or fh.read(READ_BYTES)
                if not packed:
                    return
                inflater = zlib.decompressobj(wbits=31)
            else:
                packed = inflater.unconsumed_tail or fh.read(READ_BYTES)
            if piece := inflater.decompress(packed, CHUNK_BYTES):
                yield piece
            elif not packed and not inflater.eof:
                raise zlib.error("the gzip file ended before its trailer")
