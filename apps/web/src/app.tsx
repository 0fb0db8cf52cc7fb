import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider } from './auth/auth-context';
import { RequireAuth, RequireOrganizer } from './auth/require-auth';
import { AppLayout } from './layout/app-layout';
import { RequireBusiness } from './business/business-shell';
import { RequireFoundationStaff } from './staff/foundation-staff';
import { RequireAdmin, RequireLedgerStaff } from './staff/require-ledger-staff';

// Each page is its own chunk: the first screen loads only the shell and the page it shows.
const LoginPage = lazy(() => import('./auth/login.page'));
const ActivityListPage = lazy(() => import('./activities/activity-list.page'));
const ActivityDetailPage = lazy(() => import('./activities/activity-detail.page'));
const WalletPage = lazy(() => import('./wallet/wallet.page'));
const OrganizerHomePage = lazy(() => import('./organizer/organizer-home.page'));
const CreateActivityPage = lazy(() => import('./organizer/create-activity.page'));
const ActivityRosterPage = lazy(() => import('./organizer/activity-roster.page'));
const MePage = lazy(() => import('./me/me.page'));
const StaffLedgerPage = lazy(() => import('./staff/ledger.page'));
const StaffAccountsPage = lazy(() => import('./staff/accounts.page'));
const RewardsPage = lazy(() => import('./rewards/rewards.page'));
const RewardDetailPage = lazy(() => import('./rewards/reward-detail.page'));
const MyRedemptionsPage = lazy(() => import('./rewards/my-redemptions.page'));
const GivePage = lazy(() => import('./donations/give.page'));
const MyDonationsPage = lazy(() => import('./donations/my-donations.page'));
const MyDafPage = lazy(() => import('./donations/my-daf.page'));
const DafDetailPage = lazy(() => import('./donations/daf-detail.page'));
const BusinessPledgesPage = lazy(() => import('./business/pledges.page'));
const BusinessPickupsPage = lazy(() => import('./business/pickups.page'));
const BusinessImpactPage = lazy(() => import('./business/impact.page'));
const StaffPledgesPage = lazy(() => import('./staff/pledges.page'));
const StaffRecommendationsPage = lazy(() => import('./staff/recommendations.page'));
const NeedsPage = lazy(() => import('./matching/needs.page'));
const NeedDetailPage = lazy(() => import('./matching/need-detail.page'));
const CreateNeedPage = lazy(() => import('./matching/create-need.page'));
const MyMatchesPage = lazy(() => import('./matching/my-matches.page'));
const MatchingRunsPage = lazy(() => import('./matching/matching-runs.page'));
const VolunteerProfilePage = lazy(() => import('./matching/volunteer-profile.page'));
const VolunteerPage = lazy(() => import('./matching/volunteer.page'));
const NotFoundPage = lazy(() => import('./layout/not-found.page'));

/**
 * antd's default blue (#1677ff) and its greys for secondary text (45 % black) fall short of the
 * 4.5:1 contrast WCAG AA asks of small text on white; these pass it (the accessibility suite
 * checks every main page with axe-core).
 */
const THEME = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    // Success and error text, one step darker than antd's, for the same reason (tags: styles.css).
    colorSuccessText: '#237804',
    colorError: '#cf1322',
    colorErrorText: '#cf1322',
    colorWarningText: '#ad4e00',
    borderRadius: 8,
  },
};

/** antd's own texts (date pickers, empty states, modals) follow the UI language. */
export function Providers({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>{children}</AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/activities" replace />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="activities" element={<ActivityListPage />} />
        <Route path="activities/:id" element={<ActivityDetailPage />} />
        <Route path="rewards" element={<RewardsPage />} />
        <Route path="rewards/:id" element={<RewardDetailPage />} />
        <Route path="needs" element={<NeedsPage />} />
        <Route path="needs/:id" element={<NeedDetailPage />} />
        <Route element={<RequireAuth />}>
          <Route path="wallet" element={<WalletPage />} />
          <Route path="me" element={<MePage />} />
          <Route path="me/redemptions" element={<MyRedemptionsPage />} />
          <Route path="give" element={<GivePage />} />
          <Route path="me/donations" element={<MyDonationsPage />} />
          <Route path="me/daf" element={<MyDafPage />} />
          <Route path="daf/:id" element={<DafDetailPage />} />
          <Route path="matches" element={<MyMatchesPage />} />
          <Route path="me/volunteer-profile" element={<VolunteerProfilePage />} />
          <Route path="volunteers/:id" element={<VolunteerPage />} />
          <Route element={<RequireBusiness />}>
            <Route path="business" element={<Navigate to="/business/pledges" replace />} />
            <Route path="business/pledges" element={<BusinessPledgesPage />} />
            <Route path="business/pickups" element={<BusinessPickupsPage />} />
            <Route path="business/impact" element={<BusinessImpactPage />} />
          </Route>
          <Route element={<RequireFoundationStaff />}>
            <Route path="staff/pledges" element={<StaffPledgesPage />} />
            <Route path="staff/recommendations" element={<StaffRecommendationsPage />} />
            <Route path="staff/matching" element={<MatchingRunsPage />} />
          </Route>
          <Route element={<RequireOrganizer />}>
            <Route path="organizer" element={<OrganizerHomePage />} />
            <Route path="organizer/activities/new" element={<CreateActivityPage />} />
            <Route path="organizer/activities/:id" element={<ActivityRosterPage />} />
            <Route path="organizer/needs/new" element={<CreateNeedPage />} />
          </Route>
          <Route element={<RequireLedgerStaff />}>
            <Route path="staff/ledger" element={<StaffLedgerPage />} />
          </Route>
          <Route element={<RequireAdmin />}>
            <Route path="staff/accounts" element={<StaffAccountsPage />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App({ queryClient }: { queryClient: QueryClient }) {
  return (
    <BrowserRouter>
      <Providers queryClient={queryClient}>
        <AppRoutes />
      </Providers>
    </BrowserRouter>
  );
}
