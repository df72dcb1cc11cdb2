import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

export interface MenuItem { label: string; onSelect: () => void; danger?: boolean }
export interface MenuPoint { x: number; y: number }

/**
 * A menu at a point (right-click, the "⋯" of a row, Shift+F10): WAI-ARIA menu pattern. The first item takes focus;
 * arrows, Home and End move, a letter jumps to the next item starting with it, Enter or a click runs one; Escape, Tab
 * and a click elsewhere close it. onClose returns focus to where the menu came from.
 */
export function ContextMenu({ at, label, items, onClose }: { at: MenuPoint; label: string; items: MenuItem[]; onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState(at);

  // Kept inside the window: a menu opened near the right or bottom edge opens leftwards or upwards instead.
  useLayoutEffect(() => {
    const el = box.current!;
    const r = el.getBoundingClientRect();
    setPos({ x: Math.max(4, Math.min(at.x, innerWidth - r.width - 4)), y: Math.max(4, Math.min(at.y, innerHeight - r.height - 4)) });
    el.querySelector<HTMLElement>("[role=menuitem]")?.focus();
  }, [at.x, at.y]);

  useEffect(() => {
    const away = (e: Event) => { if (!box.current?.contains(e.target as Node)) onClose(); };
    addEventListener("pointerdown", away, true);
    addEventListener("resize", onClose);
    return () => { removeEventListener("pointerdown", away, true); removeEventListener("resize", onClose); };
  }, [onClose]);

  const onKeyDown = (e: KeyboardEvent) => {
    const all = [...box.current!.querySelectorAll<HTMLElement>("[role=menuitem]")];
    const i = all.indexOf(document.activeElement as HTMLElement);
    const go = (to: number) => { e.preventDefault(); all[(to + all.length) % all.length]?.focus(); };
    if (e.key === "ArrowDown") return go(i + 1);
    if (e.key === "ArrowUp") return go(i - 1);
    if (e.key === "Home") return go(0);
    if (e.key === "End") return go(all.length - 1);
    if (e.key === "Escape" || e.key === "Tab") { e.preventDefault(); e.stopPropagation(); return onClose(); }
    if (e.key.length === 1 && /\S/.test(e.key)) {
      const next = [...all.slice(i + 1), ...all.slice(0, i + 1)].find((b) => b.textContent?.toLowerCase().startsWith(e.key.toLowerCase()));
      if (next) { e.preventDefault(); next.focus(); }
    }
  };

  return (
    <div ref={box} role="menu" aria-label={label} class="ctxmenu" style={{ left: `${pos.x}px`, top: `${pos.y}px` }} onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}>
      {items.map((item) => (
        <button key={item.label} type="button" role="menuitem" tabIndex={-1} class={item.danger ? "danger" : undefined}
          onClick={() => { onClose(); item.onSelect(); }}>{item.label}</button>
      ))}
    </div>
  );
}
