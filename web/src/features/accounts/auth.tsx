import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, type LoginInput, type Me, type SignupInput } from "../../api/client";
import { connectSocket, disconnectSocket } from "../../api/realtime";

export type AuthState =
  | { status: "loading"; me: null }
  | { status: "anonymous"; me: null }
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

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading", me: null });

  const setMe = useCallback((me: Me) => setState({ status: "user", me }), []);
  const signOut = useCallback(() => setState({ status: "anonymous", me: null }), []);

  const restore = useCallback(async () => {
    const token = await api.refresh();
    if (!token) {
      signOut();
      return null;
    }
    try {
      const me = await api.me();
      setMe(me);
      return me;
    } catch {
      signOut();
      return null;
    }
  }, [setMe, signOut]);

  useEffect(() => {
    void restore();
    // A failed refresh anywhere (token cleared) means we are logged out.
    return api.tokens.subscribe((token) => {
      if (token === null) signOut();
    });
  }, [restore, signOut]);

  useEffect(() => {
    if (state.status !== "user") {
      disconnectSocket();
      return;
    }
    connectSocket(api.tokens);
  }, [state.status]);

  const login = useCallback(
    async (input: LoginInput) => {
      const session = await api.login(input);
      setMe(session.user);
      return session.user;
    },
    [setMe],
  );
  const signup = useCallback(
    async (input: SignupInput) => {
      const session = await api.signup(input);
      setMe(session.user);
      return session.user;
    },
    [setMe],
  );
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The server may already consider us logged out; the local state is cleared either way.
    }
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
