import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { currentLanguage, setLanguage } from '../i18n';
import { useWalletWatch } from '../wallet/wallet-watch';
import { OfflineBanner } from './offline-banner';
import { useRouteTitle } from './page-title';
import { canReadLedger, isAdmin } from '../staff/staff-access';
import { PageErrorBoundary } from './error-boundary';
import { businessOrgs, isFoundationStaff } from '../business/business.api';
import {
  AccountsIcon,
  ActivitiesIcon,
  BusinessIcon,
  FoundationIcon,
  GiveIcon,
  LedgerIcon,
  MeIcon,
  NeedsIcon,
  OrganizerIcon,
  RewardsIcon,
  WalletIcon,
} from './icons';
import { PageLoading } from './page-state';

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  testId: string;
  /** Further paths (and everything under them) that belong to this entry's section. */
  section?: string[];
}

/** Whether `pathname` is `base` or under it. */
function under(pathname: string, base: string): boolean {
  return pathname === base || pathname.startsWith(`${base}/`);
}

function useNavItems(): NavItem[] {
  const { t } = useTranslation();
  const { signedIn, canOrganize, me } = useAuth();
  return [
    { to: '/activities', label: t('nav.activities'), icon: <ActivitiesIcon />, testId: 'nav-activities' },
    {
      to: '/needs',
      label: t('nav.needs'),
      icon: <NeedsIcon />,
      testId: 'nav-needs',
      section: ['/matches', '/staff/matching', '/volunteers'],
    },
    { to: '/rewards', label: t('nav.rewards'), icon: <RewardsIcon />, testId: 'nav-rewards', section: ['/me/redemptions'] },
    ...(signedIn
      ? [
          {
            to: '/give',
            label: t('nav.give'),
            icon: <GiveIcon />,
            testId: 'nav-give',
            section: ['/me/donations', '/me/daf', '/daf'],
          },
          { to: '/wallet', label: t('nav.wallet'), icon: <WalletIcon />, testId: 'nav-wallet' },
        ]
      : []),
    ...(canOrganize ? [{ to: '/organizer', label: t('nav.organizer'), icon: <OrganizerIcon />, testId: 'nav-organizer' }] : []),
    ...(businessOrgs(me).length > 0
      ? [
          {
            to: '/business/pledges',
            label: t('nav.business'),
            icon: <BusinessIcon />,
            testId: 'nav-business',
            section: ['/business'],
          },
        ]
      : []),
    ...(isFoundationStaff(me)
      ? [
          {
            to: '/staff/pledges',
            label: t('nav.foundation'),
            icon: <FoundationIcon />,
            testId: 'nav-foundation',
            section: ['/staff/recommendations'],
          },
        ]
      : []),
    ...(canReadLedger(me)
      ? [{ to: '/staff/ledger', label: t('nav.ledger'), icon: <LedgerIcon />, testId: 'nav-staff-ledger' }]
      : []),
    ...(isAdmin(me)
      ? [{ to: '/staff/accounts', label: t('nav.accounts'), icon: <AccountsIcon />, testId: 'nav-staff-accounts' }]
      : []),
    signedIn
      ? { to: '/me', label: t('nav.me'), icon: <MeIcon />, testId: 'nav-me' }
      : { to: '/login', label: t('nav.login'), icon: <MeIcon />, testId: 'nav-login' },
  ];
}

/**
 * Switches between the two languages from every page, signed in or not: each option names itself
 * in its own language, as language switches do.
 */
function HeaderLanguageSwitch() {
  const { t } = useTranslation();
  const next = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  return (
    <button
      type="button"
      className="gl-header-lang"
      lang={next}
      title={t('app.switchLanguage')}
      onClick={() => void setLanguage(next)}
      data-testid="header-language"
      data-language={currentLanguage()}
    >
      {next === 'en' ? 'English' : '中文'}
    </button>
  );
}

/**
 * Mobile first: a bottom tab bar on small screens; from 768 px the same links sit in the header
 * (styles.css switches them).
 */
export function AppLayout() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const location = useLocation();
  const items = useNavItems();
  useWalletWatch(signedIn);
  useRouteTitle();
  const navClass =
    (base: string, item: NavItem) =>
    ({ isActive }: { isActive: boolean }) =>
      isActive || (item.section ?? []).some((path) => under(location.pathname, path)) ? `${base} active` : base;

  return (
    <div className="gl-app">
      <header className="gl-header">
        <Link to="/activities" className="gl-brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>{t('app.name')}</span>
        </Link>
        <nav className="gl-topnav" aria-label={t('app.shortName')}>
          {items.map((item) => (
            <NavLink key={item.to} to={item.to} className={navClass('gl-topnav-link', item)}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <HeaderLanguageSwitch />
        {!signedIn && location.pathname !== '/login' && (
          <Link
            to="/login"
            state={{ from: location.pathname + location.search }}
            className="gl-header-login"
            data-testid="header-login"
          >
            {t('nav.login')}
          </Link>
        )}
      </header>
      <OfflineBanner />
      <main className="gl-main">
        <PageErrorBoundary key={location.pathname}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </PageErrorBoundary>
      </main>
      <nav className="gl-tabbar" aria-label={t('app.shortName')}>
        {items.map((item) => (
          <NavLink key={item.to} to={item.to} className={navClass('gl-tab', item)} data-testid={item.testId}>
            {item.icon}
            <span>{item.label}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
