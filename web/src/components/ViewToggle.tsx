import { Icon } from "./Icon";

export type FolderView = "list" | "grid";

const key = "depot.view";

/** The folder view last chosen in this browser (list unless grid was picked). */
export const savedView = (): FolderView => (localStorage.getItem(key) === "grid" ? "grid" : "list");

/** List or grid: two labelled toggle buttons; the choice is remembered in this browser. */
export function ViewToggle({ view, onChange }: { view: FolderView; onChange: (view: FolderView) => void }) {
  const pick = (next: FolderView) => {
    localStorage.setItem(key, next);
    onChange(next);
  };
  return (
    <div class="viewtoggle" role="group" aria-label="View">
      <button type="button" class="ghost" aria-pressed={view === "list"} onClick={() => pick("list")} title="List view">
        <Icon name="list" /><span class="viewtoggle-label">List</span>
      </button>
      <button type="button" class="ghost" aria-pressed={view === "grid"} onClick={() => pick("grid")} title="Grid view">
        <Icon name="grid" /><span class="viewtoggle-label">Grid</span>
      </button>
    </div>
  );
}
