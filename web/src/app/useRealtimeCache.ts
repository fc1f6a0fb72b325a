import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { onSocketEvent } from "../api/realtime";
import { useViewer } from "../features/accounts/auth";
import { fourcutChanged, geminiSummoned } from "../features/gallery/queries";
import { fourcutNotice } from "../features/notifications/notifications";
import { starsMoved } from "../features/wallet/queries";
import { notificationsReconnected, receiveNotification } from "../features/notifications/queries";

/**
 * Server pushes land in the query cache, in one place: a notification goes into the bell's count and
 * inbox, a finished four-cut refreshes the four-cut lists, a finished summoning my lists of geminis,
 * a purchase the star counter and the wallet.
 * The socket is an outside system, hence the one effect.
 */
export function useRealtimeCache(): void {
  const queryClient = useQueryClient();
  const viewer = useViewer();
  useEffect(() => {
    if (viewer === 0) return undefined;
    const offs = [
      onSocketEvent("notification.new", (n) => {
        receiveNotification(queryClient, viewer, n);
        const fourcut = fourcutNotice(n);
        if (fourcut) fourcutChanged(queryClient, fourcut.geminiId);
        if (n.kind === "wallet.purchase") starsMoved(queryClient);
      }),
      onSocketEvent("generation.finished", (event) => {
        if (event.gemini_id !== null) geminiSummoned(queryClient);
      }),
      onSocketEvent("connect", () => notificationsReconnected(queryClient, viewer)),
    ];
    return () => offs.forEach((off) => off());
  }, [queryClient, viewer]);
}
