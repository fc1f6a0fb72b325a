import { useEffect, useState } from "react";

/**
 * The scene behind the room: the new picture fades in over the old one once it has loaded (no
 * flash of empty sky), then the old layer goes. Decorative; the scene's name is said elsewhere.
 */
export function Backdrop({ url, className }: { url: string | null; className: string }) {
  // Layers oldest first; the last one is the current scene.
  const [layers, setLayers] = useState<{ url: string; ready: boolean }[]>(() => (url ? [{ url, ready: false }] : []));
  const [seen, setSeen] = useState(url);
  if (seen !== url) {
    setSeen(url);
    if (url) setLayers((ls) => [...ls.filter((l) => l.url !== url && l.ready).slice(-1), { url, ready: false }]);
  }

  const top = layers.at(-1);
  useEffect(() => {
    if (!top || top.ready) return;
    let alive = true;
    const img = new Image();
    const done = () => alive && setLayers((ls) => ls.map((l) => (l.url === top.url ? { ...l, ready: true } : l)));
    img.onload = done;
    img.onerror = done;
    img.src = top.url;
    return () => {
      alive = false;
    };
  }, [top]);

  // Once the new layer has faded in, the ones under it are dropped.
  useEffect(() => {
    if (layers.length < 2 || !layers.at(-1)?.ready) return;
    const timer = window.setTimeout(() => setLayers((ls) => ls.slice(-1)), 1200);
    return () => window.clearTimeout(timer);
  }, [layers]);

  return (
    <div className={className} aria-hidden="true">
      {layers.map((l) => (
        <div key={l.url} className={`backdrop__layer${l.ready ? " is-ready" : ""}`} style={{ backgroundImage: `url("${l.url}")` }} />
      ))}
    </div>
  );
}
