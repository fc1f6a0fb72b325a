import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { useViewer } from "../accounts/auth";

export const walletKeys = {
  all: ["wallet"] as const,
  /** The latest ledger lines, read again whenever the balance (`stars`) moves. */
  recent: (viewer: number, stars: number) => [...walletKeys.all, "recent", viewer, stars] as const,
};

/** My balance and latest ledger lines; the previous answer stays on screen while a new one loads. */
export function useRecentWallet(stars: number) {
  const viewer = useViewer();
  return useQuery({
    queryKey: walletKeys.recent(viewer, stars),
    queryFn: () => api.wallet(null, 6),
    placeholderData: keepPreviousData,
  });
}
