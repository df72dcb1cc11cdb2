import { useEffect, useState } from "preact/hooks";
import { groupsApi } from "../api/groups";
import type { GroupInfo } from "../api/types";
import { formatDate } from "../util/format";
import { toast, toastError } from "../util/toast";
import { AdminTabs } from "./AdminTabs";
import { ConfirmDialog } from "./ConfirmDialog";
import { GroupMembersDialog } from "./GroupMembersDialog";
import { Name } from "./Name";
import { NameDialog } from "./NameDialog";
import { groupError } from "./groupErrors";

type Modal = null | { kind: "create" } | { kind: "rename" | "delete" | "members"; group: GroupInfo };

/** Admin: groups (the grantees of group shares) and their members. */
export function GroupsView() {
  const [groups, setGroups] = useState<GroupInfo[] | null>(null);
  const [modal, setModal] = useState<Modal>(null);
  const load = () => groupsApi.list().then(setGroups, toastError);
  useEffect(() => { void load(); }, []);
  const close = () => setModal(null);
  const remove = async (g: GroupInfo) => {
    try {
      await groupsApi.remove(g.name);
      toast(`Deleted the group ${g.name}.`);
    } catch (e) {
      toast(groupError(e, g.name), true);
    }
    await load();
  };
  return (
    <section aria-labelledby="groups-title" class="page">
      <AdminTabs current="groups" />
      <div class="page-head">
        <h1 id="groups-title">Groups</h1>
        <button type="button" class="primary" onClick={() => setModal({ kind: "create" })}>New group</button>
      </div>
      {groups === null ? <p role="status">Loading…</p> : groups.length === 0 ? <p class="empty">No groups yet. A group lets you share with several people at once.</p> : (
        <table class="table">
          <thead><tr><th scope="col">Group</th><th scope="col">Members</th><th scope="col">Created</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.name} data-group={g.name}>
                <td><Name name={g.name} /></td>
                <td>{g.memberCount}</td>
                <td>{formatDate(g.createdAt)}</td>
                <td class="actions">
                  <button type="button" onClick={() => setModal({ kind: "members", group: g })}>Members</button>
                  <button type="button" onClick={() => setModal({ kind: "rename", group: g })}>Rename</button>
                  <button type="button" class="danger" onClick={() => setModal({ kind: "delete", group: g })}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {modal?.kind === "create" && <NameDialog title="New group" label="Group name" initial="" action="Create" onClose={close}
        onSubmit={async (n) => { await groupsApi.create(n).catch((e) => { throw new Error(groupError(e, n)); }); await load(); }} />}
      {modal?.kind === "rename" && <NameDialog title={`Rename ${modal.group.name}`} label="New name" initial={modal.group.name} action="Rename" onClose={close}
        onSubmit={async (n) => { await groupsApi.rename(modal.group.name, n).catch((e) => { throw new Error(groupError(e, n)); }); await load(); }} />}
      {modal?.kind === "delete" && <ConfirmDialog title="Delete group" action="Delete group" danger onConfirm={() => remove(modal.group)} onClose={close}>
        <p>Delete the group <Name name={modal.group.name} />? Its {modal.group.memberCount} member{modal.group.memberCount === 1 ? "" : "s"} keep
          their accounts, but every share to this group ends: they lose access to what was shared with it. This cannot be undone.</p>
      </ConfirmDialog>}
      {modal?.kind === "members" && <GroupMembersDialog group={modal.group.name} onChanged={load} onClose={close} />}
    </section>
  );
}
