import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { matchPath, useLocation } from 'react-router';
import type { TFunction } from 'i18next';

/** Each route's own title, most specific pattern first. */
const ROUTE_TITLES: ReadonlyArray<readonly [pattern: string, title: (t: TFunction) => string]> = [
  ['/login', (t) => t('auth.loginTab')],
  ['/activities', (t) => t('activities.title')],
  ['/activities/:id', (t) => t('activities.detailTitle')],
  ['/wallet', (t) => t('wallet.title')],
  ['/me', (t) => t('me.title')],
  ['/organizer', (t) => t('organizer.title')],
  ['/organizer/activities/new', (t) => t('createActivity.title')],
  ['/organizer/activities/:id', (t) => t('roster.signups')],
  ['/staff/ledger', (t) => t('staffLedger.title')],
  ['/staff/accounts', (t) => t('staffAccounts.title')],
  ['/rewards', (t) => t('rewards.title')],
  ['/rewards/:id', (t) => t('rewards.detailTitle')],
  ['/me/redemptions', (t) => t('rewards.mineTitle')],
  ['/give', (t) => t('give.title')],
  ['/me/donations', (t) => t('give.mineTitle')],
  ['/me/daf', (t) => t('daf.title')],
  ['/daf/:id', (t) => t('daf.detailTitle')],
  ['/business/pledges', (t) => t('business.pledgesTitle')],
  ['/business/pickups', (t) => t('business.pickupsTitle')],
  ['/business/impact', (t) => t('business.impactTitle')],
  ['/staff/pledges', (t) => t('staffPledges.title')],
  ['/staff/recommendations', (t) => t('staffRecommendations.title')],
  ['/needs', (t) => t('matching.boardTitle')],
  ['/needs/:id', (t) => t('matching.boardTitle')],
  ['/organizer/needs/new', (t) => t('needForm.title')],
  ['/matches', (t) => t('matching.matchesTitle')],
  ['/staff/matching', (t) => t('matchingRuns.title')],
  ['/me/volunteer-profile', (t) => t('volunteerProfile.title')],
  ['/volunteers/:id', (t) => t('volunteerProfile.title')],
];

/** The title of a path, or undefined for one no route names (the not-found page). */
export function routeTitle(t: TFunction, pathname: string): string | undefined {
  const found = ROUTE_TITLES.find(([pattern]) => matchPath(pattern, pathname));
  return found?.[1](t);
}

/** "<page> · GoodLoop 社区公益": the window title follows the route and the language. */
export function documentTitle(t: TFunction, page: string | undefined): string {
  return page ? `${page} · ${t('app.name')}` : t('app.name');
}

/** Keeps document.title on the current route's title; a page may name itself more precisely. */
export function useRouteTitle(): void {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = documentTitle(t, routeTitle(t, pathname) ?? t('app.notFound'));
  }, [t, i18n.language, pathname]);
}

/** A page that knows a better title than its route's (an activity's own name), once it has it. */
export function usePageTitle(page: string | undefined): void {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    if (page) document.title = documentTitle(t, page);
  }, [t, i18n.language, page]);
}
