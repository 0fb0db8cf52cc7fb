import { Alert, Button, Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/errors';

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin description={t('app.loading')} />
    </Flex>
  );
}

export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(t, error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
