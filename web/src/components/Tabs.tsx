import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";

let ids = 0;

/**
 * The WAI-ARIA tabs pattern with automatic activation: one tab stop for the list, arrow keys (and Home/End) move
 * between tabs, the panel follows. Only the selected panel is rendered.
 */
export function Tabs<K extends string>({ label, tabs, selected, onSelect, children }: {
  label: string; tabs: { key: K; label: string }[]; selected: K; onSelect: (key: K) => void; children: ComponentChildren;
}) {
  const id = useRef(`tabs-${++ids}`);
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.key === selected);
    const to = e.key === "ArrowRight" ? at + 1 : e.key === "ArrowLeft" ? at - 1 : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = (to + tabs.length) % tabs.length;
    onSelect(tabs[next].key);
    list.current?.querySelectorAll<HTMLElement>("[role=tab]")[next]?.focus();
  };
  // Every stylesheet is global once bundled: class names are unique across screens (the admin pages have .admin-tabs).
  return (
    <div class="tabset">
      <div ref={list} role="tablist" aria-label={label} class="tablist" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button key={t.key} type="button" role="tab" id={`${id.current}-${t.key}`} aria-selected={t.key === selected}
            aria-controls={`${id.current}-panel`} tabIndex={t.key === selected ? 0 : -1} onClick={() => onSelect(t.key)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id.current}-panel`} aria-labelledby={`${id.current}-${selected}`} class="tabpanel">
        {children}
      </div>
    </div>
  );
}
