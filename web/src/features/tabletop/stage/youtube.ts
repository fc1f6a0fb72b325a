// A YouTube link as the room stores it: only the 11-character video id. Accepts the link forms
// people paste (watch, youtu.be, shorts, embed, live, music. and m. hosts) or a bare id; anything
// else is refused. Pure, so unit-tested.

const ID = /^[A-Za-z0-9_-]{11}$/;
const HOSTS = new Set(["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"]);

/** The video id of a YouTube link or bare id, or null when it is not one. */
export function youtubeId(input: string): string | null {
  const text = input.trim();
  if (ID.test(text)) return text;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const host = url.hostname.toLowerCase();
  let candidate: string | null = null;
  if (host === "youtu.be" || host === "www.youtu.be") {
    candidate = url.pathname.split("/")[1] ?? null;
  } else if (HOSTS.has(host)) {
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] === "watch") candidate = url.searchParams.get("v");
    else if (parts.length >= 2 && ["shorts", "embed", "live", "v"].includes(parts[0]!)) candidate = parts[1]!;
  }
  return candidate && ID.test(candidate) ? candidate : null;
}

/** The privacy-enhanced embed of a video starting at `start` seconds (only this origin is framed). */
export function youtubeEmbedUrl(id: string, start: number, autoplay: boolean): string {
  const params = new URLSearchParams({ start: String(Math.max(0, Math.floor(start))), rel: "0", modestbranding: "1", playsinline: "1", enablejsapi: "1" });
  if (autoplay) params.set("autoplay", "1");
  return `https://www.youtube-nocookie.com/embed/${encodeURIComponent(id)}?${params.toString()}`;
}
