import { onlineManager } from '@tanstack/react-query';
import { Alert } from 'antd';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

const subscribe = (onChange: () => void) => onlineManager.subscribe(onChange);
const isOnline = () => onlineManager.isOnline();

/**
 * Says so while the device is offline. Requests made meanwhile wait (React Query pauses them)
 * and go out by themselves when the network is back, so a page never spins without a word.
 */
export function OfflineBanner() {
  const { t } = useTranslation();
  const online = useSyncExternalStore(subscribe, isOnline, () => true);
  if (online) return null;
  return (
    <Alert
      type="warning"
      showIcon
      banner
      role="status"
      title={t('app.offline')}
      className="gl-offline"
      data-testid="offline-banner"
    />
  );
}
