import type { NodeInfo } from "../api/types";
import { visibleName } from "../util/names";
import { isFileLike } from "../util/nodes";
import { ContextMenu, type MenuItem, type MenuPoint } from "./ContextMenu";
import type { ToolbarAction } from "./Toolbar";

/** The actions of the selected rows as a context menu: the toolbar's, plus Open and the star for one item. */
export function RowMenu({ at, chosen, onAction, onOpen, onStar, onClose }: {
  at: MenuPoint; chosen: NodeInfo[]; onAction: (a: ToolbarAction) => void; onOpen: (item: NodeInfo) => void;
  onStar: (item: NodeInfo, star: boolean) => void; onClose: () => void;
}) {
  const one = chosen.length === 1 ? chosen[0] : null;
  const oneFile = one !== null && isFileLike(one);
  const act = (label: string, action: ToolbarAction, danger = false): MenuItem => ({ label, onSelect: () => onAction(action), danger });
  const items: MenuItem[] = [
    ...(one ? [{ label: "Open", onSelect: () => onOpen(one) }] : []),
    act(oneFile ? "Download" : "Download zip", "download"),
    ...(one ? [act("Rename", "rename")] : []),
    act("Move", "move"),
    act("Copy", "copy"),
    ...(oneFile ? [act("Versions", "versions")] : []),
    ...(one ? [act("Share", "share")] : []),
    ...(one ? [{ label: one.details?.favourite ? "Remove from favourites" : "Add to favourites", onSelect: () => onStar(one, !one.details?.favourite) }] : []),
    act("Delete", "delete", true),
  ];
  const label = one ? `Actions for ${visibleName(one.name)}` : `Actions for ${chosen.length} items`;
  return <ContextMenu at={at} label={label} items={items} onClose={onClose} />;
}
