/** A labelled progress bar with real ARIA values (0–100). */
export function ProgressBar({ value, label, valueText }: { value: number; label: string; valueText: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={valueText}
    >
      <span className="progress__fill" style={{ width: `${Math.max(pct, 3)}%` }} />
      <span className="progress__spark" style={{ left: `${Math.max(pct, 3)}%` }} aria-hidden="true" />
    </div>
  );
}
