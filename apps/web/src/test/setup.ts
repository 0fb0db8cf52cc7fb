import { afterEach, beforeEach, vi } from 'vitest';

// Tell React that `act` is in use, so it does not warn about updates outside act.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The suites read the screens in Chinese, as most residents' phones ask for it (the app follows
// the browser's languages until a person picks one).
Object.defineProperty(globalThis.navigator, 'languages', { get: () => ['zh-CN', 'zh'], configurable: true });

beforeEach(() => {
  localStorage.clear();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
