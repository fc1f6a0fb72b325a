"""A renderer that draws nothing: a flat canvas after an optional delay, reporting progress and
honouring cancellation. Used to measure the queue itself and to make jobs slow in fault tests."""

from __future__ import annotations

import time

from PIL import Image

from mygemini.render.base import (
    CancelCheck,
    ProgressCallback,
    RenderCancelled,
    RenderMetadata,
    RenderRequest,
    RenderResult,
)

STEPS = 10


class NoopRenderer:
    name = "noop"

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        # Drawing nothing at once holds nothing. With a delay it stands in for a real renderer
        # (the fault tests' slow jobs), slot and queue included.
        self.light = seconds == 0

    def render(
        self,
        request: RenderRequest,
        on_progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> RenderResult:
        for step in range(STEPS):
            if cancelled is not None and cancelled():
                raise RenderCancelled("cancelled")
            if self.seconds:
                time.sleep(self.seconds / STEPS)
            if on_progress is not None:
                on_progress((step + 1) / STEPS)
        images, metas = [], []
        for seed in request.seeds():
            shade = seed % 200
            images.append(Image.new("RGB", (request.width, request.height), (shade, 40, 90)))
            metas.append(
                RenderMetadata(
                    backend=self.name,
                    model="none",
                    steps=STEPS,
                    sampler="none",
                    cfg_scale=0.0,
                    seed=seed,
                    width=request.width,
                    height=request.height,
                )
            )
        return RenderResult(images=tuple(images), metadata=tuple(metas))
