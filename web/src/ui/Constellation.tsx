// The Gemini constellation (Castor and Pollux and their two lines of stars), drawn as a decorative motif.
const STARS: Array<[number, number, number]> = [
  [38, 18, 4.2], // Castor
  [78, 28, 5], // Pollux
  [30, 48, 2.2],
  [70, 58, 2.4],
  [22, 82, 2.6],
  [60, 92, 2.8],
  [14, 112, 2],
  [52, 122, 2.2],
  [96, 70, 1.8],
  [104, 100, 2],
];
const LINES: Array<[number, number]> = [
  [0, 2], [2, 4], [4, 6], [1, 3], [3, 5], [5, 7], [0, 1], [3, 8], [8, 9],
];

export function Constellation({ className = "" }: { className?: string }) {
  return (
    <svg className={`constellation ${className}`} viewBox="0 0 120 140" aria-hidden="true" focusable="false">
      <g className="constellation__lines">
        {LINES.map(([a, b]) => {
          const [x1, y1] = STARS[a]!;
          const [x2, y2] = STARS[b]!;
          return <line key={`${a}-${b}`} x1={x1} y1={y1} x2={x2} y2={y2} />;
        })}
      </g>
      <g className="constellation__stars">
        {STARS.map(([x, y, r], i) => (
          <circle key={i} cx={x} cy={y} r={r} style={{ animationDelay: `${(i * 0.37) % 3}s` }} />
        ))}
      </g>
    </svg>
  );
}

export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false" className="logo-mark">
      <path d="M9 7 L23 9 M9 7 L7 25 M23 9 L25 26" stroke="currentColor" strokeOpacity=".45" strokeWidth="1.2" fill="none" />
      <circle cx="9" cy="7" r="3" fill="var(--gold)" />
      <circle cx="23" cy="9" r="3.4" fill="var(--gold)" />
      <circle cx="7" cy="25" r="1.7" fill="currentColor" />
      <circle cx="25" cy="26" r="1.9" fill="currentColor" />
    </svg>
  );
}
