import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { createContext, use, useCallback, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { tokenStore } from '../api/token-store';
import type {
  AuthResultView as AuthResult,
  MeView as Me,
  MembershipView as Membership,
  UserView as User,
} from '@goodloop/contracts';
import { currentLanguage } from '../i18n';
import * as authApi from './auth.api';

export interface AuthContextValue {
  signedIn: boolean;
  /** `GET /me`, once loaded. */
  me: Me | undefined;
  meLoading: boolean;
  meError: unknown;
  /** Memberships in which I may publish activities and verify hours. */
  organizerMemberships: Membership[];
  isAdmin: boolean;
  canOrganize: boolean;
  login(email: string, password: string): Promise<User>;
  register(email: string, password: string, displayName: string): Promise<User>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function subscribe(onChange: () => void): () => void {
  return tokenStore.subscribe(onChange);
}

function hasSession(): boolean {
  return tokenStore.get() !== null;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const signedIn = useSyncExternalStore(subscribe, hasSession, () => false);

  const meQuery = useQuery({ queryKey: authApi.meQueryKey, queryFn: authApi.fetchMe, enabled: signedIn });

  // A session that ends anywhere (refresh refused, another tab logged out) drops every cached
  // answer, so nothing of the previous person stays on screen.
  useEffect(
    () =>
      tokenStore.subscribe((reason) => {
        if (tokenStore.get() !== null) return;
        queryClient.clear();
        if (reason === 'expired') void message.warning(t('auth.sessionExpired'));
      }),
    [queryClient, message, t],
  );

  const start = useCallback(
    async (result: AuthResult): Promise<User> => {
      queryClient.clear();
      tokenStore.set({ accessToken: result.accessToken, refreshToken: result.refreshToken });
      await queryClient.prefetchQuery({ queryKey: authApi.meQueryKey, queryFn: authApi.fetchMe });
      return result.user;
    },
    [queryClient],
  );

  const value = useMemo<AuthContextValue>(() => {
    const me = signedIn ? meQuery.data : undefined;
    const organizerMemberships = (me?.memberships ?? []).filter((m) => m.role === 'organizer');
    const isAdmin = me?.roles.includes('admin') ?? false;
    return {
      signedIn,
      me,
      meLoading: signedIn && meQuery.isPending,
      meError: meQuery.error,
      organizerMemberships,
      isAdmin,
      canOrganize: organizerMemberships.length > 0 || isAdmin,
      login: async (email, password) => start(await authApi.login({ email, password })),
      register: async (email, password, displayName) =>
        start(await authApi.register({ email, password, displayName, locale: currentLanguage() })),
      logout: async () => {
        const pair = tokenStore.get();
        // Revoke the refresh token on the server; the local sign-out happens whatever it answers.
        if (pair) await authApi.logout(pair.refreshToken).catch(() => undefined);
        tokenStore.clear('logout');
        queryClient.clear();
      },
    };
  }, [signedIn, meQuery.data, meQuery.isPending, meQuery.error, start, queryClient]);

  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const value = use(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
