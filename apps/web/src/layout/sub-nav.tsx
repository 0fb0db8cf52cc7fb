import { NavLink } from 'react-router';

/** The pages of one section (兑换商品 · 我的兑换), as a row of links that scrolls sideways on a phone. */
export function SubNav({ items, label }: { items: { to: string; label: string; testId: string }[]; label: string }) {
  return (
    <nav className="gl-subnav" aria-label={label}>
      {items.map((item) => (
        <NavLink
          key={item.to}
          to={item.to}
          end
          className={({ isActive }) => (isActive ? 'gl-subnav-link active' : 'gl-subnav-link')}
          data-testid={item.testId}
        >
          {item.label}
        </NavLink>
      ))}
    </nav>
  );
}
