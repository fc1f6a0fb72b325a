"""Client for a remote AUTOMATIC1111-compatible server (A1111, Forge, SD.Next).

`POST /sdapi/v1/txt2img` blocks until the images are done, so it runs on a helper thread while this
thread polls `GET /sdapi/v1/progress` for the progress bar and sends `POST /sdapi/v1/interrupt`
when the job is cancelled.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import json
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import httpx
from PIL import Image

from .base import (
    CancelCheck,
    ProgressCallback,
    RenderCancelled,
    RenderError,
    RenderMetadata,
    RenderRequest,
    RenderResult,
)
from .pose import with_pose_words
from .sd_prompt import background_request, fit_result


class A1111Renderer:
    name = "a1111"
    # The remote server renders one picture at a time: the slot keeps the queue's order true.
    light = False

    def __init__(
        self,
        base_url: str,
        *,
        steps: int = 25,
        cfg_scale: float = 7.0,
        sampler: str = "DPM++ 2M",
        scheduler: str = "Karras",
        model: str | None = None,
        timeout: float = 600.0,
        poll_interval: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.steps = steps
        self.cfg_scale = cfg_scale
        self.sampler = sampler
        self.scheduler = scheduler
        self.model = model
        self.timeout = timeout
        self.poll_interval = poll_interval
        self._transport = transport

    def payload(self, request: RenderRequest) -> dict[str, Any]:
        body: dict[str, Any] = {
            # A1111 has no ControlNet here: the pose reaches it as prompt words.
            "prompt": with_pose_words(request.prompt, request.pose),
            "negative_prompt": request.negative_prompt,
            "seed": request.seed,
            # A1111 gives image i of a batch seed + i, the same rule as RenderRequest.seeds().
            "batch_size": request.batch_size,
            "n_iter": 1,
            "steps": self.steps,
            "cfg_scale": self.cfg_scale,
            "width": request.width,
            "height": request.height,
            "sampler_name": self.sampler,
            "scheduler": self.scheduler,
            "send_images": True,
            "save_images": False,
        }
        if self.model:
            body["override_settings"] = {"sd_model_checkpoint": self.model}
        return body

    def render(
        self,
        request: RenderRequest,
        on_progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> RenderResult:
        # A scene renders from the background prompts, at its size rounded up to 8 then cropped.
        asked, request = request, background_request(request)
        with (
            httpx.Client(
                base_url=self.base_url, timeout=self.timeout, transport=self._transport
            ) as client,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="a1111") as pool,
        ):
            done = threading.Event()
            future = pool.submit(self._txt2img, client, request, done)
            was_cancelled = self._watch(client, future, done, on_progress, cancelled)
            data = future.result()
        if was_cancelled:
            raise RenderCancelled("cancelled on the A1111 server")
        if on_progress is not None:
            on_progress(1.0)
        return fit_result(self._result(request, data), asked)

    def _txt2img(
        self, client: httpx.Client, request: RenderRequest, done: threading.Event
    ) -> dict[str, Any]:
        try:
            response = client.post("/sdapi/v1/txt2img", json=self.payload(request))
            if response.status_code != 200:
                raise RenderError(f"A1111 answered {response.status_code}: {response.text[:200]}")
            data: dict[str, Any] = response.json()
            return data
        except httpx.HTTPError as exc:
            raise RenderError(f"A1111 server unreachable: {exc}") from exc
        finally:
            done.set()

    def _watch(
        self,
        client: httpx.Client,
        future: Future[dict[str, Any]],
        done: threading.Event,
        on_progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
    ) -> bool:
        """Poll progress until the render returns; interrupt once if cancelled."""
        interrupted = False
        last = 0.0
        while not done.wait(self.poll_interval):
            if cancelled is not None and not interrupted and cancelled():
                interrupted = True
                self._quiet_post(client, "/sdapi/v1/interrupt")
            if on_progress is not None and not interrupted:
                progress = self._progress(client)
                # The server drops back to 0 between jobs (and when idle): only ever move forward.
                if progress is not None and progress > last:
                    last = min(progress, 0.99)
                    on_progress(last)
        return interrupted or (cancelled is not None and future.done() and cancelled())

    def _progress(self, client: httpx.Client) -> float | None:
        try:
            response = client.get("/sdapi/v1/progress", params={"skip_current_image": "true"})
            return float(response.json().get("progress", 0.0))
        except (httpx.HTTPError, ValueError, TypeError):
            return None  # a missed progress poll is not worth failing the render

    @staticmethod
    def _quiet_post(client: httpx.Client, url: str) -> None:
        # The render thread reports the real failure, if any.
        with contextlib.suppress(httpx.HTTPError):
            client.post(url)

    def _result(self, request: RenderRequest, data: dict[str, Any]) -> RenderResult:
        encoded = data.get("images") or []
        try:
            info = json.loads(data.get("info") or "{}")
        except json.JSONDecodeError:
            info = {}
        seeds = info.get("all_seeds") or request.seeds()
        images: list[Image.Image] = []
        metadata: list[RenderMetadata] = []
        # Some servers append extra images (e.g. ControlNet maps); keep one per requested seed.
        for i, b64 in enumerate(encoded[: request.batch_size]):
            images.append(_decode(b64))
            metadata.append(
                RenderMetadata(
                    backend=self.name,
                    model=str(info.get("sd_model_name") or self.model or "unknown"),
                    steps=int(info.get("steps", self.steps)),
                    sampler=str(info.get("sampler_name", self.sampler)),
                    cfg_scale=float(info.get("cfg_scale", self.cfg_scale)),
                    seed=int(seeds[i] if i < len(seeds) else request.seed + i),
                    width=images[-1].width,
                    height=images[-1].height,
                )
            )
        if not images:
            raise RenderError("A1111 returned no images")
        return RenderResult(images=tuple(images), metadata=tuple(metadata))


def _decode(b64: str) -> Image.Image:
    try:
        raw = base64.b64decode(b64.split(",", 1)[-1], validate=False)
        with Image.open(io.BytesIO(raw)) as image:
            return image.convert("RGB")
    except (binascii.Error, OSError) as exc:
        raise RenderError(f"A1111 returned an unreadable image: {exc}") from exc
