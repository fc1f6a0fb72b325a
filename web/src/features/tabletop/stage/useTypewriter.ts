import { useEffect, useMemo, useState } from "react";
import { duration, glyphs, visibleCount } from "./typewriter";

/**
 * A line typed out over time: what shows now, whether it is done, and `skip` to show it all.
 * `key` restarts it (a new line); `instant` (reduced motion, a line read back) shows it at once.
 */
export function useTypewriter(text: string, key: string | number, instant: boolean) {
  const chars = useMemo(() => glyphs(text), [text]);
  const [state, setState] = useState({ key, elapsed: 0, skipped: false });
  // A new line starts over (state adjusted while rendering, not in an effect).
  if (state.key !== key) setState({ key, elapsed: 0, skipped: false });
  const done = instant || state.skipped || state.elapsed >= duration(chars);

  useEffect(() => {
    if (done) return;
    const started = performance.now() - state.elapsed;
    let frame = requestAnimationFrame(function tick(now) {
      setState((s) => (s.key === key ? { ...s, elapsed: now - started } : s));
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
    // `state.elapsed` seeds the clock once per line; re-running on every tick would restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done, key]);

  const shown = visibleCount(chars, done ? Infinity : state.elapsed);
  return {
    text: chars.slice(0, shown).join(""),
    done,
    skip: () => setState((s) => ({ ...s, skipped: true })),
  };
}
