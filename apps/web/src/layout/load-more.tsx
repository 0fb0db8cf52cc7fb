import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The end of a cursor-paged list: a "load more" button while there is a next cursor. */
export function LoadMore(props: { hasMore: boolean; loading: boolean; onClick: () => void; testId: string }) {
  const { t } = useTranslation();
  if (!props.hasMore) {
    return (
      <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
        {t('common.noMore')}
      </Typography.Text>
    );
  }
  return (
    <Button block loading={props.loading} onClick={props.onClick} data-testid={props.testId}>
      {t('common.loadMore')}
    </Button>
  );
}
