import { Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  BeneficiaryTags,
  formatKm,
  KindTag,
  NeedProgress,
  NeedStatusTag,
  NeedTimes,
  UrgencyMeter,
  type CatalogueNames,
} from './matching-labels';
import type { NeedView } from './matching.api';

/** One need on the board: what, who for, where, how urgent, how much is still missing, until when. */
export function NeedCard({ need, names, number }: { need: NeedView; names: CatalogueNames; number?: number }) {
  const { t, i18n } = useTranslation();
  return (
    <Link
      to={`/needs/${need.id}`}
      className="gl-card-link"
      data-testid="need-card"
      data-need-id={need.id}
      data-status={need.status}
    >
      <Card size="small" hoverable>
        <Flex vertical gap={6}>
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Typography.Text strong style={{ fontSize: 16, minWidth: 0, overflowWrap: 'anywhere' }}>
              {number !== undefined && (
                <span className="gl-map-number" aria-hidden="true">
                  {number}
                </span>
              )}
              {need.title}
            </Typography.Text>
            <NeedStatusTag status={need.status} />
          </Flex>
          <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
            {need.orgName}
          </Typography.Text>
          <Flex gap={4} wrap align="center">
            <KindTag kind={need.kind} />
            <Tag color="geekblue" style={{ margin: 0 }} data-testid="need-category">
              {names.name(need.category)}
            </Tag>
            <UrgencyMeter urgency={need.urgency} />
          </Flex>
          <NeedProgress need={need} />
          <Typography.Text type="secondary" style={{ fontSize: 13, overflowWrap: 'anywhere' }} data-testid="need-place">
            {need.place.neighbourhood} · {need.place.address}
            {need.distanceKm !== undefined && (
              <strong className="gl-distance" data-testid="need-distance">
                {' '}
                · {t('matching.away', { distance: formatKm(need.distanceKm, i18n.language) })}
              </strong>
            )}
          </Typography.Text>
          <BeneficiaryTags codes={need.beneficiaries} names={names} />
          <NeedTimes need={need} />
        </Flex>
      </Card>
    </Link>
  );
}
