import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { createQueryClient } from "../../app/queryClient";
import type { Notification, NotificationPage } from "./notifications";
import { notificationKeys, receiveNotification } from "./queries";

const VIEWER = 3;
const note = (id: number, read = false): Notification => ({
  id,
  kind: "follow.new",
  payload: { nickname: "ara", avatar_url: null },
  created_at: "2025-01-01T00:00:00Z",
  read,
});

describe("receiveNotification", () => {
  it("counts a push once and puts it on top of a loaded inbox", () => {
    const queryClient = createQueryClient();
    queryClient.setQueryData(notificationKeys.unread(VIEWER), 1);
    queryClient.setQueryData<InfiniteData<NotificationPage, string | null>>(notificationKeys.inbox(VIEWER), {
      pages: [{ items: [note(2)], next_cursor: "c" }, { items: [note(1, true)], next_cursor: null }],
      pageParams: [null, "c"],
    });
    receiveNotification(queryClient, VIEWER, note(5));
    receiveNotification(queryClient, VIEWER, note(5)); // the same push again (a reconnect may replay it)
    expect(queryClient.getQueryData(notificationKeys.unread(VIEWER))).toBe(2);
    const inbox = queryClient.getQueryData<InfiniteData<NotificationPage>>(notificationKeys.inbox(VIEWER))!;
    expect(inbox.pages.map((page) => page.items.map((n) => n.id))).toEqual([[5, 2], [1]]);
  });

  it("counts a push before the inbox was ever opened, and not a read one", () => {
    const queryClient = createQueryClient();
    receiveNotification(queryClient, VIEWER, note(5));
    receiveNotification(queryClient, VIEWER, note(6, true));
    expect(queryClient.getQueryData(notificationKeys.unread(VIEWER))).toBe(1);
    expect(queryClient.getQueryData(notificationKeys.inbox(VIEWER))).toBeUndefined();
  });

  it("counts a push that comes twice once, with no inbox loaded", () => {
    const queryClient = createQueryClient();
    receiveNotification(queryClient, VIEWER, note(7));
    receiveNotification(queryClient, VIEWER, note(7)); // kept through a Redis outage, sent again
    receiveNotification(queryClient, VIEWER, note(8));
    expect(queryClient.getQueryData(notificationKeys.unread(VIEWER))).toBe(2);
  });
});
