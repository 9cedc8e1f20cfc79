"""A scripted OpenAI-compatible `/v1/embeddings` server for OpenAIEmbedderTests (Python stdlib only).

Run: python3 fake_openai_server.py. It listens on a free loopback port and prints one line,
"PORT <p> CLOSED <q>", where <q> is a port that was bound and closed again (for connection-refused), then
serves until killed (or until its stdin closes, so it dies with the test process).

The request's `model` picks the scenario; each model's attempts are counted (GET /_attempts/<model>) and
the last Authorization header kept (GET /_auth/<model>). The vectors are a function of the text that the
test recomputes: width 4, v[j] = ((sum of the UTF-8 bytes) * (j + 1) % 101) / 100 - 0.5.

Scenarios: ok, auth401 (echoes the key it got), forbidden403, rate429 (429 with Retry-After: 1, then ok),
server500 (500, then ok), always503, bad400, malformed, fewer, widthsecond (width 3 from the second request),
shuffled (data in reverse order, indices right), dupindex, nanb64 (a NaN in base64), slow (sleeps 3 s).
"""
import base64
import json
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ATTEMPTS = {}
AUTH = {}
LOCK = threading.Lock()


def vector(text, width=4):
    s = sum(text.encode("utf-8"))
    return [((s * (j + 1)) % 101) / 100 - 0.5 for j in range(width)]


def item(i, v, b64):
    emb = base64.b64encode(struct.pack("<%df" % len(v), *v)).decode("ascii") if b64 else v
    return {"object": "embedding", "index": i, "embedding": emb}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def send(self, code, body, headers=()):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    def error(self, code, message, headers=()):
        self.send(code, {"error": {"message": message, "type": "test", "code": None}}, headers)

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "_attempts":
            with LOCK:
                self.send(200, {"attempts": ATTEMPTS.get(parts[1], 0)})
        elif len(parts) == 2 and parts[0] == "_auth":
            with LOCK:
                self.send(200, {"authorization": AUTH.get(parts[1])})
        else:
            self.error(404, "unknown route")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0) or 0)
        req = json.loads(self.rfile.read(n) or b"{}")
        model = req.get("model", "")
        texts = req.get("input", [])
        b64 = req.get("encoding_format") == "base64"
        with LOCK:
            ATTEMPTS[model] = ATTEMPTS.get(model, 0) + 1
            attempt = ATTEMPTS[model]
            AUTH[model] = self.headers.get("Authorization")
        if self.path != "/v1/embeddings":
            return self.error(404, "unknown route " + self.path)
        ok = lambda: self.send(200, {"object": "list", "model": model,
                                     "data": [item(i, vector(t), b64) for i, t in enumerate(texts)]})
        if model == "ok":
            ok()
        elif model == "auth401":
            self.error(401, "Incorrect API key provided: %s" % self.headers.get("Authorization", ""))
        elif model == "forbidden403":
            self.error(403, "this key may not use the model")
        elif model == "rate429":
            self.error(429, "rate limited", [("Retry-After", "1")]) if attempt == 1 else ok()
        elif model == "server500":
            self.error(500, "internal failure") if attempt == 1 else ok()
        elif model == "always503":
            self.error(503, "overloaded, try later")
        elif model == "bad400":
            self.error(400, "'input' is too long for this model")
        elif model == "malformed":
            self.send(200, b'{"object": "list", "data": [{"index": 0, "embedding": [0.1, ')
        elif model == "fewer":
            self.send(200, {"object": "list", "data": [item(i, vector(t), b64) for i, t in enumerate(texts[:-1])]})
        elif model == "widthsecond":
            w = 4 if attempt == 1 else 3
            self.send(200, {"object": "list", "data": [item(i, vector(t, w), b64) for i, t in enumerate(texts)]})
        elif model == "shuffled":
            data = [item(i, vector(t), b64) for i, t in enumerate(texts)]
            self.send(200, {"object": "list", "data": data[::-1]})
        elif model == "dupindex":
            self.send(200, {"object": "list", "data": [item(0, vector(t), b64) for t in texts]})
        elif model == "nanb64":
            data = [item(i, vector(t), True) for i, t in enumerate(texts)]
            data[-1] = item(len(texts) - 1, [0.0, float("nan"), 0.0, 0.0], True)
            self.send(200, {"object": "list", "data": data})
        elif model == "slow":
            time.sleep(3)
            ok()
        else:
            self.error(404, "unknown scenario model " + model)


def main():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    print("PORT %d CLOSED %d" % (httpd.server_address[1], closed_port), flush=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    sys.stdin.read()          # returns when the test process closes the pipe (or dies)
    httpd.shutdown()


if __name__ == "__main__":
    main()
