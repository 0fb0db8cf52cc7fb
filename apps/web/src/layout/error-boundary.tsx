import { Alert, Button } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function CrashNotice() {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('app.crashed')}
      description={t('app.crashedHint')}
      action={
        <Button size="small" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </Button>
      }
    />
  );
}

/**
 * Keeps one broken page (or a page chunk that failed to load after a new release) from blanking
 * the whole app. Keyed by the route in the layout, so moving to another page starts afresh.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <CrashNotice /> : this.props.children;
  }
}
