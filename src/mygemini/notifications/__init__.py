"""Notifications: a persisted inbox per person, pushed live over socket.io after commit.

What other domains use: `notify` (or `store` and `push_stored` for a write on the driver) and
the payload of each kind (docs/adr/0008-boundaries.md)."""

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
from mygemini.notifications.service import Stored, notify, push_stored, store

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
    "Stored",
    "notify",
    "push_stored",
    "store",
]
