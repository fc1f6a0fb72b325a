"""A small local server that speaks the A1111 API subset the client uses (txt2img, progress,
interrupt), drawing a flat image per seed so results can be checked."""

from __future__ import annotations

import base64
import io
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image


@dataclass
class FakeA1111:
    step_seconds: float = 0.02
    progress: float = 0.0
    interrupted: bool = False
    steps_done: int = 0
    fail_with: int | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def txt2img(self, body: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(body)
        steps = int(body["steps"])
        for step in range(steps):
            if self.interrupted:
                break
            time.sleep(self.step_seconds)
            self.steps_done += 1
            self.progress = (step + 1) / steps
        seeds = [int(body["seed"]) + i for i in range(int(body["batch_size"]))]
        images = []
        for seed in seeds:
            buffer = io.BytesIO()
            color = (seed % 256, (seed * 7) % 256, 128)
            Image.new("RGB", (body["width"], body["height"]), color).save(buffer, "PNG")
            images.append(base64.b64encode(buffer.getvalue()).decode())
        info = {
            "all_seeds": seeds,
            "sd_model_name": "fake-model",
            "sampler_name": body["sampler_name"],
            "steps": steps,
            "cfg_scale": body["cfg_scale"],
        }
        self.progress = 0.0
        return {"images": images, "parameters": body, "info": json.dumps(info)}


@contextmanager
def serve(fake: FakeA1111) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.startswith("/sdapi/v1/progress"):
                self._send(
                    200, {"progress": fake.progress, "state": {"interrupted": fake.interrupted}}
                )
            else:
                self._send(404, {"detail": "Not Found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path == "/sdapi/v1/txt2img":
                if fake.fail_with is not None:
                    self._send(fake.fail_with, {"error": "OutOfMemoryError"})
                    return
                self._send(200, fake.txt2img(body))
            elif self.path == "/sdapi/v1/interrupt":
                fake.interrupted = True
                self._send(200, {})
            else:
                self._send(404, {"detail": "Not Found"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
