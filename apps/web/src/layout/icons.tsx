/** The tab bar's icons, drawn inline (24×24, stroke follows the text colour). */
import type { SVGProps } from 'react';

function Icon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...props}
    />
  );
}

export function ActivitiesIcon() {
  return (
    <Icon>
      <path d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z" />
    </Icon>
  );
}

export function WalletIcon() {
  return (
    <Icon>
      <rect x="3" y="6" width="18" height="13" rx="2" />
      <path d="M3 10h18M16 14.5h2" />
    </Icon>
  );
}

export function OrganizerIcon() {
  return (
    <Icon>
      <rect x="5" y="4" width="14" height="17" rx="2" />
      <path d="M9 4V3h6v1M9 10h6M9 14h6M9 18h3" />
    </Icon>
  );
}

/** A ledger book with a check mark: the staff page for the books. */
export function LedgerIcon() {
  return (
    <Icon>
      <path d="M5 4h11a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3z" />
      <path d="M5 17a3 3 0 0 1 3-3h11M9 8.5l1.8 1.8L14.5 6.5" />
    </Icon>
  );
}

export function MeIcon() {
  return (
    <Icon>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6" />
    </Icon>
  );
}

export function AccountsIcon() {
  return (
    <Icon>
      <circle cx="9" cy="8" r="3.5" />
      <path d="M3 20a6 6 0 0 1 12 0M16 11l2 2 4-4" />
    </Icon>
  );
}

/** A gift box: the rewards catalogue. */
export function RewardsIcon() {
  return (
    <Icon>
      <rect x="4" y="9" width="16" height="11" rx="1.5" />
      <path d="M3 9h18M12 9v11M12 9c-1.5-3-5-4-5-1.5S10 9 12 9zM12 9c1.5-3 5-4 5-1.5S14 9 12 9z" />
    </Icon>
  );
}

/** A hand holding a heart: giving. */
export function GiveIcon() {
  return (
    <Icon>
      <path d="M12 11s-4-2.5-4-5.2A2.3 2.3 0 0 1 12 4.5a2.3 2.3 0 0 1 4 1.3C16 8.5 12 11 12 11z" />
      <path d="M3 15h3l3.5 2H14a1.5 1.5 0 0 0 0-3h-3M6 15v5M14 14l4.5-2a1.6 1.6 0 0 1 1.5 2.8L14 19H6" />
    </Icon>
  );
}

/** A shop front: a business's pages. */
export function BusinessIcon() {
  return (
    <Icon>
      <path d="M4 9l1.5-5h13L20 9M4 9h16M4 9c0 1.7 1.3 3 3 3s3-1.3 3-3c0 1.7 1.3 3 3 3s3-1.3 3-3c0 1.7 1.3 3 3 3" />
      <path d="M5 12v8h14v-8M10 20v-4h4v4" />
    </Icon>
  );
}

/** Boxes on a shelf: the foundation's intake and approvals. */
export function FoundationIcon() {
  return (
    <Icon>
      <rect x="4" y="11" width="7" height="7" rx="1" />
      <rect x="13" y="11" width="7" height="7" rx="1" />
      <rect x="8.5" y="4" width="7" height="7" rx="1" />
      <path d="M3 21h18" />
    </Icon>
  );
}

/** Two hands meeting under a pin: community needs and the help matched to them. */
export function NeedsIcon() {
  return (
    <Icon>
      <path d="M12 3a4 4 0 0 1 4 4c0 3-4 6.5-4 6.5S8 10 8 7a4 4 0 0 1 4-4z" />
      <circle cx="12" cy="7" r="1.3" />
      <path d="M3 16l3.5-1.5h3L12 16l2.5-1.5h3L21 16M6.5 14.5V20M17.5 14.5V20M9.5 20h5" />
    </Icon>
  );
}
