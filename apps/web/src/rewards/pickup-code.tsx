import { Flex, Skeleton, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format';
import { pickupQrText, type RedemptionView } from './rewards.api';

/** An SVG QR code of `text`, as a data URL for an <img>; null while it is drawn (or if it cannot be). */
export function useQrDataUrl(text: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
      .then((svg) => {
        if (live) setUrl(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (live) setUrl(null);
      });
    return () => {
      live = false;
    };
  }, [text]);
  return url;
}

/** "1234 5678": eight digits in two groups, easier to read aloud. */
export function groupCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/** The held redemption's pickup code, big, with its QR code and until when it is good. */
export function PickupCode({ redemption }: { redemption: RedemptionView }) {
  const { t, i18n } = useTranslation();
  const qr = useQrDataUrl(pickupQrText(redemption));
  if (!redemption.pickupCode) return null;
  return (
    <Flex vertical align="center" gap={8} className="gl-pickup" data-testid="pickup-panel">
      <Typography.Text type="secondary">{t('rewards.pickupCode')}</Typography.Text>
      <span
        className="gl-code gl-pickup-code"
        data-testid="pickup-code"
        data-code={redemption.pickupCode}
        aria-label={redemption.pickupCode.split('').join(' ')}
      >
        {groupCode(redemption.pickupCode)}
      </span>
      {qr ? (
        <img src={qr} alt={t('rewards.qrAlt')} width={176} height={176} className="gl-pickup-qr" data-testid="pickup-qr" />
      ) : (
        <Skeleton.Node active style={{ width: 176, height: 176 }} />
      )}
      {redemption.expiresAt && (
        <Typography.Text strong data-testid="pickup-expires">
          {t('rewards.expiresAt', { date: formatDateTime(redemption.expiresAt, i18n.language) })}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
        {t('rewards.pickupHint')}
      </Typography.Text>
      <Typography.Text style={{ textAlign: 'center' }}>
        {redemption.pickupPlace} · {redemption.pickupHours}
      </Typography.Text>
    </Flex>
  );
}
