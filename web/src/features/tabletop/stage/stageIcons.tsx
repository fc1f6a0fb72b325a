// The stage's line icons (no emoji: not every system has an emoji font). Decorative: the buttons
// that hold them carry their own labels.

export function SpeakerIcon({ muted, size = 18 }: { muted: boolean; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 7.5h3l4-3.5v12l-4-3.5H3z" fill="currentColor" />
      {muted ? (
        <path d="M13 7.5l5 5m0-5l-5 5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      ) : (
        <path d="M13 7a4 4 0 0 1 0 6m2.3-8.3a7 7 0 0 1 0 10.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      )}
    </svg>
  );
}

export function NoteIcon({ size = 16 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M6 3.2l7-1.7v8.6a2 2 0 1 1-1.4-1.9V4.3L7.4 5.3v6.8a2 2 0 1 1-1.4-1.9z" fill="currentColor" />
    </svg>
  );
}

export function PlayIcon({ playing, size = 14 }: { playing: boolean; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {playing ? <path d="M4 3h3v10H4zm5 0h3v10H9z" fill="currentColor" /> : <path d="M4.5 2.5l9 5.5-9 5.5z" fill="currentColor" />}
    </svg>
  );
}
