import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { NodeInfo } from "../api/types";
import { visibleName } from "../util/names";
import { isFolderLike } from "../util/nodes";
import { Dialog } from "./Dialog";
import { ShareLinks } from "./ShareLinks";
import { SharePeople } from "./SharePeople";
import { Tabs } from "./Tabs";
import "./ShareDialog.css";

type Tab = "people" | "links";
const tabs: { key: Tab; label: string }[] = [{ key: "people", label: "People" }, { key: "links", label: "Links" }];

/** Who has this item (users and groups, with roles) and its public links. Every rule is the server's; errors show inline. */
export function ShareDialog({ item, onClose }: { item: NodeInfo; onClose: () => void }) {
  const [tab, setTab] = useState<Tab>("people");
  const [isAdmin, setIsAdmin] = useState<boolean | undefined>(undefined);
  // Only admins may list every group; others get their own groups as suggestions.
  useEffect(() => { api.me().then((me) => setIsAdmin(me.isAdmin), () => setIsAdmin(false)); }, []);
  return (
    <Dialog title={`Share ${visibleName(item.name)}`} onClose={onClose} wide>
      <Tabs label="Share with" tabs={tabs} selected={tab} onSelect={setTab}>
        {tab === "people" ? <SharePeople item={item} isAdmin={isAdmin} /> : <ShareLinks item={item} folder={isFolderLike(item)} />}
      </Tabs>
    </Dialog>
  );
}
