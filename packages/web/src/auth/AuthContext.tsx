// Who is signed in. Asks the server once on load (/api/auth/me) and drops the user as soon as any
// request reports the session gone, so RequireAuth can send them back to the login page.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ApiError, api, onUnauthenticated, type User } from "../api/index.ts";

type AuthState = { status: "loading" } | { status: "signedOut" } | { status: "signedIn"; user: User };

interface AuthContextValue {
  state: AuthState;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading" });

  useEffect(() => {
    let live = true;
    api.auth
      .me()
      .then(({ user }) => live && setState({ status: "signedIn", user }))
      .catch((error: unknown) => {
        if (!live) return;
        // Any failure to confirm a session means the login page: it reports a server that is down.
        if (!(error instanceof ApiError) || error.status !== 401) console.warn("auth check failed", error);
        setState({ status: "signedOut" });
      });
    const unsubscribe = onUnauthenticated(() => setState({ status: "signedOut" }));
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const { user } = await api.auth.login(username, password);
    setState({ status: "signedIn", user });
    return user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      setState({ status: "signedOut" });
    }
  }, []);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
