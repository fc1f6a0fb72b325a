// What a notification says and where clicking it goes: the one place that reads notification kinds and
// payloads (retype it here when the payloads become a typed union). Pure, so unit-tested in both languages.
import type { components } from "../../api/schema";
import type { MessageKey } from "../../i18n";

export type Notification = components["schemas"]["NotificationOut"];
export type NotificationPage = components["schemas"]["NotificationPage"];

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
type Payload = Record<string, unknown>;

function str(payload: Payload, key: string, fallback = ""): string {
  const value = payload[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : fallback;
}

function num(payload: Payload, key: string): number | null {
  const value = payload[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Human text for one notification in the current language; unknown kinds get a generic line. */
export function notificationText(n: Pick<Notification, "kind" | "payload">, t: Translate): string {
  const p = n.payload ?? {};
  const name = str(p, "name") || t("gemini.untitled");
  switch (n.kind) {
    case "follow.new":
      return t("bell.follow", { nickname: str(p, "nickname", "?") });
    case "generation.succeeded":
      return t("bell.generationSucceeded");
    case "generation.failed":
      return t("bell.generationFailed");
    case "like.milestone": {
      const likes = num(p, "likes") ?? 1;
      return t(likes === 1 ? "bell.likeMilestoneOne" : "bell.likeMilestone", { name, likes });
    }
    case "ranking.top5":
      return t("bell.top5", {
        name,
        ranking: t(str(p, "ranking") === "weekly" ? "rank.weekly" : "rank.daily"),
        position: num(p, "position") ?? 1,
      });
    case "fourcut.ready":
      return t("bell.fourcutReady");
    case "fourcut.failed":
      return t("bell.fourcutFailed");
    default:
      return t("bell.generic");
  }
}

export type NotificationTarget =
  | { type: "user"; nickname: string }
  | { type: "gemini"; id: number }
  | { type: "path"; path: string }
  | null;

/** Where a click takes you: a follower's profile, the summoning history for a failed summoning, or the
 * gemini the notification is about. */
export function notificationTarget(n: Pick<Notification, "kind" | "payload">): NotificationTarget {
  const p = n.payload ?? {};
  if (n.kind === "generation.failed") return { type: "path", path: "/studio/history" };
  if (n.kind === "follow.new") {
    const nickname = str(p, "nickname");
    return nickname ? { type: "user", nickname } : null;
  }
  const id = num(p, "gemini_id");
  return id && id > 0 ? { type: "gemini", id } : null;
}

/** A short emoji-free glyph per kind for the drawer (decorative). */
export function notificationGlyph(kind: string): string {
  if (kind === "follow.new") return "☾";
  if (kind === "like.milestone") return "♥";
  if (kind === "ranking.top5") return "★";
  if (kind.startsWith("fourcut")) return "▦";
  if (kind.endsWith("failed")) return "!";
  return "✦";
}

/** Newest first, without duplicates (a live push may race the page it also appears in). */
export function mergeNotifications(current: readonly Notification[], incoming: readonly Notification[]): Notification[] {
  const byId = new Map<number, Notification>();
  for (const n of [...incoming, ...current]) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** A notification about a four-cut (ready or failed): the gemini it was ordered from, if known. */
export function fourcutNotice(n: Pick<Notification, "kind" | "payload">): { geminiId: number | null } | null {
  if (!n.kind.startsWith("fourcut.")) return null;
  const id = num(n.payload ?? {}, "gemini_id");
  return { geminiId: id && id > 0 ? id : null };
}
