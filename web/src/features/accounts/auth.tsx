import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, type LoginInput, type Me, type SignupInput } from "../../api/client";
import { connectSocket, disconnectSocket } from "../../api/realtime";

export type AuthState =
  | { status: "loading"; me: null }
  // `left`: the person logged out themselves (members-only pages then send them home, not to /login).
  | { status: "anonymous"; me: null; left: boolean }
  | { status: "user"; me: Me };

interface AuthValue {
  state: AuthState;
  me: Me | null;
  login: (input: LoginInput) => Promise<Me>;
  signup: (input: SignupInput) => Promise<Me>;
  logout: () => Promise<void>;
  /** Silent login from the refresh cookie, then load the profile. */
  restore: () => Promise<Me | null>;
  setMe: (me: Me) => void;
  reloadMe: () => Promise<void>;
}

/** The signed-in person (null: nobody) is server state like any other, cached under this key. */
export const meKey = ["accounts", "me"] as const;

/** Silent login from the refresh cookie when we hold no token, then the profile; null when signed out. */
async function restoreSession(): Promise<Me | null> {
  if (!api.tokens.get() && !(await api.refresh())) return null;
  try {
    return await api.me();
  } catch {
    return null;
  }
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // Changed only by login/logout/profile edits below and by the token store, never by a refetch.
  const session = useQuery({ queryKey: meKey, queryFn: restoreSession, staleTime: Infinity, retry: false });
  const [left, setLeft] = useState(false);
  const state = useMemo<AuthState>(() => {
    if (session.isPending) return { status: "loading", me: null };
    return session.data ? { status: "user", me: session.data } : { status: "anonymous", me: null, left };
  }, [session.isPending, session.data, left]);

  const setMe = useCallback((me: Me) => queryClient.setQueryData<Me | null>(meKey, me), [queryClient]);
  const signOut = useCallback(() => queryClient.setQueryData<Me | null>(meKey, null), [queryClient]);

  const restore = useCallback(async () => {
    const me = await restoreSession();
    queryClient.setQueryData<Me | null>(meKey, me);
    return me;
  }, [queryClient]);

  // A failed refresh anywhere (token cleared) means we are logged out.
  useEffect(
    () =>
      api.tokens.subscribe((token) => {
        if (token === null) signOut();
      }),
    [signOut],
  );

  useEffect(() => {
    if (state.status !== "user") {
      disconnectSocket();
      return;
    }
    connectSocket(api.tokens);
  }, [state.status]);

  const login = useCallback(
    async (input: LoginInput) => {
      const { user } = await api.login(input);
      setLeft(false);
      setMe(user);
      return user;
    },
    [setMe],
  );
  const signup = useCallback(
    async (input: SignupInput) => {
      const { user } = await api.signup(input);
      setLeft(false);
      setMe(user);
      return user;
    },
    [setMe],
  );
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The server may already consider us logged out; the local state is cleared either way.
    }
    setLeft(true);
    signOut();
  }, [signOut]);
  const reloadMe = useCallback(async () => {
    setMe(await api.me());
  }, [setMe]);

  const value = useMemo<AuthValue>(
    () => ({ state, me: state.me, setMe, restore, login, signup, logout, reloadMe }),
    [state, setMe, restore, login, signup, logout, reloadMe],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

/** Who is looking (a user id, or 0 for a visitor): part of the key of every answer that depends on it
 * (`liked`, `is_mine`, `is_following`), so a login or logout never shows the other viewer's cache. */
export function useViewer(): number {
  return useAuth().me?.id ?? 0;
}
