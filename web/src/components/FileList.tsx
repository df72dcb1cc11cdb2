import type { RefObject } from "preact";
import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import type { NodeInfo, SortKey } from "../api/types";
import { formatDate, formatSize } from "../util/format";
import { iconOf, isFolderLike, isMount, mountLabel, thumbOf } from "../util/nodes";
import type { MenuPoint } from "./ContextMenu";
import { ItemMarks } from "./ItemMarks";
import { Name } from "./Name";
import { Thumb } from "./Thumb";

export type SelectMode = "single" | "toggle" | "range";

interface Props {
  items: NodeInfo[];
  selected: Set<string>;
  focus: number;
  sort: SortKey;
  desc: boolean;
  onSort: (key: SortKey) => void;
  onFocus: (index: number) => void;
  onSelect: (index: number, mode: SelectMode) => void;
  onSelectAll: () => void;
  onClearSelection: () => void;
  /** Open the row menu for row <index> at a point: right-click, its "⋯", or Shift+F10 / the menu key on the focused row. */
  onMenu: (index: number, at: MenuPoint) => void;
  /** The scrolling listbox: the row menu returns focus to it. */
  listRef: RefObject<HTMLDivElement | null>;
  onOpen: (item: NodeInfo) => void;
  onKeyCommand: (key: "delete" | "rename" | "up") => void;
  onDragItems: (item: NodeInfo, e: DragEvent) => void;
  onDropOnFolder: (folder: NodeInfo, e: DragEvent) => void;
  label: string;
}

// Rows have one height, so only the visible ones (plus a margin) are in the DOM: 10,000 entries scroll like 10.
const rowHeight = 44;
const overscan = 8;

export function FileList(p: Props) {
  const box = p.listRef;
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  useEffect(() => {
    const el = box.current!;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keep the focused row visible when the keyboard moves it.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || p.focus < 0) return;
    const top = p.focus * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [p.focus]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(p.items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const page = Math.max(1, Math.floor(height / rowHeight) - 1);

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
      case "ArrowDown": return move(p.focus < 0 ? 0 : at + 1);
      case "ArrowUp": return move(at - 1);
      case "Home": return move(0);
      case "End": return move(n - 1);
      case "PageDown": return move(at + page);
      case "PageUp": return move(at - page);
      case " ": e.preventDefault(); if (p.focus >= 0) p.onSelect(p.focus, "toggle"); return;
      case "Enter": if (p.focus >= 0) { e.preventDefault(); p.onOpen(p.items[p.focus]); } return;
      case "Delete": e.preventDefault(); p.onKeyCommand("delete"); return;
      case "F2": e.preventDefault(); p.onKeyCommand("rename"); return;
      case "Backspace": e.preventDefault(); p.onKeyCommand("up"); return;
      case "a": if (e.ctrlKey || e.metaKey) { e.preventDefault(); p.onSelectAll(); } return;
      case "ContextMenu": case "F10":
        if (p.focus >= 0 && (e.key === "ContextMenu" || e.shiftKey)) { e.preventDefault(); openMenuAtRow(p.focus); }
        return;
    }
  };

  const openMenuAtRow = (i: number) => {
    const row = box.current?.querySelector(`#row-${i}`)?.getBoundingClientRect();
    if (row) p.onMenu(i, { x: row.right - 200, y: row.bottom });
  };
  const all = p.items.length > 0 && p.selected.size >= p.items.length && p.items.every((i) => p.selected.has(i.path));

  const header = (key: SortKey, label: string) => (
    <button type="button" class={`col col-${key} sort`} onClick={() => p.onSort(key)}
      aria-label={`Sort by ${label}${p.sort === key ? (p.desc ? ", descending" : ", ascending") : ""}`}>
      {label}{p.sort === key ? (p.desc ? " ▼" : " ▲") : ""}
    </button>
  );

  return (
    <div class="filelist">
      <div class="listhead">
        <span class="col col-check">
          <input type="checkbox" aria-label="Select all" checked={all} disabled={p.items.length === 0}
            indeterminate={!all && p.selected.size > 0} onChange={() => (all ? p.onClearSelection() : p.onSelectAll())} />
        </span>
        {header("name", "Name")}
        {header("size", "Size")}
        {header("modified", "Modified")}
        <span class="col col-more" />
      </div>
      <div ref={box} class="rows" role="listbox" aria-multiselectable="true" aria-label={p.label} tabIndex={0} aria-keyshortcuts="Shift+F10"
        aria-activedescendant={p.focus >= 0 && p.focus < p.items.length ? `row-${p.focus}` : undefined}
        onKeyDown={onKeyDown} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onFocus={() => { if (p.focus < 0 && p.items.length) p.onFocus(0); }}>
        <div style={{ height: `${p.items.length * rowHeight}px` }} class="spacer">
          {p.items.slice(first, last).map((item, k) => {
            const i = first + k;
            const selected = p.selected.has(item.path);
            const folder = isFolderLike(item);
            return (
              <div key={item.id} id={`row-${i}`} role="option" aria-selected={selected} aria-setsize={p.items.length} aria-posinset={i + 1}
                class={`row${selected ? " selected" : ""}${i === p.focus ? " focused" : ""}${dropTarget === item.path ? " droptarget" : ""}`}
                style={{ transform: `translateY(${i * rowHeight}px)` }} draggable
                onClick={(e) => { p.onFocus(i); p.onSelect(i, e.shiftKey ? "range" : e.ctrlKey || e.metaKey ? "toggle" : "single"); }}
                onDblClick={() => p.onOpen(item)}
                onContextMenu={(e) => { e.preventDefault(); p.onMenu(i, { x: e.clientX, y: e.clientY }); }}
                onDragStart={(e) => p.onDragItems(item, e)}
                onDragOver={folder ? (e) => { e.preventDefault(); setDropTarget(item.path); } : undefined}
                onDragLeave={folder ? () => setDropTarget(null) : undefined}
                onDrop={folder ? (e) => { setDropTarget(null); p.onDropOnFolder(item, e); } : undefined}
                data-name={item.name}>
                <span class="col col-check" onClick={(e) => { e.stopPropagation(); p.onFocus(i); p.onSelect(i, "toggle"); }}>
                  <span class={selected ? "check on" : "check"} aria-hidden="true" />
                </span>
                <span class="col col-name">
                  <Thumb src={thumbOf(item, "small")} icon={iconOf(item)} />
                  {/* Not a link: an option's content is presentational, so a control inside it is one screen readers
                      cannot reach or announce (axe: nested-interactive). Enter on the list and double-click open too. */}
                  <span class="open" onClick={(e) => { e.stopPropagation(); p.onOpen(item); }}>
                    <Name name={item.name} />
                    {isMount(item) && <span class="sr-only"> ({mountLabel(item)})</span>}
                  </span>
                  <ItemMarks item={item} />
                </span>
                <span class="col col-size">{!folder ? formatSize(item.size) : item.details?.folderSize != null ? formatSize(item.details.folderSize) : "—"}</span>
                <span class="col col-modified">{formatDate(item.modifiedAt)}</span>
                {/* A pointer's way to the row menu (keyboard: Shift+F10 or the menu key on the row). Not a button: a control
                    inside an option is one screen readers cannot reach (see .open above). */}
                <span class="col col-more" aria-hidden="true" title="More actions"
                  onClick={(e) => { e.stopPropagation(); const r = e.currentTarget.getBoundingClientRect(); p.onMenu(i, { x: r.right - 200, y: r.bottom }); }}>⋯</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
