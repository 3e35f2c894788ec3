"""A zaaksysteem on localhost that answers as the ZGW specs say, for the tests.

Every request is checked against the official OpenAPI specs in ../shared/zgw (Open Zaak
1.30.0's, validated with openapi-core) and against the JWT the standard asks for (HS256 with
the client secret, claim client_id); a request that fails either is answered as a real
zaaksysteem would (400 with invalidParams, 401) and kept in ``problems``. Objects the app
creates are kept, so list queries find them again (as a retry does). ``fail`` makes the next
matching request answer with an error or time out, to test the failure paths.
"""

import json
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

# The specs beside the checkout (../shared/zgw), or where ZGW_SPECS_DIR says.
SPECS = Path(os.environ.get("ZGW_SPECS_DIR") or
             Path(__file__).resolve().parents[2].parent / "shared" / "zgw")
EXTERNAL = re.compile(r"https://raw\.githubusercontent\.com/[^#'\"\s]+#/components/schemas/(\w+)")
CLIENT_ID, SECRET, RSIN = "maatwerk", "zgw-geheim-voor-de-test-van-maatwerk-2026", "002220647"
ZAAK_ID = "ZAAK-2026-0042"


@cache
def spec(component):
    """The component's spec; its references to the Catalogi API by an https URL become a
    free-form object (no network here)."""
    path = SPECS / f"{component}.openapi.yaml"
    assert path.exists(), f"ZGW spec {path} not found: set ZGW_SPECS_DIR"
    text = path.read_text(encoding="utf-8")
    names = set(EXTERNAL.findall(text))
    text = EXTERNAL.sub(lambda m: "#/components/schemas/Extern" + m.group(1), text)
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    for name in names:
        data["components"]["schemas"]["Extern" + name] = {"type": "object"}
    return OpenAPI.from_dict(data, config=Config(spec_validator_cls=None))


@dataclass
class OpenAPIRequest:
    host_url: str
    path: str
    method: str
    parameters: RequestParameters
    content_type: str
    body: bytes | None


@dataclass
class Fail:
    method: str
    path_part: str
    status: int = 500
    body: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a timeout when over the client's)
    after: bool = False  # do the work first, then fail (a lost answer)
    times: int = 1


class Zaaksysteem:
    def __init__(self):
        self.objects = {}  # url → object
        self.requests, self.problems, self.failures = [], [], []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.root = f"http://127.0.0.1:{self.server.server_port}"
        zaak_url = f"{self.root}/zaken/api/v1/zaken/{uuid.uuid4()}"
        self.objects[zaak_url] = {"url": zaak_url, "identificatie": ZAAK_ID,
                                  "bronorganisatie": RSIN}
        self.zaak_url = zaak_url

    def settings(self, settings):
        settings.ZGW_ENABLED = True
        settings.ZGW_ZAKEN_ROOT = f"{self.root}/zaken/api/v1"
        settings.ZGW_DOCUMENTEN_ROOT = f"{self.root}/documenten/api/v1"
        settings.ZGW_BESLUITEN_ROOT = f"{self.root}/besluiten/api/v1"
        settings.ZGW_CLIENT_ID, settings.ZGW_SECRET, settings.ZGW_RSIN = CLIENT_ID, SECRET, RSIN
        settings.ZGW_INFORMATIEOBJECTTYPE = (
            f"{self.root}/catalogi/api/v1/informatieobjecttypen/{uuid.uuid4()}")
        settings.ZGW_BESLUITTYPE = f"{self.root}/catalogi/api/v1/besluittypen/{uuid.uuid4()}"
        settings.ZGW_TIMEOUT = 3  # generous: a loaded CI machine validates a PDF body slowly
        settings.ZGW_RETRY_SECONDS = 0

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def created(self, kind):
        return [o for url, o in self.objects.items() if f"/api/v1/{kind}/" in url]

    def posts(self):
        return [(r["path"].split("/api/v1")[1], r["body"]) for r in self.requests
                if r["method"] == "POST"]

    def fail(self, method, path_part, **kwargs):
        self.failures.append(Fail(method, path_part, **kwargs))

    # --- the server ---------------------------------------------------------------------

    def _handler(self):
        system = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                system.handle(self, "GET")

            def do_POST(self):  # noqa: N802
                system.handle(self, "POST")

            def log_message(self, *args):
                pass

        return Handler

    def handle(self, handler, method):
        parts = urlsplit(handler.path)
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0)) or None
        query = parse_qs(parts.query)
        record = {"method": method, "path": parts.path, "query": query,
                  "body": json.loads(body) if body else None,
                  "authorization": handler.headers.get("Authorization", "")}
        with self.lock:
            self.requests.append(record)
            failure = next((f for f in self.failures if f.method == method
                            and f.path_part in parts.path and f.times > 0), None)
            if failure:
                failure.times -= 1
        if failure and not failure.after:
            time.sleep(failure.delay)
            return self.answer(handler, failure.status, failure.body)
        status, answer = self.process(handler, method, parts, query, body, record)
        if failure:
            time.sleep(failure.delay)
            return self.answer(handler, failure.status, failure.body)
        return self.answer(handler, status, answer)

    def process(self, handler, method, parts, query, body, record):
        try:
            claims = jwt.decode(record["authorization"].removeprefix("Bearer "), SECRET,
                                algorithms=["HS256"], options={"require": ["iat"]})
            assert claims["client_id"] == CLIENT_ID and claims["iss"] == CLIENT_ID
            record["claims"] = claims
        except (jwt.PyJWTError, KeyError, AssertionError) as exc:
            self.problems.append(f"{method} {parts.path}: JWT {exc}")
            return 401, {"code": "not_authenticated", "title": "Niet geauthenticeerd"}
        component = parts.path.split("/")[1]
        request = OpenAPIRequest(
            host_url=self.root, path=parts.path, method=method.lower(),
            parameters=RequestParameters(
                query=ImmutableMultiDict([(k, v) for k, vs in query.items() for v in vs]),
                header=Headers(list(handler.headers.items())), cookie=ImmutableMultiDict()),
            content_type=handler.headers.get("Content-Type", ""), body=body)
        try:
            spec(component).validate_request(request)
        except Exception as exc:  # noqa: BLE001 - every validation error is an answer
            detail = getattr(exc, "__cause__", None) or exc
            self.problems.append(f"{method} {parts.path}: {exc}: {detail}")
            return 400, {"code": "invalid", "title": "Invalid input.",
                         "invalidParams": [{"name": "body", "code": "invalid",
                                            "reason": str(detail)[:300]}]}
        if method == "GET":
            return 200, self.search(parts.path, query)
        return self.create(parts.path, record["body"])

    def search(self, path, query):
        if re.search(r"/[0-9a-f-]{36}$", path):
            found = self.objects.get(self.root + path)
            return found or {}
        wanted = {k: v[0] for k, v in query.items()}
        results = [o for url, o in self.objects.items()
                   if url.startswith(self.root + path + "/")
                   and all(str(o.get(k)) == v for k, v in wanted.items())]
        if path.endswith(("zaakinformatieobjecten", "besluitinformatieobjecten")):
            return results  # these two lists are not paginated
        return {"count": len(results), "next": None, "previous": None, "results": results}

    def create(self, path, data):
        key = ("identificatie", "bronorganisatie" if "informatieobject" in path
               else "verantwoordelijkeOrganisatie")
        if data.get("identificatie") and any(
                all(o.get(k) == data.get(k) for k in key) for o in self.created(
                    path.rsplit("/", 1)[1])):
            return 400, {"code": "invalid", "title": "Invalid input.", "invalidParams": [
                {"name": "identificatie", "code": "identificatie-niet-uniek",
                 "reason": "Deze identificatie bestaat al."}]}
        url = f"{self.root}{path}/{uuid.uuid4()}"
        stored = {**data, "url": url}
        stored.pop("inhoud", None)
        self.objects[url] = stored
        return 201, stored

    @staticmethod
    def answer(handler, status, body):
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
