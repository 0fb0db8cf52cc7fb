import { Card, Flex, Typography } from 'antd';
import { useId, useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { fitProjection, placeLabels, shorten } from './map-projection';
import { formatKm, URGENCY_COLORS, urgencyColor, useUrgencyLabel } from './matching-labels';
import type { NeedView } from './matching.api';

/**
 * The drawing's own units: about one per CSS pixel on a phone, so labels keep their size. A wide
 * screen gets a wider box rather than the phone's drawing blown up.
 */
const PHONE_BOX = { width: 360, height: 260, padding: 28 };
const WIDE_BOX = { width: 720, height: 360, padding: 32 };
const WIDE = '(min-width: 768px)';

function subscribeToWidth(onChange: () => void): () => void {
  const query = globalThis.matchMedia?.(WIDE);
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

function isWide(): boolean {
  return globalThis.matchMedia?.(WIDE).matches ?? false;
}
const DOT_RADIUS = 10;
const LABEL_FONT = 11;
const ME_RADIUS = 6;

export interface MapCentre {
  lat: number;
  lng: number;
  radiusKm: number;
}

/**
 * The needs drawn where they are, without map tiles (none are reachable offline): each need a
 * dot at its coordinates, to scale, coloured by urgency and numbered as in the list below it;
 * a dot opens the need. With "near me" on, the person's position and reach are drawn too.
 */
export function NeedsMap({ needs, centre }: { needs: readonly NeedView[]; centre?: MapCentre }) {
  const { t, i18n } = useTranslation();
  const urgencyLabel = useUrgencyLabel();
  const clipId = useId();
  const navigate = useNavigate();
  const box = useSyncExternalStore(subscribeToWidth, isWide, () => false) ? WIDE_BOX : PHONE_BOX;
  const drawing = useMemo(() => {
    // Fitted to the needs and the person, not to the whole reach: the needs are what is to be
    // read, and the reach's circle runs off the edge where it is wider than they are spread.
    const projection = fitProjection([...needs.map((n) => n.place), ...(centre ? [centre] : [])], box);
    const dots = needs.map((need, index) => ({ need, number: index + 1, ...projection.project(need.place) }));
    const meAt = centre ? projection.project(centre) : null;
    // The most urgent are drawn last (on top) and labelled first.
    const byUrgency = [...dots].sort((a, b) => b.need.urgency - a.need.urgency || a.number - b.number);
    const labels = placeLabels(
      byUrgency.map((d) => ({ x: d.x, y: d.y, label: shorten(d.need.title, 8) })),
      box,
      { radius: DOT_RADIUS, fontSize: LABEL_FONT, gap: 3 },
      meAt ? [{ x: meAt.x - ME_RADIUS, y: meAt.y - ME_RADIUS, width: 2 * ME_RADIUS, height: 2 * ME_RADIUS }] : [],
    );
    return {
      projection,
      labelled: byUrgency.map((dot, i) => ({ dot, label: labels[i] ?? null })).reverse(),
      me: centre && meAt ? { ...meAt, r: centre.radiusKm * projection.unitsPerKm } : null,
    };
  }, [needs, centre, box]);

  const { projection, labelled, me } = drawing;
  const scaleX = box.width - 16 - projection.scaleBar.length;
  const scaleY = box.height - 14;

  return (
    <Card size="small" styles={{ body: { padding: 8 } }} data-testid="needs-map">
      <Flex vertical gap={6}>
        <svg
          className="gl-map"
          viewBox={`0 0 ${box.width} ${box.height}`}
          role="group"
          aria-label={t('matching.mapLabel', { n: labelled.length })}
        >
          <defs>
            <clipPath id={clipId}>
              <rect x={0} y={0} width={box.width} height={box.height} rx={8} />
            </clipPath>
          </defs>
          <rect x={0} y={0} width={box.width} height={box.height} rx={8} className="gl-map-ground" />
          {me && (
            <g data-testid="map-me">
              <circle cx={me.x} cy={me.y} r={me.r} className="gl-map-reach" clipPath={`url(#${clipId})`} />
              <circle cx={me.x} cy={me.y} r={ME_RADIUS - 1} className="gl-map-me">
                <title>{t('matching.mapMe')}</title>
              </circle>
            </g>
          )}
          {labelled.map(({ dot, label }) => (
            <g key={dot.need.id}>
              {/* The dot is the link, named by its aria-label (number, whole title, urgency). */}
              <Link
                to={`/needs/${dot.need.id}`}
                aria-label={t('matching.mapDot', {
                  n: dot.number,
                  title: dot.need.title,
                  urgency: urgencyLabel(dot.need.urgency),
                })}
                data-testid="map-dot"
                data-need-id={dot.need.id}
                className="gl-map-dot"
              >
                <title>{`${dot.number}. ${dot.need.title} · ${urgencyLabel(dot.need.urgency)}`}</title>
                <circle cx={dot.x} cy={dot.y} r={DOT_RADIUS} fill={urgencyColor(dot.need.urgency)} />
              </Link>
              {/* What is written beside it repeats part of that name for the eye; a tap on the label opens the need too. */}
              <g aria-hidden="true">
                <text x={dot.x} y={dot.y} dy="0.35em" textAnchor="middle" className="gl-map-dot-number">
                  {dot.number}
                </text>
                {label && (
                  <text
                    x={label.x}
                    y={label.y}
                    dy="0.35em"
                    textAnchor={label.anchor}
                    className="gl-map-label"
                    onClick={() => void navigate(`/needs/${dot.need.id}`)}
                  >
                    {shorten(dot.need.title, 8)}
                  </text>
                )}
              </g>
            </g>
          ))}
          <g aria-hidden="true">
            <text x={box.width - 16} y={22} textAnchor="middle" className="gl-map-north">
              N
            </text>
            <path d={`M ${box.width - 16} 26 l -4 9 h 8 z`} className="gl-map-north-arrow" />
            <line x1={scaleX} y1={scaleY} x2={scaleX + projection.scaleBar.length} y2={scaleY} className="gl-map-scale" />
            <text x={scaleX + projection.scaleBar.length / 2} y={scaleY - 5} textAnchor="middle" className="gl-map-scale-label">
              {formatKm(projection.scaleBar.km, i18n.language)}
            </text>
          </g>
        </svg>
        <Flex gap={8} wrap align="center" className="gl-map-legend">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('matching.urgency')}
          </Typography.Text>
          {URGENCY_COLORS.map((color, i) => (
            <span key={color} className="gl-map-legend-item">
              <span className="gl-map-legend-dot" style={{ background: color }} aria-hidden="true" />
              {urgencyLabel(i + 1)}
            </span>
          ))}
          {me && (
            <span className="gl-map-legend-item">
              <span className="gl-map-legend-dot gl-map-legend-me" aria-hidden="true" />
              {t('matching.mapMe')}
            </span>
          )}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('matching.mapNote')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
