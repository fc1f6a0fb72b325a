"""Music: the room's track (a built-in one, synthesised by the web, or a YouTube video by its
id) and where it is, so someone who joins late hears the same place."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from mygemini.core.context import AppContext
from mygemini.core.realtime import SocketCall
from mygemini.models import Room
from mygemini.tabletop import errors
from mygemini.tabletop.stage import may_set_stage, stage_turn, tell_room
from mygemini.tabletop.stage_messages import MusicChanged, MusicDone, MusicSetIn, YoutubeTrack
from mygemini.tabletop.stage_schemas import MusicState, TrackOut

_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
# youtube.com/<kind>/<id>
_PATH_KINDS = {"embed", "shorts", "live", "v", "e"}


def youtube_id(text: str) -> str:
    """The video id of a YouTube link in one of its usual shapes, or of a bare id."""
    text = text.strip()
    if _VIDEO_ID.fullmatch(text):
        return text
    url = urlsplit(text if "://" in text else f"https://{text}")
    host = (url.hostname or "").lower()
    parts = [p for p in url.path.split("/") if p]
    found: str | None = None
    if url.scheme in ("http", "https") and host in ("youtu.be", "www.youtu.be"):
        found = parts[0] if parts else None
    elif url.scheme in ("http", "https") and host in _YOUTUBE_HOSTS:
        if parts == ["watch"]:
            found = next(iter(parse_qs(url.query).get("v", [])), None)
        elif len(parts) >= 2 and parts[0] in _PATH_KINDS:
            found = parts[1]
    if found is None or not _VIDEO_ID.fullmatch(found):
        raise errors.InvalidYoutubeLink()
    return found


def state(ctx: AppContext, room: Room, now: datetime | None = None) -> MusicState:
    """The music as of now: a playing track's position moved on since it was set, and
    `started_at` is now (a client seeks to `position` with no clock of its own)."""
    stored = room.music or {}
    now = now or ctx.clock()
    track = stored.get("track")
    playing = bool(stored.get("playing")) and track is not None
    position = float(stored.get("position", 0.0))
    if playing and stored.get("started_at"):
        started = datetime.fromisoformat(stored["started_at"])
        position += max(0.0, (now - started).total_seconds())
    return MusicState(
        track=TrackOut(**track) if track else None,
        playing=playing,
        position=round(position, 3),
        started_at=now if track else None,
    )


async def set_music(call: SocketCall, ctx: AppContext, body: MusicSetIn) -> MusicDone:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "music.set")
    if not t.repeated:
        may_set_stage(t)
        track = body.track
        stored_track = None
        if track is not None:
            video = youtube_id(track.id) if isinstance(track, YoutubeTrack) else track.id
            stored_track = {"kind": track.kind, "id": video}
        now = ctx.clock()
        t.room.music = {
            "track": stored_track,
            "playing": body.playing,
            "position": body.position,
            "started_at": now.isoformat(),
        }
        await call.uow.session.flush()
        await tell_room(
            call.uow, ctx, t.room.id, MusicChanged(room_id=t.room.id, music=state(ctx, t.room, now))
        )
    return MusicDone(music=state(ctx, t.room))
