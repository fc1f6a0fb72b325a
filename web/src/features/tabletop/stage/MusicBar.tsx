import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useI18n } from "../../../i18n";
import { playTrack, setOutputVolume, stopTrack, unlockAudio } from "./engine";
import { clampVolume, clock, positionAt } from "./playback";
import { isMusicPreset, loopSeconds, MUSIC_PRESETS, type MusicPreset } from "./synth";
import { usePref } from "./usePref";
import { youtubeEmbedUrl, youtubeId } from "./youtube";
import type { MusicState } from "./stageState";
import { NoteIcon, PlayIcon, SpeakerIcon } from "./stageIcons";

/** A track as a command names it: a preset id, or a YouTube video id. */
export type TrackRef = { kind: "preset"; id: MusicPreset } | { kind: "youtube"; id: string };

const YT_ORIGIN = "https://www.youtube-nocookie.com";

/** Seconds into the room's track now, wrapped for a looped preset; ticks while it plays. */
function useRoomPosition(music: MusicState | null): number {
  const loop = music?.track && music.track.kind === "preset" && isMusicPreset(music.track.id) ? loopSeconds(music.track.id) : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!music?.playing) return;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [music?.playing]);
  return music ? positionAt(music, now, loop) : 0;
}

function TrackPicker({ current, onPick, busy }: { current: MusicState["track"]; onPick: (track: TrackRef) => void; busy: boolean }) {
  const { t } = useI18n();
  const [link, setLink] = useState("");
  const [invalid, setInvalid] = useState(false);
  const linkId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = youtubeId(link);
    setInvalid(!id);
    if (id) {
      onPick({ kind: "youtube", id });
      setLink("");
    }
  };
  return (
    <div className="music__picker">
      <ul className="music__tracks" aria-label={t("stage.music.presets")}>
        {MUSIC_PRESETS.map((id) => {
          const on = current?.kind === "preset" && current.id === id;
          return (
            <li key={id}>
              <button type="button" className={`music__track${on ? " is-on" : ""}`} aria-pressed={on} disabled={busy} onClick={() => onPick({ kind: "preset", id })}>
                <span className={`music__swatch music__swatch--${id}`} aria-hidden="true" />
                {t(`stage.track.${id}`)}
              </button>
            </li>
          );
        })}
      </ul>
      <form className="music__yt" onSubmit={submit}>
        <label htmlFor={linkId}>{t("stage.music.youtube")}</label>
        <div className="music__yt-row">
          <input
            id={linkId}
            className="table-input"
            value={link}
            inputMode="url"
            placeholder="https://youtu.be/…"
            aria-invalid={invalid}
            aria-describedby={invalid ? `${linkId}-err` : undefined}
            onChange={(e) => {
              setLink(e.target.value);
              setInvalid(false);
            }}
          />
          <button type="submit" className="btn btn--ghost btn--small" disabled={busy || !link.trim()}>
            {t("stage.music.useLink")}
          </button>
        </div>
        {invalid && (
          <p id={`${linkId}-err`} className="table-error" role="alert">
            {t("stage.music.badLink")}
          </p>
        )}
      </form>
    </div>
  );
}

/**
 * A YouTube video in the privacy-enhanced player, started where the room is (remounted, by its key,
 * when the room's state changes). My volume reaches it as the player's own postMessage command.
 */
function YouTubeFrame({ music, id, volume }: { music: MusicState; id: string; volume: number }) {
  const { t } = useI18n();
  const [src] = useState(() => youtubeEmbedUrl(id, positionAt(music, Date.now()), music.playing));
  const frame = useRef<HTMLIFrameElement>(null);
  const post = useCallback((func: string, args: unknown[] = []) => {
    frame.current?.contentWindow?.postMessage(JSON.stringify({ event: "command", func, args }), YT_ORIGIN);
  }, []);
  useEffect(() => post("setVolume", [Math.round(volume * 100)]), [post, volume]);
  return (
    <iframe
      ref={frame}
      className="music__frame"
      title={t("stage.music.youtubeTrack")}
      src={src}
      allow="encrypted-media; picture-in-picture"
      referrerPolicy="strict-origin-when-cross-origin"
      sandbox="allow-scripts allow-same-origin allow-presentation"
      onLoad={() => post("setVolume", [Math.round(volume * 100)])}
    />
  );
}

/**
 * The room's music: what plays and where (room state, the same for everyone), my own volume and
 * mute (this browser), and — until I tap once — a clear invitation to hear it.
 */
export function MusicBar({
  music,
  canControl,
  busy,
  error,
  onSet,
}: {
  music: MusicState | null;
  canControl: boolean;
  busy: boolean;
  error: string | null;
  onSet: (next: { track: TrackRef; playing: boolean; position: number }) => void;
}) {
  const { t } = useI18n();
  const [volume, setVolume] = usePref("mygemini.music.volume", (raw) => clampVolume(raw));
  const [muted, setMuted] = usePref("mygemini.music.muted", (raw) => raw === "true");
  const [hearing, setHearing] = useState(false);
  const [picking, setPicking] = useState(false);
  const position = useRoomPosition(music);
  const track = music?.track ?? null;
  const preset = track?.kind === "preset" && isMusicPreset(track.id) ? track.id : null;
  const length = preset ? loopSeconds(preset) : 0;
  const volumeId = useId();
  const seekId = useId();
  // A drag of the seek bar sends one command when it settles, not one per pixel.
  const [seeking, setSeeking] = useState<number | null>(null);
  const seekTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(seekTimer.current), []);
  const seek = (to: number) => {
    setSeeking(to);
    window.clearTimeout(seekTimer.current);
    seekTimer.current = window.setTimeout(() => {
      setSeeking(null);
      set({ position: to });
    }, 300);
  };

  // The synthesised loop follows the room: a new track, play, pause or seek restarts it in place.
  useEffect(() => {
    if (!hearing || !music || !preset || !music.playing) {
      stopTrack();
      return;
    }
    void playTrack(preset, () => positionAt(music, Date.now(), loopSeconds(preset)));
  }, [hearing, music, preset]);
  useEffect(() => () => stopTrack(), []);
  useEffect(() => setOutputVolume(volume, muted), [volume, muted, hearing]);

  const hear = async () => {
    if (await unlockAudio()) setHearing(true);
    setOutputVolume(volume, muted);
  };
  const set = (next: Partial<{ track: TrackRef; playing: boolean; position: number }>) => {
    const current: TrackRef | null = preset ? { kind: "preset", id: preset } : track?.kind === "youtube" ? { kind: "youtube", id: track.id } : null;
    const chosen = next.track ?? current;
    if (!chosen) return;
    onSet({ track: chosen, playing: next.playing ?? music?.playing ?? false, position: next.position ?? position });
  };
  const title = !track ? t("stage.music.silence") : preset ? t(`stage.track.${preset}`) : t("stage.music.youtubeTrack");

  return (
    <section className="music glass" aria-labelledby="music-title">
      <div className="music__row">
        <h2 id="music-title" className="sr-only">
          {t("stage.music.title")}
        </h2>
        <span className={`music__disc${music?.playing ? " is-playing" : ""}`} aria-hidden="true">
          <NoteIcon />
        </span>
        <div className="music__now">
          <span className="music__name" data-testid="music-track">
            {title}
          </span>
          <span className="music__time" data-testid="music-position" data-position={position.toFixed(2)} data-playing={music?.playing ? "true" : "false"}>
            {music?.playing ? t("stage.music.playing") : track ? t("stage.music.paused") : ""} {track ? clock(position) : ""}
            {length ? ` / ${clock(length)}` : ""}
          </span>
        </div>
        {canControl && track && (
          <button
            type="button"
            className="btn btn--ghost btn--small music__play"
            disabled={busy}
            aria-label={music?.playing ? t("stage.music.pause") : t("stage.music.play")}
            onClick={() => set({ playing: !music?.playing })}
          >
            <PlayIcon playing={music?.playing ?? false} />
          </button>
        )}
        {canControl && (
          <button type="button" className="btn btn--ghost btn--small" aria-expanded={picking} onClick={() => setPicking((v) => !v)}>
            {t("stage.music.choose")}
          </button>
        )}
        <div className="music__me">
          <button type="button" className="music__mute" aria-pressed={muted} aria-label={t("stage.music.mute")} onClick={() => setMuted(!muted)}>
            <SpeakerIcon muted={muted} />
          </button>
          <label htmlFor={volumeId} className="sr-only">
            {t("stage.music.volume")}
          </label>
          <input id={volumeId} type="range" min={0} max={100} value={Math.round(volume * 100)} onChange={(e) => setVolume(Number(e.target.value) / 100)} className="music__volume" />
        </div>
      </div>
      {canControl && preset && (
        <div className="music__seek">
          <label htmlFor={seekId} className="sr-only">
            {t("stage.music.seek")}
          </label>
          <input
            id={seekId}
            type="range"
            min={0}
            max={Math.floor(length)}
            step={1}
            value={seeking ?? Math.floor(position)}
            aria-valuetext={clock(seeking ?? position)}
            onChange={(e) => seek(Number(e.target.value))}
          />
        </div>
      )}
      {track && !hearing && preset && (
        <button type="button" className="music__tap" onClick={() => void hear()}>
          <NoteIcon /> {t("stage.music.tapToHear")}
        </button>
      )}
      {track?.kind === "youtube" &&
        (hearing ? (
          <YouTubeFrame
            key={`${track.id}:${music?.position ?? 0}:${String(music?.started_at)}:${String(music?.playing)}`}
            music={music!}
            id={track.id}
            volume={muted ? 0 : volume}
          />
        ) : (
          <button type="button" className="music__tap" onClick={() => void hear()}>
            <PlayIcon playing={false} /> {t("stage.music.tapToShowVideo")}
          </button>
        ))}
      {error && (
        <p className="table-error" role="alert">
          {error}
        </p>
      )}
      {picking && canControl && <TrackPicker current={track} busy={busy} onPick={(tr) => {
            set({ track: tr, playing: true, position: 0 });
            setPicking(false);
          }} />}
    </section>
  );
}
