import { useCallback, useEffect, useRef, useState } from "react";
import { useAuth } from "../accounts/auth";
import { gallery, type Notification } from "../gallery/gallery";
import { mergeNotifications } from "./notifications";
import { onSocketEvent } from "../../api/realtime";

export interface NotificationsState {
  unread: number;
  items: Notification[];
  loaded: boolean;
  hasMore: boolean;
  loading: boolean;
  load: () => void;
  loadMore: () => void;
  markRead: (ids: number[]) => Promise<void>;
  markAllRead: () => Promise<void>;
}

/**
 * The bell's data: the unread count (fetched on login, then moved by `notification.new` pushes without
 * a reload), and the newest-first list, fetched when the drawer first opens.
 */
export function useNotifications(): NotificationsState {
  const { state } = useAuth();
  const userId = state.me?.id ?? null;
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<Notification[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loading, setLoading] = useState(false);
  const seen = useRef(new Set<number>());

  useEffect(() => {
    setUnread(0);
    setItems([]);
    setCursor(null);
    setLoaded(false);
    seen.current = new Set();
    if (userId === null) return;
    let live = true;
    const sync = () =>
      gallery.unreadCount().then(
        (r) => live && setUnread(r.unread),
        () => undefined,
      );
    void sync();
    const off = onSocketEvent("notification.new", (n) => {
      if (!live || seen.current.has(n.id)) return;
      seen.current.add(n.id);
      if (!n.read) setUnread((u) => u + 1);
      setItems((current) => mergeNotifications(current, [n]));
    });
    // After a reconnect we may have missed pushes: the count is cheap to re-read.
    const offConnect = onSocketEvent("connect", () => void sync());
    return () => {
      live = false;
      off();
      offConnect();
    };
  }, [userId]);

  const fetchPage = useCallback(
    (from: string | null) => {
      if (userId === null) return;
      setLoading(true);
      gallery.notifications(from, 20).then(
        (page) => {
          for (const n of page.items) seen.current.add(n.id);
          setItems((current) => mergeNotifications(current, page.items));
          setCursor(page.next_cursor);
          setLoaded(true);
          setLoading(false);
        },
        () => setLoading(false),
      );
    },
    [userId],
  );

  const load = useCallback(() => fetchPage(null), [fetchPage]);
  const loadMore = useCallback(() => {
    if (cursor) fetchPage(cursor);
  }, [cursor, fetchPage]);

  const markRead = useCallback(async (ids: number[]) => {
    if (ids.length === 0) return;
    setItems((current) => current.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)));
    try {
      const r = await gallery.markRead(ids);
      setUnread(r.unread);
    } catch {
      // The list says read; the count resyncs on the next push or reconnect.
    }
  }, []);

  const markAllRead = useCallback(async () => {
    setItems((current) => current.map((n) => ({ ...n, read: true })));
    setUnread(0);
    try {
      const r = await gallery.markAllRead();
      setUnread(r.unread);
    } catch {
      // Ignore: shown as read locally.
    }
  }, []);

  return { unread, items, loaded, hasMore: Boolean(cursor), loading, load, loadMore, markRead, markAllRead };
}
