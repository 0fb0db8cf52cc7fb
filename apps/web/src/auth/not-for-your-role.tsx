import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/**
 * A signed-in person opened a page their roles do not include: say so and whom it is for,
 * instead of sending them elsewhere without a word.
 */
export function NotForYourRole({ who }: { who: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('access.title')}
      subTitle={t('access.onlyFor', { who })}
      data-testid="not-for-your-role"
      extra={
        <Button type="primary" onClick={() => void navigate('/activities')}>
          {t('access.back')}
        </Button>
      }
    />
  );
}
