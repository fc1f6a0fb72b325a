// Small line icons drawn in the theme's gold (no emoji: not every system has an emoji font).

export function LockIcon({ size = 14 }: { size?: number }) {
  return (
    <svg className="table-icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="3" y="7" width="10" height="7.5" rx="1.8" fill="currentColor" />
      <path d="M5.2 7V5.2a2.8 2.8 0 0 1 5.6 0V7" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

export function CrownIcon({ size = 16 }: { size?: number }) {
  return (
    <svg className="table-icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M2 5.5l3 2.8L8 3l3 5.3 3-2.8-1.3 7.5H3.3z" fill="currentColor" />
    </svg>
  );
}
