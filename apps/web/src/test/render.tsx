import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter } from 'react-router';
import { createQueryClient } from '../api/query-client';
import { Providers } from '../app';
import '../i18n';

export interface Rendered {
  container: HTMLElement;
  byTestId(id: string): HTMLElement | null;
  allByTestId(id: string): HTMLElement[];
  unmount(): void;
}

/** Renders `ui` inside the app's providers (antd, react-query, auth) at `route`. */
export async function renderWithProviders(ui: ReactNode, route = '/'): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const queryClient = createQueryClient();
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(
      <MemoryRouter initialEntries={[route]}>
        <Providers queryClient={queryClient}>{ui}</Providers>
      </MemoryRouter>,
    );
  });
  return {
    container,
    byTestId: (id) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`),
    allByTestId: (id) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)],
    unmount: () => {
      act(() => root?.unmount());
      queryClient.clear();
      container.remove();
    },
  };
}

/** Polls until `check` returns something truthy, letting React and fetches settle in between. */
export async function waitFor<T>(check: () => T | null | undefined | false, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const result = check();
    if (result) return result;
    if (Date.now() - started > timeoutMs) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
}

export async function click(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
}
