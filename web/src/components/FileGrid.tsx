import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { NodeInfo } from "../api/types";
import { formatSize } from "../util/format";
import { iconOf, isFolderLike, isMount, mountLabel, thumbOf } from "../util/nodes";
import type { SelectMode } from "./FileList";
import { Name } from "./Name";
import { Thumb } from "./Thumb";

interface Props {
  items: NodeInfo[];
  selected: Set<string>;
  focus: number;
  onFocus: (index: number) => void;
  onSelect: (index: number, mode: SelectMode) => void;
  onSelectAll: () => void;
  onOpen: (item: NodeInfo) => void;
  onKeyCommand: (key: "delete" | "rename" | "up") => void;
  label: string;
}

// Tiles have one size, so like the list only the rows in view (plus a margin) are in the DOM.
const tileWidth = 168;
const tileHeight = 196;
const overscanRows = 3;

/** The folder as tiles with large thumbnails: the list's selection, keys and opening, arrows moving in two dimensions. */
export function FileGrid(p: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ width: 800, height: 600 });

  useEffect(() => {
    const el = box.current!;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor(size.width / tileWidth));
  const width = Math.floor(size.width / columns);
  const rows = Math.ceil(p.items.length / columns);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || p.focus < 0) return;
    const top = Math.floor(p.focus / columns) * tileHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + tileHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + tileHeight - el.clientHeight;
  }, [p.focus, columns]);

  const firstRow = Math.max(0, Math.floor(scrollTop / tileHeight) - overscanRows);
  const lastRow = Math.min(rows, Math.ceil((scrollTop + size.height) / tileHeight) + overscanRows);

  const onKeyDown = (e: KeyboardEvent) => {
    const n = p.items.length;
    const move = (to: number) => {
      e.preventDefault();
      const index = Math.max(0, Math.min(n - 1, to));
      p.onFocus(index);
      if (!e.ctrlKey && !e.metaKey) p.onSelect(index, e.shiftKey ? "range" : "single");
    };
    const at = Math.max(p.focus, 0);
    switch (e.key) {
      case "ArrowRight": return move(p.focus < 0 ? 0 : at + 1);
      case "ArrowLeft": return move(at - 1);
      case "ArrowDown": return move(p.focus < 0 ? 0 : at + columns);
      case "ArrowUp": return move(at - columns);
      case "Home": return move(0);
      case "End": return move(n - 1);
      case " ": e.preventDefault(); if (p.focus >= 0) p.onSelect(p.focus, "toggle"); return;
      case "Enter": if (p.focus >= 0) { e.preventDefault(); p.onOpen(p.items[p.focus]); } return;
      case "Delete": e.preventDefault(); p.onKeyCommand("delete"); return;
      case "F2": e.preventDefault(); p.onKeyCommand("rename"); return;
      case "Backspace": e.preventDefault(); p.onKeyCommand("up"); return;
      case "a": if (e.ctrlKey || e.metaKey) { e.preventDefault(); p.onSelectAll(); } return;
    }
  };

  return (
    <div class="filegrid">
      <div ref={box} class="tiles" role="listbox" aria-multiselectable="true" aria-label={p.label} tabIndex={0}
        aria-activedescendant={p.focus >= 0 && p.focus < p.items.length ? `tile-${p.focus}` : undefined}
        onKeyDown={onKeyDown} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onFocus={() => { if (p.focus < 0 && p.items.length) p.onFocus(0); }}>
        <div style={{ height: `${rows * tileHeight}px` }} class="spacer">
          {p.items.slice(firstRow * columns, lastRow * columns).map((item, k) => {
            const i = firstRow * columns + k;
            const selected = p.selected.has(item.path);
            const folder = isFolderLike(item);
            return (
              <div key={item.id} id={`tile-${i}`} role="option" aria-selected={selected} aria-setsize={p.items.length} aria-posinset={i + 1}
                class={`tile${selected ? " selected" : ""}${i === p.focus ? " focused" : ""}`}
                style={{ width: `${width}px`, transform: `translate(${(i % columns) * width}px, ${Math.floor(i / columns) * tileHeight}px)` }}
                onClick={(e) => { p.onFocus(i); p.onSelect(i, e.shiftKey ? "range" : e.ctrlKey || e.metaKey ? "toggle" : "single"); }}
                onDblClick={() => p.onOpen(item)} data-name={item.name}>
                <Thumb src={thumbOf(item, "large")} icon={iconOf(item)} large />
                {/* Not a link, as in the list: an option's content is presentational (axe: nested-interactive). */}
                <span class="tile-name open" onClick={(e) => { e.stopPropagation(); p.onOpen(item); }}>
                  <Name name={item.name} />
                  {isMount(item) && <span class="sr-only"> ({mountLabel(item)})</span>}
                </span>
                <span class="tile-size muted">{folder ? "Folder" : formatSize(item.size)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
