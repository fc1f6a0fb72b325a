import { describe, expect, it } from "vitest";
import { translate, type Lang, type MessageKey } from "../../i18n";
import { mergeNotifications, notificationTarget, notificationText, type Notification } from "./notifications";

const t = (lang: Lang) => (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
// Built from loose values on purpose: stored payloads may predate a field, and a newer server may
// send a kind this build does not know.
const n = (kind: string, payload: Record<string, unknown>, id = 1): Notification =>
  ({ id, kind, payload, created_at: "2025-01-01T00:00:00Z", read: false }) as unknown as Notification;

describe("notificationText", () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["follow.new", { nickname: "별이", avatar_url: null }, "별이님이 나를 팔로우하기 시작했어요.", "별이 started following you."],
    ["generation.succeeded", { generation_id: 3, gemini_id: 9 }, "제미니 소환이 끝났어요.", "Your gemini has been summoned."],
    ["generation.failed", { generation_id: 3, error: "boom" }, "소환에 실패했어요. 별조각은 돌려드렸어요.", "A summoning failed. Your stars were refunded."],
    ["like.milestone", { gemini_id: 9, name: "Orion", likes: 10 }, "“Orion”이(가) 좋아요 10개를 받았어요.", "“Orion” reached 10 likes."],
    [
      "ranking.top5",
      { gemini_id: 9, name: "Vega", ranking: "weekly", position: 2, window_start: "2025-01-06" },
      "“Vega”이(가) 이번 주 TOP 5 2위에 올랐어요!",
      "“Vega” is No. 2 in This week's TOP 5!",
    ],
    ["fourcut.ready", { fourcut_id: 1, gemini_id: 9 }, "표정 네컷이 완성됐어요.", "Your expression four-cut is ready."],
    ["fourcut.failed", { fourcut_id: 1, gemini_id: 9 }, "표정 네컷을 그리지 못했어요.", "An expression four-cut couldn't be drawn."],
    [
      "wallet.purchase",
      { order_id: 7, stars: 30, balance: 42 },
      "결제가 끝났어요. 별조각 30개를 넣었어요 (잔액 42개).",
      "Payment complete: 30 stars added (balance 42).",
    ],
    [
      "memory.saved",
      { memory_id: 4, room_id: 2, room_title: "Moon Tower" },
      "“Moon Tower”에서 찍은 인생네컷이 내 TRPG 추억에 담겼어요.",
      "A life four-cut from “Moon Tower” is in your TRPG memories.",
    ],
    ["something.else", {}, "새 소식이 있어요.", "Something new happened."],
  ];
  it.each(cases)("%s in Korean and English", (kind, payload, ko, en) => {
    expect(notificationText(n(kind, payload), t("ko"))).toBe(ko);
    expect(notificationText(n(kind, payload), t("en"))).toBe(en);
  });
  it("uses the singular for one like", () => {
    const one = n("like.milestone", { gemini_id: 9, name: "Orion", likes: 1 });
    expect(notificationText(one, t("en"))).toBe("“Orion” reached 1 like.");
    expect(notificationText(one, t("ko"))).toBe("“Orion”이(가) 좋아요 1개를 받았어요.");
  });
  it("falls back when the gemini had no name or the payload is odd", () => {
    expect(notificationText(n("like.milestone", {}), t("en"))).toBe("“Unnamed gemini” reached 1 like.");
    expect(notificationText(n("ranking.top5", { name: "X", ranking: "daily", position: "3" }), t("ko"))).toBe(
      "“X”이(가) 오늘의 TOP 5 1위에 올랐어요!",
    );
  });
});

describe("notificationTarget", () => {
  it("sends follows to the profile and the rest to the gemini", () => {
    expect(notificationTarget(n("follow.new", { nickname: "ara" }))).toEqual({ type: "user", nickname: "ara" });
    expect(notificationTarget(n("like.milestone", { gemini_id: 4 }))).toEqual({ type: "gemini", id: 4 });
    expect(notificationTarget(n("generation.succeeded", { generation_id: 4, gemini_id: 9 }))).toEqual({ type: "gemini", id: 9 });
    expect(notificationTarget(n("something.else", {}))).toBeNull();
  });
  it("sends a failed summoning to the studio history", () => {
    expect(notificationTarget(n("generation.failed", { generation_id: 4, error: "x" }))).toEqual({
      type: "path",
      path: "/studio/history",
    });
  });
  it("sends a saved TRPG memory to the memories tab of my profile", () => {
    expect(notificationTarget(n("memory.saved", { memory_id: 4, room_id: 2, room_title: "x" }))).toEqual({
      type: "path",
      path: "/me?tab=memories#geminis",
    });
  });
});

describe("mergeNotifications", () => {
  it("keeps newest first without duplicates", () => {
    const merged = mergeNotifications([n("a", {}, 3), n("a", {}, 1)], [n("a", {}, 4), n("a", {}, 3)]);
    expect(merged.map((x) => x.id)).toEqual([4, 3, 1]);
  });
});
