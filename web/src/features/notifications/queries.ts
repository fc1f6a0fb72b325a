// The bell's server state: the unread count and the inbox pages, kept in the query cache; pushes
// (`notification.new`) land in the same cache through `receiveNotification`.
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from "@tanstack/react-query";
import { api, call } from "../../api/client";
import { useViewer } from "../accounts/auth";
import { mergeNotifications, type Notification, type NotificationPage } from "./notifications";

const { client } = api;

export const notificationsApi = {
  list: (cursor: string | null, limit = 20) =>
    call(client.GET("/api/notifications", { params: { query: { cursor: cursor ?? undefined, limit } } })),
  unreadCount: () => call(client.GET("/api/notifications/unread-count")),
  markRead: (ids: number[]) => call(client.POST("/api/notifications/read", { body: { ids, all: false } })),
  markAllRead: () => call(client.POST("/api/notifications/read", { body: { all: true } })),
};

export const notificationKeys = {
  all: ["notifications"] as const,
  unread: (viewer: number) => [...notificationKeys.all, "unread", viewer] as const,
  inbox: (viewer: number) => [...notificationKeys.all, "inbox", viewer] as const,
};

type Inbox = InfiniteData<NotificationPage, string | null>;

/** Every loaded notification, newest first, without duplicates (a push may race the page it is in). */
const flattenInbox = (data: Inbox): Notification[] =>
  data.pages.reduce<Notification[]>((shown, page) => mergeNotifications(shown, page.items), []);

export function useUnreadCount(): number {
  const viewer = useViewer();
  const query = useQuery({
    queryKey: notificationKeys.unread(viewer),
    queryFn: async () => (await notificationsApi.unreadCount()).unread,
    enabled: viewer !== 0,
  });
  return query.data ?? 0;
}

/** The inbox, fetched once `enabled` (the drawer first opened). */
export function useInbox(enabled: boolean) {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: notificationKeys.inbox(viewer),
    queryFn: ({ pageParam }) => notificationsApi.list(pageParam, 20),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    select: flattenInbox,
    enabled: enabled && viewer !== 0,
  });
}

function markInbox(queryClient: QueryClient, viewer: number, read: (n: Notification) => boolean): void {
  queryClient.setQueryData<Inbox>(notificationKeys.inbox(viewer), (data) =>
    data && {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((n) => (!n.read && read(n) ? { ...n, read: true } : n)),
      })),
    },
  );
}

/** Mark some (`ids`) or all (`null`) notifications read: shown read at once, the count from the server.
 * A failure leaves them shown read; the count resyncs on the next push or reconnect. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  const viewer = useViewer();
  return useMutation({
    mutationFn: (ids: number[] | null) => (ids ? notificationsApi.markRead(ids) : notificationsApi.markAllRead()),
    onMutate: (ids) => {
      markInbox(queryClient, viewer, (n) => ids === null || ids.includes(n.id));
      if (ids === null) queryClient.setQueryData(notificationKeys.unread(viewer), 0);
    },
    onSuccess: ({ unread }) => queryClient.setQueryData(notificationKeys.unread(viewer), unread),
  });
}

// Notifications about summons this page showed to the end: they are read by being watched.
const watched = new Set<number>();

/**
 * A summon the person watched finish: its notification (named by `generation.finished`) is marked
 * read on the server, and counts as read here whether its push came before or comes after.
 */
export function readWatched(queryClient: QueryClient, viewer: number, notificationId: number): void {
  if (watched.has(notificationId)) return;
  watched.add(notificationId);
  void notificationsApi
    .markRead([notificationId])
    .then(({ unread }) => queryClient.setQueryData(notificationKeys.unread(viewer), unread))
    .catch(() => undefined);
}

/**
 * The same for a summon seen to end by polling (its `generation.finished` event never came here):
 * its notification is looked up among the newest few.
 */
export function readWatchedGeneration(queryClient: QueryClient, viewer: number, generationId: number): void {
  void notificationsApi
    .list(null, 10)
    .then((page) => {
      const n = page.items.find(
        (item) =>
          !item.read &&
          (item.kind === "generation.succeeded" || item.kind === "generation.failed") &&
          item.payload.generation_id === generationId,
      );
      if (n) readWatched(queryClient, viewer, n.id);
    })
    .catch(() => undefined);
}

// Pushed notifications already taken in, per cache: a push may come twice (one kept by the server
// through a Redis outage is published again, and its first try may have gone out after all).
const received = new WeakMap<QueryClient, Set<number>>();

/** A pushed notification: counted once and put at the top of the inbox if it is loaded. */
export function receiveNotification(queryClient: QueryClient, viewer: number, pushed: Notification): void {
  const seen = received.get(queryClient) ?? new Set<number>();
  received.set(queryClient, seen);
  if (seen.has(pushed.id)) return;
  seen.add(pushed.id);
  const n = watched.has(pushed.id) ? { ...pushed, read: true } : pushed;
  const inbox = queryClient.getQueryData<Inbox>(notificationKeys.inbox(viewer));
  if (inbox?.pages.some((page) => page.items.some((item) => item.id === n.id))) return;
  if (!n.read) queryClient.setQueryData<number>(notificationKeys.unread(viewer), (count) => (count ?? 0) + 1);
  if (inbox) {
    const [first, ...rest] = inbox.pages;
    if (first) queryClient.setQueryData<Inbox>(notificationKeys.inbox(viewer), { ...inbox, pages: [{ ...first, items: [n, ...first.items] }, ...rest] });
  }
}

/** After a reconnect we may have missed pushes: the count is cheap to read again. */
export function notificationsReconnected(queryClient: QueryClient, viewer: number): void {
  void queryClient.invalidateQueries({ queryKey: notificationKeys.unread(viewer) });
}
