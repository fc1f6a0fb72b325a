// What a notification says and where clicking it goes: the one place that reads notification kinds and
// payloads, typed from the server's union by kind (NotificationOut in the OpenAPI). Pure, so
// unit-tested in both languages. A kind this build does not know yet (a newer server) still gets a
// generic line rather than an error.
import type { components } from "../../api/schema";
import type { MessageKey } from "../../i18n";
import type { IconName } from "../../ui/Icon";

export type Notification = components["schemas"]["NotificationOut"];
export type NotificationPage = components["schemas"]["NotificationPage"];
export type NotificationKind = Notification["kind"];
/** A notification's kind with its own payload type, narrowed together by `switch (n.kind)`. */
export type NotificationBody = { [K in NotificationKind]: Pick<Extract<Notification, { kind: K }>, "kind" | "payload"> }[NotificationKind];

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A count from a payload, or null when a stored payload predates the field. */
function count(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Human text for one notification in the current language; unknown kinds get a generic line. */
export function notificationText(n: NotificationBody, t: Translate): string {
  switch (n.kind) {
    case "follow.new":
      return t("bell.follow", { nickname: n.payload.nickname || "?" });
    case "generation.succeeded":
      return t("bell.generationSucceeded");
    case "generation.failed":
      return t("bell.generationFailed");
    case "like.milestone": {
      const likes = count(n.payload.likes) ?? 1;
      const name = n.payload.name || t("gemini.untitled");
      return t(likes === 1 ? "bell.likeMilestoneOne" : "bell.likeMilestone", { name, likes });
    }
    case "ranking.top5":
      return t("bell.top5", {
        name: n.payload.name || t("gemini.untitled"),
        ranking: t(n.payload.ranking === "weekly" ? "rank.weekly" : "rank.daily"),
        position: count(n.payload.position) ?? 1,
      });
    case "fourcut.ready":
      return t("bell.fourcutReady");
    case "fourcut.failed":
      return t("bell.fourcutFailed");
    case "wallet.purchase":
      return t("bell.starsPurchased", { stars: n.payload.stars, balance: n.payload.balance });
    case "memory.saved":
      return t("bell.memorySaved", { room: n.payload.room_title || "?" });
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
export function notificationTarget(n: NotificationBody): NotificationTarget {
  switch (n.kind) {
    case "generation.failed":
      return { type: "path", path: "/studio/history" };
    case "follow.new":
      return n.payload.nickname ? { type: "user", nickname: n.payload.nickname } : null;
    case "wallet.purchase":
      return { type: "path", path: `/wallet/orders/${n.payload.order_id}` };
    case "memory.saved":
      return { type: "path", path: "/me?tab=memories#geminis" };
    case "generation.succeeded":
    case "like.milestone":
    case "ranking.top5":
    case "fourcut.ready":
    case "fourcut.failed": {
      const id = count(n.payload.gemini_id);
      return id && id > 0 ? { type: "gemini", id } : null;
    }
    default:
      return null;
  }
}

/** The drawer's icon per kind (decorative; drawn as SVG, so no symbol font is needed). */
export function notificationIcon(kind: string): IconName {
  if (kind.endsWith("failed")) return "alert";
  if (kind === "follow.new") return "moon";
  if (kind === "like.milestone") return "heart";
  if (kind === "ranking.top5") return "crown";
  if (kind.startsWith("fourcut") || kind === "memory.saved") return "grid";
  return "star";
}

/** Newest first, without duplicates (a live push may race the page it also appears in). */
export function mergeNotifications(current: readonly Notification[], incoming: readonly Notification[]): Notification[] {
  const byId = new Map<number, Notification>();
  for (const n of [...incoming, ...current]) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** A notification about a four-cut (ready or failed): the gemini it was ordered from, if known. */
export function fourcutNotice(n: NotificationBody): { geminiId: number | null } | null {
  if (n.kind !== "fourcut.ready" && n.kind !== "fourcut.failed") return null;
  const id = count(n.payload.gemini_id);
  return { geminiId: id && id > 0 ? id : null };
}
