import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { api, type Me, type OrderInput, type StarOrder } from "../../api/client";
import { meKey, useViewer } from "../accounts/auth";

export const walletKeys = {
  all: ["wallet"] as const,
  /** The latest ledger lines, read again whenever the balance (`stars`) moves. */
  recent: (viewer: number, stars: number) => [...walletKeys.all, "recent", viewer, stars] as const,
  packages: () => [...walletKeys.all, "packages"] as const,
  providers: () => [...walletKeys.all, "providers"] as const,
  ledger: (viewer: number) => [...walletKeys.all, "ledger", viewer] as const,
  orders: (viewer: number) => [...walletKeys.all, "orders", viewer] as const,
  order: (viewer: number, id: number) => [...walletKeys.all, "order", viewer, id] as const,
};

/** An order still waiting for the provider's word; the return page polls it until it leaves these. */
export function isPending(status: StarOrder["status"]): boolean {
  return status === "created" || status === "ready";
}

/** How often the return page asks about an order still waiting for KakaoPay. */
export const ORDER_POLL_MS = 1500;

/**
 * Stars moved outside this page's own requests (a purchase settled, a refund, a push): every wallet
 * list is read again, and the header's balance with /api/me.
 */
export function starsMoved(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: walletKeys.all });
  api.me().then(
    (me) => queryClient.setQueryData<Me | null>(meKey, me),
    // The counter stays as it was; the next page load reads it again.
    () => undefined,
  );
}

/** My balance and latest ledger lines; the previous answer stays on screen while a new one loads. */
export function useRecentWallet(stars: number) {
  const viewer = useViewer();
  return useQuery({
    queryKey: walletKeys.recent(viewer, stars),
    queryFn: () => api.wallet(null, 6),
    placeholderData: keepPreviousData,
  });
}

/** The packages on sale; they change only with the server's settings. */
export function useStarPackages() {
  return useQuery({ queryKey: walletKeys.packages(), queryFn: api.starPackages, staleTime: 10 * 60_000 });
}

/** Which ways to pay the server takes (KakaoPay when set up, the test provider outside production). */
export function usePaymentProviders() {
  return useQuery({ queryKey: walletKeys.providers(), queryFn: api.paymentProviders, staleTime: 10 * 60_000 });
}

/** Every movement of my stars, newest first, a page at a time. */
export function useLedger() {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: walletKeys.ledger(viewer),
    queryFn: ({ pageParam }) => api.ledger(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

/** My orders, newest first, a page at a time. */
export function useOrders() {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: walletKeys.orders(viewer),
    queryFn: ({ pageParam }) => api.orders(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

/** One order, asked about again and again while KakaoPay has not settled it. */
export function useOrder(id: number) {
  const viewer = useViewer();
  return useQuery({
    queryKey: walletKeys.order(viewer, id),
    queryFn: () => api.order(id),
    refetchInterval: (query) => {
      const order = query.state.data;
      return order && !isPending(order.status) ? false : ORDER_POLL_MS;
    },
    // A 404 will not turn into an order by asking again.
    retry: false,
  });
}

/** Start a purchase; the caller sends the browser where the answer says. */
export function useBuyStars() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrderInput) => api.buyStars(body),
    onSuccess: (started) => {
      // The test provider approves at once: the stars are here already.
      if (started.status === "approved") starsMoved(queryClient);
      else void queryClient.invalidateQueries({ queryKey: walletKeys.all });
    },
  });
}

/** Give a purchase back: its stars leave, its money returns. */
export function useRefund() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.refundOrder(id),
    onSuccess: () => starsMoved(queryClient),
  });
}
