import { apiRequest } from '../api/client';
import type { AuthResultView as AuthResult, DemoInfoView, MeView as Me } from '@goodloop/contracts';

export const meQueryKey = ['me'] as const;

export function login(body: { email: string; password: string }): Promise<AuthResult> {
  return apiRequest<AuthResult>('/auth/login', { method: 'POST', body, auth: false });
}

export function register(body: {
  email: string;
  password: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
}): Promise<AuthResult> {
  return apiRequest<AuthResult>('/auth/register', { method: 'POST', body, auth: false });
}

export function logout(refreshToken: string): Promise<void> {
  return apiRequest<void>('/auth/logout', { method: 'POST', body: { refreshToken } });
}

export function fetchMe(): Promise<Me> {
  return apiRequest<Me>('/me');
}

export const demoInfoQueryKey = ['public', 'demo'] as const;

/** The demo accounts, when this platform has them loaded; `{ demo: false }` otherwise. */
export function fetchDemoInfo(): Promise<DemoInfoView> {
  return apiRequest<DemoInfoView>('/public/demo', { auth: false });
}
