// The one audio output of the page: an AudioContext made on the person's first tap (browsers keep
// sound off until a gesture), a gain for their own volume and mute, and at most one looping track.
import { renderTrack, type MusicPreset } from "./synth";

let ctx: AudioContext | null = null;
let gain: GainNode | null = null;
let playing: { source: AudioBufferSourceNode; id: MusicPreset } | null = null;
/** Bumped on every play/stop so a render that finishes late does not start a stale track. */
let generation = 0;

/** Create (or wake) the audio output; call from a click or key handler. */
export async function unlockAudio(): Promise<boolean> {
  if (!ctx) {
    ctx = new AudioContext();
    gain = ctx.createGain();
    gain.connect(ctx.destination);
  }
  if (ctx.state !== "running") await ctx.resume().catch(() => undefined);
  return ctx.state === "running";
}

export function audioUnlocked(): boolean {
  return ctx?.state === "running";
}

export function setOutputVolume(volume: number, muted: boolean): void {
  if (!ctx || !gain) return;
  // A short ramp, so a drag of the slider does not click.
  gain.gain.setTargetAtTime(muted ? 0 : volume * volume, ctx.currentTime, 0.05);
}

export function stopTrack(): void {
  generation += 1;
  if (playing) {
    playing.source.stop();
    playing.source.disconnect();
    playing = null;
  }
}

/** Play a preset from `offset` seconds into its loop (`offset` is read when the loop is ready). */
export async function playTrack(id: MusicPreset, offset: () => number): Promise<void> {
  stopTrack();
  const mine = generation;
  const buffer = await renderTrack(id);
  if (mine !== generation || !ctx || !gain) return;
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  source.loop = true;
  source.connect(gain);
  source.start(0, offset() % buffer.duration);
  playing = { source, id };
}
