import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { nextTabIndex } from "../../ui/tabs";

export interface ProfileTab {
  id: string;
  label: ReactNode;
  render: () => ReactNode;
}

/**
 * An accessible tablist (roving tabindex, arrows/Home/End) over a profile's collections. A panel mounts the
 * first time its tab is chosen and then stays mounted (hidden), so switching back keeps what was loaded.
 */
export function ProfileTabs({ label, tabs, initial }: { label: string; tabs: ProfileTab[]; initial?: string | null }) {
  const base = useId();
  // `initial`: a tab a link asked for (e.g. ?tab=memories from a notification), when it exists.
  const [active, setActive] = useState(tabs.find((tab) => tab.id === initial)?.id ?? tabs[0]?.id ?? "");
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set([active]));
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  const choose = (id: string, focus = false) => {
    setActive(id);
    setVisited((seen) => (seen.has(id) ? seen : new Set([...seen, id])));
    if (focus) refs.current[id]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const next = nextTabIndex(tabs.length, tabs.findIndex((tab) => tab.id === active), event.key);
    if (next === null) return;
    event.preventDefault();
    choose(tabs[next]!.id, true);
  };

  return (
    <>
      <div className="tabs profile-tabs" role="tablist" aria-label={label}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[tab.id] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${tab.id}-tab`}
            aria-selected={active === tab.id}
            aria-controls={`${base}-${tab.id}-panel`}
            tabIndex={active === tab.id ? 0 : -1}
            onClick={() => choose(tab.id)}
            onKeyDown={onKeyDown}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${base}-${tab.id}-panel`}
          aria-labelledby={`${base}-${tab.id}-tab`}
          hidden={active !== tab.id}
        >
          {visited.has(tab.id) && tab.render()}
        </div>
      ))}
    </>
  );
}
