import type { NodeInfo } from "../api/types";
import { Icon } from "./Icon";

/**
 * Small marks after a name: favourite, shared with people, has a public link, locked by a WebDAV client. Each is an icon with a
 * tooltip for the eye and the same words for screen readers (the row is an option: its content is read as text).
 */
export function ItemMarks({ item }: { item: NodeInfo }) {
  const d = item.details;
  if (!d || !(d.shared || d.linked || d.locked || d.favourite)) return null;
  const mark = (icon: string, text: string) => (
    <span class={`mark mark-${icon}`} title={text}><Icon name={icon} /><span class="sr-only">, {text}</span></span>
  );
  return (
    <span class="marks">
      {d.favourite && mark("star", "favourite")}
      {d.shared && mark("group", "shared with people")}
      {d.linked && mark("link", "has a public link")}
      {d.locked && mark("lock", "locked by a WebDAV client")}
    </span>
  );
}
