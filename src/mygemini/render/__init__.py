"""Rendering engine: the Renderer protocol, the built-in vector renderer, PNG metadata and four-cut
composition. Pure: no database, web or socket imports, so it runs alone on a GPU host."""

from .base import (
    MAX_SEED,
    PORTRAIT_SIZE,
    POSE_SETS,
    SCENE_SIZE,
    CancelCheck,
    ParamValue,
    Pose,
    ProgressCallback,
    RenderCancelled,
    Renderer,
    RenderError,
    RenderMetadata,
    RenderRequest,
    RenderResult,
    Subject,
)

__all__ = [
    "MAX_SEED",
    "PORTRAIT_SIZE",
    "POSE_SETS",
    "SCENE_SIZE",
    "CancelCheck",
    "ParamValue",
    "Pose",
    "ProgressCallback",
    "RenderCancelled",
    "RenderError",
    "RenderMetadata",
    "RenderRequest",
    "RenderResult",
    "Renderer",
    "Subject",
]
