// The main navigation, in one list. To add a section: add its page under src/routes/(app)/
// and one line here (see web/README.md). Order here is order on screen.

export interface NavItem {
  href: string;
  label: string;
  /** Operators only (users.role = 'admin'). */
  admin?: boolean;
  /** Only when the local simulators are configured (TWILIO_SIM_URL). */
  devOnly?: boolean;
}

export const NAV: NavItem[] = [
  { href: "/", label: "Home" },
  { href: "/personas", label: "Personas" },
  { href: "/calls", label: "Calls" },
  { href: "/schedules", label: "Schedule" },
  { href: "/memory", label: "Memory" },
  // Schedule (/schedules), Billing (/billing) and Memory (/memory) are added by their pages.
  { href: "/billing", label: "Billing" },
  { href: "/settings", label: "Settings" },
  { href: "/admin", label: "Operator", admin: true },
  { href: "/phone", label: "Test phone", devOnly: true },
];

/** The item a path belongs to: the longest matching prefix ("/calls/123" → Calls). */
export function currentNav(items: NavItem[], path: string): string | undefined {
  let best: NavItem | undefined;
  for (const i of items) {
    const hit = i.href === "/" ? path === "/" : path === i.href || path.startsWith(`${i.href}/`);
    if (hit && (!best || i.href.length > best.href.length)) best = i;
  }
  return best?.href;
}
