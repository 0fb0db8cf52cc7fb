import { useTranslation } from 'react-i18next';

/** The volunteer star level, 0 to 5, as filled and empty stars with the number for screen readers. */
export function Stars({ level }: { level: number }) {
  const { t } = useTranslation();
  const filled = Math.max(0, Math.min(5, Math.trunc(level)));
  return (
    <span
      className="gl-stars"
      role="img"
      aria-label={t('volunteerProfile.starsLabel', { n: filled })}
      data-testid="profile-stars"
      data-stars={filled}
    >
      <span className="gl-stars-on">{'★'.repeat(filled)}</span>
      <span className="gl-stars-off">{'★'.repeat(5 - filled)}</span>
    </span>
  );
}

/** Hours still to serve for the next star, to one decimal and never understated: 12 min → 0.2 h. */
export function hoursToNextStar(verifiedMinutes: number, nextStarHours: number): string {
  const minutes = Math.max(0, nextStarHours * 60 - verifiedMinutes);
  return (Math.ceil(minutes / 6) / 10).toFixed(1);
}
