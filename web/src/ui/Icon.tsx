// The app's pictograms as inline SVG: they draw the same on every machine (no emoji or symbol font
// needed) and take the text colour. Decorative by default; pass `label` when the icon alone says something.

const PATHS = {
  /** A star fragment: the app's currency and its sparkle. */
  star: "M12 2.5c.5 4.6 2.9 7 7.5 7.5v.1c-4.6.5-7 2.9-7.5 7.5h-.1c-.5-4.6-2.9-7-7.5-7.5V10c4.6-.5 7-2.9 7.5-7.5Z",
  die: "M6 3h12a3 3 0 0 1 3 3v12a3 3 0 0 1-3 3H6a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3Zm2 3.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm8 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm-4 4a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm-4 4a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm8 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z",
  heart: "M12 20.5 4.2 12.9a4.9 4.9 0 0 1 7-6.9l.8.8.8-.8a4.9 4.9 0 0 1 7 6.9Z",
  heartOutline:
    "M12 20.5 4.2 12.9a4.9 4.9 0 0 1 7-6.9l.8.8.8-.8a4.9 4.9 0 0 1 7 6.9Zm0-2.8 6.4-6.2a2.9 2.9 0 0 0-4.2-4.1L12 9.6 9.8 7.4a2.9 2.9 0 0 0-4.2 4.1Z",
  lock: "M7 10V8a5 5 0 0 1 10 0v2h1a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2Zm2 0h6V8a3 3 0 0 0-6 0Z",
  moon: "M14.5 3a8.5 8.5 0 1 0 6.4 13.9A7 7 0 0 1 14.5 3Z",
  grid: "M4 3h7v8H4Zm9 0h7v8h-7ZM4 13h7v8H4Zm9 0h7v8h-7Z",
  crown: "M3 7l4.5 4L12 4l4.5 7L21 7l-2 12H5Zm2.6 14h12.8v1.5H5.6Z",
  caret: "M6 9l6 6 6-6Z",
  menu: "M4 6h16v2H4Zm0 5h16v2H4Zm0 5h16v2H4Z",
  bookmark: "M6 3h12v18l-6-4.5L6 21Z",
  bookmarkOutline: "M6 3h12v18l-6-4.5L6 21Zm2 2v12l4-3 4 3V5Z",
  search: "M10.5 3a7.5 7.5 0 0 1 6 12l4.3 4.3-1.5 1.5-4.3-4.3A7.5 7.5 0 1 1 10.5 3Zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z",
  close: "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4Z",
  refresh: "M12 4a8 8 0 0 1 7.4 5H17v2h6V5h-2v2.4A10 10 0 1 0 22 12h-2a8 8 0 1 1-8-8Z",
  check: "M9.5 16.2 5.3 12l-1.4 1.4 5.6 5.6L20.1 8.4 18.7 7Z",
  alert: "M12 2 1 21h22Zm-1 7h2v6h-2Zm0 8h2v2h-2Z",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({
  name,
  size = 16,
  label,
  className,
}: {
  name: IconName;
  size?: number;
  label?: string;
  className?: string;
}) {
  return (
    <svg
      className={`icon${className ? ` ${className}` : ""}`}
      viewBox="0 0 24 24"
      width={size}
      height={size}
      fill="currentColor"
      {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": true, focusable: false })}
    >
      <path d={PATHS[name]} fillRule="evenodd" />
    </svg>
  );
}
