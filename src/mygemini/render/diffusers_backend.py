"""Stable Diffusion via diffusers: the optional `mygemini[sd]` renderer for GPU hosts.

Loads SD 1.x or SDXL from a local diffusers folder or single-file checkpoint (never from a hub),
swaps in the configured scheduler, steers portraits' poses with an OpenPose ControlNet when one is
configured (a local folder; otherwise the pose goes in as prompt words), reports per-step
progress, stops between steps when cancelled, and seeds every image of a batch with its own CPU
generator so a batch equals the single renders and a seed gives the same latents on any device.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from diffusers import (
    ControlNetModel,
    DDIMScheduler,
    DiffusionPipeline,
    DPMSolverMultistepScheduler,
    EulerAncestralDiscreteScheduler,
    EulerDiscreteScheduler,
    LCMScheduler,
    StableDiffusionControlNetPipeline,
    StableDiffusionPipeline,
    StableDiffusionXLControlNetPipeline,
    StableDiffusionXLPipeline,
)

from .base import (
    CancelCheck,
    ProgressCallback,
    RenderCancelled,
    RenderError,
    RenderMetadata,
    RenderRequest,
    RenderResult,
    Subject,
)
from .pose import skeleton_image, with_pose_words
from .sd_prompt import background_request, encode_prompts, fit_result, strip_weights

SchedulerFactory = Callable[[Any], Any]

# name -> (label written into PNG metadata, factory from the checkpoint's scheduler config)
SCHEDULERS: dict[str, tuple[str, SchedulerFactory]] = {
    "dpmpp_2m_karras": (
        "DPM++ 2M Karras",
        lambda c: _make(
            DPMSolverMultistepScheduler,
            c,
            algorithm_type="dpmsolver++",
            solver_order=2,
            use_karras_sigmas=True,
        ),
    ),
    "dpmpp_2m": (
        "DPM++ 2M",
        lambda c: _make(
            DPMSolverMultistepScheduler, c, algorithm_type="dpmsolver++", solver_order=2
        ),
    ),
    "euler_a": ("Euler a", lambda c: _make(EulerAncestralDiscreteScheduler, c)),
    "euler": ("Euler", lambda c: _make(EulerDiscreteScheduler, c)),
    "ddim": ("DDIM", lambda c: _make(DDIMScheduler, c)),
    # Few-step models: LCM (4-8 steps, cfg ~1.5) and SD/SDXL-Turbo (1-4 steps, cfg 0).
    "lcm": ("LCM", lambda c: _make(LCMScheduler, c)),
    "turbo": (
        "Euler a Turbo",
        lambda c: _make(EulerAncestralDiscreteScheduler, c, timestep_spacing="trailing"),
    ),
}


def _make(cls: Any, config: Any, **overrides: Any) -> Any:
    # diffusers' from_config is untyped; keep the Any at this one seam.
    return cls.from_config(config, **overrides)


class _Interrupted(Exception):
    """Raised inside the step callback to leave the denoising loop at once."""


class DiffusersRenderer:
    name = "diffusers"
    light = False

    def __init__(
        self,
        model_path: str,
        *,
        scheduler: str = "dpmpp_2m_karras",
        steps: int = 25,
        cfg_scale: float = 7.0,
        device: str | None = None,
        config_path: str | None = None,
        pipeline: Any | None = None,
        model_name: str | None = None,
        controlnet_path: str | None = None,
        controlnet: Any | None = None,
        controlnet_scale: float = 1.0,
    ) -> None:
        if scheduler not in SCHEDULERS:
            raise RenderError(f"unknown scheduler {scheduler!r}; one of {sorted(SCHEDULERS)}")
        self.model_path = model_path
        self.scheduler = scheduler
        self.steps = steps
        self.cfg_scale = cfg_scale
        self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        self.config_path = config_path
        self.model_name = model_name or Path(model_path).stem or "stable-diffusion"
        self._pipeline = pipeline
        if pipeline is not None:
            self._prepare(pipeline)
        # An OpenPose ControlNet: a local diffusers folder (or a model, in tests). None: poses
        # reach the model as prompt words.
        self.controlnet_path = controlnet_path
        self._controlnet = controlnet
        self.controlnet_scale = controlnet_scale
        self._control_pipeline: Any | None = None
        # A pipeline is not safe to run from two threads; renders on one renderer take turns.
        self._lock = threading.Lock()

    @property
    def sampler_label(self) -> str:
        return SCHEDULERS[self.scheduler][0]

    def _load(self) -> Any:
        path = Path(self.model_path)
        dtype = torch.float16 if self.device.type == "cuda" else torch.float32
        if not path.exists():
            raise RenderError(f"model not found: {path}")
        try:
            if path.is_dir():
                loader: Any = DiffusionPipeline
                pipe = loader.from_pretrained(
                    path, torch_dtype=dtype, local_files_only=True, **_no_checker(path)
                )
            else:
                cls = StableDiffusionXLPipeline if _is_sdxl_file(path) else StableDiffusionPipeline
                extra: dict[str, Any] = {"config": self.config_path} if self.config_path else {}
                pipe = cls.from_single_file(
                    str(path), torch_dtype=dtype, local_files_only=True, **extra
                )
        except (OSError, ValueError) as exc:
            raise RenderError(f"cannot load {path}: {exc}") from exc
        self._prepare(pipe)
        return pipe

    def _prepare(self, pipe: Any) -> None:
        pipe.scheduler = SCHEDULERS[self.scheduler][1](pipe.scheduler.config)
        pipe.to(self.device)
        pipe.set_progress_bar_config(disable=True)
        # diffusers uses torch's scaled-dot-product attention (SDPA) by default on torch 2.

    def _pipe(self) -> Any:
        if self._pipeline is None:
            self._pipeline = self._load()
        return self._pipeline

    @property
    def steers_poses(self) -> bool:
        return self._controlnet is not None or bool(self.controlnet_path)

    def _control_pipe(self) -> Any:
        """The base pipeline's components plus the ControlNet (built once, sharing weights)."""
        if self._control_pipeline is None:
            base = self._pipe()
            controlnet = self._controlnet
            if controlnet is None:
                path = Path(str(self.controlnet_path))
                if not path.is_dir():
                    raise RenderError(f"ControlNet not found: {path}")
                try:
                    loader: Any = ControlNetModel
                    controlnet = loader.from_pretrained(
                        path, torch_dtype=base.unet.dtype, local_files_only=True
                    )
                except (OSError, ValueError) as exc:
                    raise RenderError(f"cannot load the ControlNet {path}: {exc}") from exc
            cls: Any = (
                StableDiffusionXLControlNetPipeline
                if isinstance(base, StableDiffusionXLPipeline)
                else StableDiffusionControlNetPipeline
            )
            pipe = cls.from_pipe(base, controlnet=controlnet)
            pipe.to(self.device)
            pipe.set_progress_bar_config(disable=True)
            self._control_pipeline = pipe
        return self._control_pipeline

    def _pose_args(self, request: RenderRequest) -> tuple[Any, str, dict[str, Any]]:
        """(pipeline, prompt, extra arguments): the skeleton for the ControlNet when there is
        one, else the pose's words in the prompt."""
        if request.subject is Subject.PORTRAIT and self.steers_poses:
            skeleton = skeleton_image(request.pose, (request.width, request.height))
            extra = {"image": skeleton, "controlnet_conditioning_scale": self.controlnet_scale}
            return self._control_pipe(), request.prompt, extra
        prompt = request.prompt
        if request.subject is Subject.PORTRAIT:
            prompt = with_pose_words(prompt, request.pose)
        return self._pipe(), prompt, {}

    def render(
        self,
        request: RenderRequest,
        on_progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> RenderResult:
        # A scene renders from the background prompts, at its size rounded up to 8 then cropped.
        asked, request = request, background_request(request)
        if request.width % 8 or request.height % 8:
            raise RenderError(f"size {request.width}x{request.height} must be a multiple of 8")
        with self._lock:
            if cancelled is not None and cancelled():
                raise RenderCancelled("cancelled before start")
            pipe, prompt, extra = self._pose_args(request)
            seeds = request.seeds()
            try:
                with torch.inference_mode():
                    output = pipe(
                        **self._prompt_args(pipe, prompt, request.negative_prompt),
                        **extra,
                        num_inference_steps=self.steps,
                        guidance_scale=self.cfg_scale,
                        width=request.width,
                        height=request.height,
                        num_images_per_prompt=len(seeds),
                        generator=[torch.Generator("cpu").manual_seed(s) for s in seeds],
                        callback_on_step_end=_step_callback(on_progress, cancelled),
                        output_type="pil",
                    )
            except _Interrupted:
                raise RenderCancelled("cancelled between steps") from None
            except torch.cuda.OutOfMemoryError as exc:
                raise RenderError(f"out of GPU memory: {exc}") from exc
        images = tuple(image.convert("RGB") for image in output.images)
        metadata = tuple(
            RenderMetadata(
                backend=self.name,
                model=self.model_name,
                steps=self.steps,
                sampler=self.sampler_label,
                cfg_scale=self.cfg_scale,
                seed=seed,
                width=request.width,
                height=request.height,
            )
            for seed in seeds
        )
        return fit_result(RenderResult(images=images, metadata=metadata), asked)

    def _prompt_args(self, pipe: Any, prompt: str, negative_prompt: str) -> dict[str, Any]:
        if isinstance(pipe, StableDiffusionXLPipeline | StableDiffusionXLControlNetPipeline):
            # SDXL has two encoders and pooled embeddings; it gets plain text (77-token limit).
            return {
                "prompt": strip_weights(prompt),
                "negative_prompt": strip_weights(negative_prompt),
            }
        positive, negative = encode_prompts(
            pipe.tokenizer, pipe.text_encoder, prompt, negative_prompt, self.device
        )
        return {"prompt_embeds": positive, "negative_prompt_embeds": negative}


def _step_callback(
    on_progress: ProgressCallback | None, cancelled: CancelCheck | None
) -> Callable[[Any, int, Any, dict[str, Any]], dict[str, Any]]:
    def callback(pipe: Any, step: int, timestep: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
        if cancelled is not None and cancelled():
            raise _Interrupted
        if on_progress is not None:
            total = max(1, len(pipe.scheduler.timesteps))
            on_progress(min(1.0, (step + 1) / total))
        return kwargs

    return callback


def _no_checker(folder: Path) -> dict[str, Any]:
    """SD 1.x folders may carry a safety checker; we filter prompts instead and skip it."""
    index = folder / "model_index.json"
    if index.exists() and "safety_checker" in json.loads(index.read_text()):
        return {"safety_checker": None, "requires_safety_checker": False}
    return {}


def _is_sdxl_file(path: Path) -> bool:
    """SDXL checkpoints carry a second text encoder under `conditioner.embedders.1`."""
    if path.suffix != ".safetensors":
        return "xl" in path.stem.lower()
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as handle:
        return any(key.startswith("conditioner.embedders.1") for key in handle.keys())  # noqa: SIM118
