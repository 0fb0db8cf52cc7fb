import { Alert, Button, Card, Flex, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../api/client';
import { errorText } from '../lib/errors';

/**
 * What a page shows while its data loads: the shape of what is coming (skeleton cards) rather
 * than one spinner on an empty page, so a slow network still looks like the page it will be.
 */
export function PageLoading({ variant = 'detail' }: { variant?: 'detail' | 'list' }) {
  const { t } = useTranslation();
  const cards = variant === 'list' ? 3 : 1;
  return (
    <Flex vertical gap={12} role="status" aria-busy="true" aria-label={t('app.loading')} data-testid="page-loading">
      {Array.from({ length: cards }, (_, i) => (
        <Card key={i} size="small">
          <Skeleton active title paragraph={{ rows: variant === 'list' ? 2 : 5 }} />
        </Card>
      ))}
    </Flex>
  );
}

/** 4xx answers other than these say something retrying will not change. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

function isWorthRetrying(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return error.statusCode === 0 || error.statusCode >= 500 || RETRYABLE_4XX.has(error.statusCode);
}

/** A page's data could not be loaded: what went wrong, and a retry only where one can help. */
export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(t, error)}
      data-testid="page-error"
      action={
        onRetry && isWorthRetrying(error) ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** The thing a link names is not there (or the link is malformed): say so, and where to go instead. */
export function PageNotFound({ message, backTo, backLabel }: { message: string; backTo: string; backLabel: string }) {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={message}
      data-testid="page-not-found"
      extra={
        <Button type="primary" onClick={() => void navigate(backTo)}>
          {backLabel}
        </Button>
      }
    />
  );
}
