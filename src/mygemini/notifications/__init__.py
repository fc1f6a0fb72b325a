"""Notifications: a persisted inbox per person, pushed live over socket.io after commit.

What other domains use: `notify` and the payload of each kind (docs/adr/0008-boundaries.md)."""

from mygemini.notifications.kinds import (
    FourcutFailed,
    FourcutReady,
    GenerationFailed,
    GenerationSucceeded,
    LikeMilestone,
    MemorySaved,
    NewFollower,
    Payload,
    RankingTop5,
)
from mygemini.notifications.service import notify

__all__ = [
    "FourcutFailed",
    "FourcutReady",
    "GenerationFailed",
    "GenerationSucceeded",
    "LikeMilestone",
    "MemorySaved",
    "NewFollower",
    "Payload",
    "RankingTop5",
    "notify",
]
