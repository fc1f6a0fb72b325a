// The room's built-in music, written by us and synthesised in the browser: each preset track is a
// deterministic loop rendered once with an OfflineAudioContext (same notes for everyone, so a
// seek lands on the same bar), then played as a looping buffer. Nothing is downloaded.
//
// A loop renders `seconds + TAIL`; the tail (reverb, ringing notes) is folded back onto the start
// so the loop point is seamless.

export const MUSIC_PRESETS = ["tavern_lute", "forest_breeze", "dungeon_drone", "night_waltz", "battle_drums", "rainy_cafe"] as const;
export type MusicPreset = (typeof MUSIC_PRESETS)[number];

export function isMusicPreset(id: string): id is MusicPreset {
  return (MUSIC_PRESETS as readonly string[]).includes(id);
}

const RATE = 22_050;
const TAIL = 4;

/** A small seeded PRNG (mulberry32) so each track's "random" notes are the same on every screen. */
function seeded(text: string): () => number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

type Ctx = OfflineAudioContext;

interface Kit {
  ctx: Ctx;
  out: AudioNode;
  wet: AudioNode;
  rand: () => number;
}

function impulse(ctx: Ctx, seconds: number, rand: () => number): AudioBuffer {
  const len = Math.floor(seconds * ctx.sampleRate);
  const buf = ctx.createBuffer(2, len, ctx.sampleRate);
  for (let ch = 0; ch < 2; ch += 1) {
    const data = buf.getChannelData(ch);
    for (let i = 0; i < len; i += 1) data[i] = (rand() * 2 - 1) * (1 - i / len) ** 3;
  }
  return buf;
}

function noiseBuffer(ctx: Ctx, seconds: number, rand: () => number): AudioBuffer {
  const len = Math.floor(seconds * ctx.sampleRate);
  const buf = ctx.createBuffer(1, len, ctx.sampleRate);
  const data = buf.getChannelData(0);
  for (let i = 0; i < len; i += 1) data[i] = rand() * 2 - 1;
  return buf;
}

function envelope(ctx: Ctx, t: number, peak: number, attack: number, hold: number, release: number): GainNode {
  const g = ctx.createGain();
  g.gain.setValueAtTime(0, t);
  g.gain.linearRampToValueAtTime(peak, t + attack);
  g.gain.setValueAtTime(peak, t + attack + hold);
  g.gain.exponentialRampToValueAtTime(0.0001, t + attack + hold + release);
  return g;
}

function send(k: Kit, node: AudioNode, wet: number) {
  node.connect(k.out);
  if (wet > 0) {
    const g = k.ctx.createGain();
    g.gain.value = wet;
    node.connect(g).connect(k.wet);
  }
}

/** A soft pad: two detuned voices per note through a low-pass, slow in and out. */
function pad(k: Kit, midis: number[], t: number, dur: number, level = 0.05, type: OscillatorType = "sawtooth", cutoff = 900) {
  const { ctx } = k;
  const filter = ctx.createBiquadFilter();
  filter.type = "lowpass";
  filter.frequency.value = cutoff;
  const env = envelope(ctx, t, level, Math.min(1.5, dur / 3), Math.max(0, dur - Math.min(1.5, dur / 3) - 0.5), 1.6);
  filter.connect(env);
  send(k, env, 0.5);
  for (const m of midis) {
    for (const detune of [-7, 7]) {
      const o = ctx.createOscillator();
      o.type = type;
      o.frequency.value = hz(m);
      o.detune.value = detune;
      o.connect(filter);
      o.start(t);
      o.stop(t + dur + 2);
    }
  }
}

/** A plucked string: bright attack closing quickly (a lute, a harp). */
function pluck(k: Kit, midi: number, t: number, level = 0.12, decay = 1.1, wet = 0.3) {
  const { ctx } = k;
  const o = ctx.createOscillator();
  o.type = "triangle";
  o.frequency.value = hz(midi);
  const o2 = ctx.createOscillator();
  o2.type = "square";
  o2.frequency.value = hz(midi);
  const g2 = ctx.createGain();
  g2.gain.value = 0.25;
  const filter = ctx.createBiquadFilter();
  filter.type = "lowpass";
  filter.frequency.setValueAtTime(4200, t);
  filter.frequency.exponentialRampToValueAtTime(500, t + decay * 0.6);
  const env = envelope(ctx, t, level, 0.004, 0, decay);
  o.connect(filter);
  o2.connect(g2).connect(filter);
  filter.connect(env);
  send(k, env, wet);
  for (const osc of [o, o2]) {
    osc.start(t);
    osc.stop(t + decay + 0.1);
  }
}

/** A bell or music box: a sine with an inharmonic partial and a long ring. */
function bell(k: Kit, midi: number, t: number, level = 0.08, decay = 2.4) {
  const { ctx } = k;
  const env = envelope(ctx, t, level, 0.003, 0, decay);
  send(k, env, 0.6);
  for (const [ratio, amp] of [
    [1, 1],
    [2.76, 0.25],
    [5.4, 0.08],
  ] as const) {
    const o = ctx.createOscillator();
    o.type = "sine";
    o.frequency.value = hz(midi) * ratio;
    const g = ctx.createGain();
    g.gain.value = amp;
    o.connect(g).connect(env);
    o.start(t);
    o.stop(t + decay + 0.1);
  }
}

/** A warm electric piano: a sine with a little frequency modulation that fades. */
function keys(k: Kit, midi: number, t: number, dur: number, level = 0.06) {
  const { ctx } = k;
  const carrier = ctx.createOscillator();
  carrier.frequency.value = hz(midi);
  const mod = ctx.createOscillator();
  mod.frequency.value = hz(midi) * 2;
  const depth = ctx.createGain();
  depth.gain.setValueAtTime(hz(midi) * 1.2, t);
  depth.gain.exponentialRampToValueAtTime(1, t + 1.2);
  mod.connect(depth).connect(carrier.frequency);
  const env = envelope(ctx, t, level, 0.01, dur * 0.3, dur * 0.7 + 0.8);
  carrier.connect(env);
  send(k, env, 0.45);
  for (const o of [carrier, mod]) {
    o.start(t);
    o.stop(t + dur + 1);
  }
}

/** A drum: a sine falling in pitch (kick, taiko) with an optional noise slap. */
function drum(k: Kit, t: number, from: number, to: number, level: number, decay: number, noise: AudioBuffer, slap = 0) {
  const { ctx } = k;
  const o = ctx.createOscillator();
  o.frequency.setValueAtTime(from, t);
  o.frequency.exponentialRampToValueAtTime(to, t + decay * 0.5);
  const env = envelope(ctx, t, level, 0.002, 0, decay);
  o.connect(env);
  send(k, env, 0.25);
  o.start(t);
  o.stop(t + decay + 0.1);
  if (slap > 0) hiss(k, noise, t, slap, 0.08, 1800, "bandpass");
}

/** A burst of noise: hats, brushes, shakers, drips. */
function hiss(k: Kit, noise: AudioBuffer, t: number, level: number, decay: number, freq: number, type: BiquadFilterType = "highpass") {
  const { ctx } = k;
  const src = ctx.createBufferSource();
  src.buffer = noise;
  const filter = ctx.createBiquadFilter();
  filter.type = type;
  filter.frequency.value = freq;
  const env = envelope(ctx, t, level, 0.002, 0, decay);
  src.connect(filter).connect(env);
  send(k, env, 0.2);
  src.start(t, (t * 7.31) % Math.max(0.01, noise.duration - decay - 0.2));
  src.stop(t + decay + 0.1);
}

/** A continuous bed of filtered noise whose colour drifts slowly: wind, rain. */
function weather(k: Kit, noise: AudioBuffer, seconds: number, level: number, freq: number, type: BiquadFilterType, sweep: number, rate: number) {
  const { ctx } = k;
  const src = ctx.createBufferSource();
  src.buffer = noise;
  src.loop = true;
  const filter = ctx.createBiquadFilter();
  filter.type = type;
  filter.frequency.value = freq;
  filter.Q.value = 0.7;
  const lfo = ctx.createOscillator();
  lfo.frequency.value = rate;
  const lfoGain = ctx.createGain();
  lfoGain.gain.value = sweep;
  lfo.connect(lfoGain).connect(filter.frequency);
  const g = ctx.createGain();
  g.gain.value = level;
  src.connect(filter).connect(g);
  send(k, g, 0.1);
  src.start(0);
  lfo.start(0);
  src.stop(seconds + TAIL);
  lfo.stop(seconds + TAIL);
}

interface Recipe {
  bpm: number;
  beatsPerBar: number;
  bars: number;
  write: (k: Kit, beat: number, seconds: number, noise: AudioBuffer) => void;
}

const chordsOf = (bars: number, progression: number[][], barsPerChord = 1) =>
  Array.from({ length: bars }, (_, bar) => progression[Math.floor(bar / barsPerChord) % progression.length]!);

const RECIPES: Record<MusicPreset, Recipe> = {
  // A lute picking arpeggios in D dorian over a soft drone, as in the corner of a warm inn.
  tavern_lute: {
    bpm: 96,
    beatsPerBar: 4,
    bars: 16,
    write(k, beat, _s, noise) {
      const prog = chordsOf(16, [
        [50, 57, 62, 65, 69],
        [48, 55, 60, 64, 67],
        [46, 53, 58, 62, 65],
        [45, 52, 57, 61, 64],
      ], 2);
      prog.forEach((chord, bar) => {
        const t0 = bar * 4 * beat;
        pluck(k, chord[0]! - 12, t0, 0.16, 1.8, 0.2);
        const pattern = [1, 2, 3, 4, 3, 2, 3, 4];
        pattern.forEach((n, i) => pluck(k, chord[n]!, t0 + i * beat * 0.5, i % 2 ? 0.07 : 0.1, 0.9));
        if (bar % 2 === 1) [0, 1, 2, 3].forEach((i) => hiss(k, noise, t0 + i * beat + beat * 0.5, 0.02, 0.06, 6000));
        if (bar % 4 === 0) pad(k, [chord[1]!, chord[2]!], t0, 8 * beat, 0.018, "triangle", 1200);
      });
    },
  },
  // Wind in the leaves, a slow pad and pentatonic chimes falling where the seed puts them.
  forest_breeze: {
    bpm: 66,
    beatsPerBar: 4,
    bars: 12,
    write(k, beat, seconds, noise) {
      weather(k, noise, seconds, 0.05, 700, "bandpass", 450, 0.07);
      const prog = [
        [48, 55, 59, 64],
        [45, 52, 55, 60],
        [41, 48, 52, 57],
        [43, 50, 55, 59],
      ];
      const scale = [72, 74, 76, 79, 81, 84, 86, 88];
      for (let bar = 0; bar < 12; bar += 1) {
        const t0 = bar * 4 * beat;
        if (bar % 2 === 0) pad(k, prog[(bar / 2) % 4]!, t0, 8 * beat, 0.022, "triangle", 1400);
        for (let i = 0; i < 8; i += 1) if (k.rand() < 0.35) bell(k, scale[Math.floor(k.rand() * scale.length)]!, t0 + i * beat * 0.5, 0.045, 2.8);
      }
    },
  },
  // A low D that never ends, a fifth that drifts in and out, water dripping in the dark.
  dungeon_drone: {
    bpm: 60,
    beatsPerBar: 4,
    bars: 12,
    write(k, beat, seconds, noise) {
      const { ctx } = k;
      const filter = ctx.createBiquadFilter();
      filter.type = "lowpass";
      filter.frequency.value = 260;
      const lfo = ctx.createOscillator();
      lfo.frequency.value = 1 / 12;
      const depth = ctx.createGain();
      depth.gain.value = 160;
      lfo.connect(depth).connect(filter.frequency);
      const g = ctx.createGain();
      g.gain.value = 0.09;
      filter.connect(g);
      send(k, g, 0.6);
      for (const [m, d] of [
        [26, -5],
        [38, 4],
        [45, -3],
      ] as const) {
        const o = ctx.createOscillator();
        o.type = "sawtooth";
        o.frequency.value = hz(m);
        o.detune.value = d;
        o.connect(filter);
        o.start(0);
        o.stop(seconds + TAIL);
      }
      lfo.start(0);
      lfo.stop(seconds + TAIL);
      weather(k, noise, seconds, 0.012, 300, "lowpass", 120, 0.05);
      for (let bar = 0; bar < 12; bar += 1) {
        const t0 = bar * 4 * beat;
        if (bar % 3 === 2) pad(k, [51, 50], t0, 8 * beat, 0.012, "sine", 600);
        for (let i = 0; i < 4; i += 1) if (k.rand() < 0.3) bell(k, 84 + Math.floor(k.rand() * 8), t0 + i * beat + k.rand() * 0.4, 0.02, 0.6);
        if (bar % 4 === 0) drum(k, t0, 70, 40, 0.12, 2.5, noise);
      }
    },
  },
  // A music box waltz in A minor under the stars: oom-pah-pah and a lilting tune.
  night_waltz: {
    bpm: 138,
    beatsPerBar: 3,
    bars: 16,
    write(k, beat) {
      const prog = [
        [45, 57, 60, 64],
        [41, 57, 60, 65],
        [48, 55, 60, 64],
        [40, 56, 59, 64],
      ];
      const tune = [
        [76, 72, 69],
        [77, 76, 72],
        [79, 76, 72],
        [71, 74, 76],
        [76, 81, 79],
        [77, 74, 72],
        [74, 72, 71],
        [69, 0, 0],
      ];
      for (let bar = 0; bar < 16; bar += 1) {
        const chord = prog[Math.floor(bar / 2) % 4]!;
        const t0 = bar * 3 * beat;
        pluck(k, chord[0]!, t0, 0.1, 1.2, 0.3);
        pluck(k, chord[1]! + 12, t0 + beat, 0.04, 0.6);
        pluck(k, chord[2]! + 12, t0 + beat, 0.035, 0.6);
        pluck(k, chord[1]! + 12, t0 + 2 * beat, 0.04, 0.6);
        pluck(k, chord[3]! + 12, t0 + 2 * beat, 0.035, 0.6);
        tune[bar % 8]!.forEach((m, i) => m && bell(k, m, t0 + i * beat, 0.07, 2.2));
        if (bar % 4 === 0) pad(k, chord.slice(1), t0, 12 * beat, 0.012, "triangle", 1500);
      }
    },
  },
  // Taiko and low horns for a fight: a steady pulse, rolls at the end of each phrase.
  battle_drums: {
    bpm: 118,
    beatsPerBar: 4,
    bars: 16,
    write(k, beat, _s, noise) {
      const riff = [38, 38, 41, 43];
      for (let bar = 0; bar < 16; bar += 1) {
        const t0 = bar * 4 * beat;
        drum(k, t0, 120, 45, 0.5, 0.8, noise, 0.05);
        drum(k, t0 + 1.5 * beat, 110, 48, 0.3, 0.6, noise);
        drum(k, t0 + 2 * beat, 120, 45, 0.45, 0.8, noise, 0.05);
        drum(k, t0 + 3 * beat, 180, 90, 0.22, 0.35, noise, 0.04);
        for (let i = 0; i < 8; i += 1) hiss(k, noise, t0 + i * beat * 0.5, i % 2 ? 0.015 : 0.03, 0.05, 7000);
        if (bar % 4 === 3) for (let i = 0; i < 8; i += 1) drum(k, t0 + 2 * beat + i * beat * 0.25, 200, 100, 0.08 + i * 0.02, 0.25, noise);
        if (bar % 2 === 0) pad(k, [riff[(bar / 2) % 4]!, riff[(bar / 2) % 4]! + 7], t0, 4 * beat, 0.05, "sawtooth", 700);
      }
    },
  },
  // Rain on the window, brushes, and a slow jazz progression on warm keys.
  rainy_cafe: {
    bpm: 76,
    beatsPerBar: 4,
    bars: 12,
    write(k, beat, seconds, noise) {
      weather(k, noise, seconds, 0.05, 3200, "lowpass", 900, 0.11);
      const prog = [
        [50, 60, 64, 65, 69],
        [43, 59, 64, 65, 69],
        [48, 59, 62, 64, 67],
        [45, 58, 61, 64, 67],
      ];
      for (let bar = 0; bar < 12; bar += 1) {
        const chord = prog[bar % 4]!;
        const t0 = bar * 4 * beat;
        keys(k, chord[0]! - 12, t0, 2 * beat, 0.07);
        chord.slice(1).forEach((m, i) => keys(k, m, t0 + i * 0.02, 1.5 * beat, 0.035));
        chord.slice(1, 4).forEach((m, i) => keys(k, m, t0 + 2.5 * beat + i * 0.02, beat, 0.025));
        for (let i = 0; i < 4; i += 1) hiss(k, noise, t0 + i * beat, i % 2 ? 0.03 : 0.018, 0.18, 3000, "bandpass");
        for (let i = 0; i < 6; i += 1) if (k.rand() < 0.5) bell(k, 96 + Math.floor(k.rand() * 6), t0 + k.rand() * 4 * beat, 0.006, 0.3);
      }
    },
  },
};

/** How long a preset's loop is, in seconds (its bars at its tempo). */
export function loopSeconds(id: MusicPreset): number {
  const r = RECIPES[id];
  return (r.bars * r.beatsPerBar * 60) / r.bpm;
}

const rendered = new Map<MusicPreset, Promise<AudioBuffer>>();

/** The loop of a preset, rendered once per page (the same samples for everyone). */
export function renderTrack(id: MusicPreset): Promise<AudioBuffer> {
  const cached = rendered.get(id);
  if (cached) return cached;
  const job = render(id);
  rendered.set(id, job);
  job.catch(() => rendered.delete(id));
  return job;
}

/** Even out the tracks' loudness (about the same RMS) without letting a peak clip. */
function normalise(buffer: AudioBuffer) {
  let peak = 0;
  let sum = 0;
  for (let ch = 0; ch < buffer.numberOfChannels; ch += 1) {
    for (const v of buffer.getChannelData(ch)) {
      peak = Math.max(peak, Math.abs(v));
      sum += v * v;
    }
  }
  const rms = Math.sqrt(sum / (buffer.length * buffer.numberOfChannels));
  if (peak === 0 || rms === 0) return;
  const gain = Math.min(0.89 / peak, 0.09 / rms);
  for (let ch = 0; ch < buffer.numberOfChannels; ch += 1) {
    const data = buffer.getChannelData(ch);
    for (let i = 0; i < data.length; i += 1) data[i]! *= gain;
  }
}

async function render(id: MusicPreset): Promise<AudioBuffer> {
  const recipe = RECIPES[id];
  const seconds = loopSeconds(id);
  const frames = Math.ceil((seconds + TAIL) * RATE);
  const ctx = new OfflineAudioContext(2, frames, RATE);
  const rand = seeded(id);
  const master = ctx.createDynamicsCompressor();
  master.threshold.value = -18;
  master.ratio.value = 3;
  const level = ctx.createGain();
  level.gain.value = 0.9;
  master.connect(level).connect(ctx.destination);
  const reverb = ctx.createConvolver();
  reverb.buffer = impulse(ctx, 2.6, seeded(`${id}:room`));
  reverb.connect(master);
  const noise = noiseBuffer(ctx, 3, seeded(`${id}:noise`));
  recipe.write({ ctx, out: master, wet: reverb, rand }, 60 / recipe.bpm, seconds, noise);
  const full = await ctx.startRendering();
  // Fold the tail over the start: the loop's end rings on into its beginning.
  const loopFrames = Math.round(seconds * RATE);
  const loop = new AudioBuffer({ numberOfChannels: 2, length: loopFrames, sampleRate: RATE });
  for (let ch = 0; ch < 2; ch += 1) {
    const src = full.getChannelData(ch);
    const dst = loop.getChannelData(ch);
    dst.set(src.subarray(0, loopFrames));
    for (let i = loopFrames; i < src.length; i += 1) dst[i - loopFrames]! += src[i]!;
  }
  normalise(loop);
  return loop;
}
