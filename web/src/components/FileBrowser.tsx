import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { subscribeToChanges, touchesFolder } from "../api/changes";
import { api, downloadUrl, inlineUrl } from "../api/client";
import { ApiError } from "../api/http";
import { join, nameOf, parentOf } from "../api/paths";
import type { NodeInfo, SortKey } from "../api/types";
import { navigate } from "../router";
import { fromDataTransfer } from "../upload/collect";
import { uploads } from "../upload/queue";
import { isFolderLike, isImage, isMount, thumbOf } from "../util/nodes";
import { useStore } from "../util/useStore";
import { toast, toastError } from "../util/toast";
import { Breadcrumbs } from "./Breadcrumbs";
import { ConfirmDialog } from "./ConfirmDialog";
import type { MenuPoint } from "./ContextMenu";
import { FileGrid } from "./FileGrid";
import { FileList, type SelectMode } from "./FileList";
import { FolderPicker } from "./FolderPicker";
import { Gallery } from "./Gallery";
import { NameDialog } from "./NameDialog";
import { PreviewDialog } from "./PreviewDialog";
import { RemoveMountsConfirm } from "./RemoveMountsConfirm";
import { RowMenu } from "./RowMenu";
import { ShareDialog } from "./ShareDialog";
import { Toolbar, type ToolbarAction } from "./Toolbar";
import { UploadPanel } from "./UploadPanel";
import { VersionsDialog } from "./VersionsDialog";
import { savedView, ViewToggle } from "./ViewToggle";
import { downloadSelection } from "./download";

type Modal = null | "mkdir" | "rename" | "move" | "copy" | "delete" | "versions" | "share" | { preview: NodeInfo } | { gallery: string };
const dragType = "application/x-depot-paths";

export function FileBrowser({ path, onChanged }: { path: string; onChanged: () => void }) {
  const [items, setItems] = useState<NodeInfo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState("");
  const [sort, setSort] = useState<SortKey>("name");
  const [desc, setDesc] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState(-1);
  const [anchor, setAnchor] = useState(0);
  const [modal, setModal] = useState<Modal>(null);
  const [version, setVersion] = useState(0);
  const [dropping, setDropping] = useState(false);
  const [view, setView] = useState(savedView);
  const [menu, setMenu] = useState<MenuPoint | null>(null);
  const listBox = useRef<HTMLDivElement>(null);
  const reload = () => { setVersion((v) => v + 1); onChanged(); };
  const uploadItems = useStore(uploads, () => uploads.items);
  // Files still on their way here: the folder is not "empty", and its count says so instead of "0 items".
  const arriving = uploadItems.filter((u) => ["queued", "uploading", "conflict"].includes(u.status) && u.path.startsWith(path === "/" ? "/" : path + "/")).length;

  // Pages of 1,000 are fetched one after another with the folder API's cursor; the first page shows at once.
  useEffect(() => {
    let stale = false;
    setLoading(true);
    setError("");
    (async () => {
      let cursor: string | undefined;
      let all: NodeInfo[] = [];
      do {
        const page = await api.list(path, sort, desc, cursor);
        if (stale) return;
        all = cursor ? [...all, ...page.items] : page.items;
        setItems(all);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      setLoading(false);
    })().catch((e) => { if (!stale) { setError((e as Error).message); setLoading(false); setItems([]); } });
    return () => { stale = true; };
  }, [path, sort, desc, version]);

  useEffect(() => { setSelected(new Set()); setFocus(-1); }, [path]);
  useEffect(() => uploads.onUploaded(() => reload()), [path]);

  // Changes made elsewhere (another tab, a phone, a WebDAV client, another user in a shared folder) show up here
  // within moments: the listing is fetched again, at most a few times a second while a burst of changes arrives.
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribeToChanges((change) => {
      if (change && !touchesFolder(change, path)) return;
      pending ??= setTimeout(() => { pending = null; reload(); }, 300);
    });
    return () => { unsubscribe(); if (pending) clearTimeout(pending); };
  }, [path]);

  const chosen = useMemo(() => items.filter((i) => selected.has(i.path)), [items, selected]);
  const single = chosen.length === 1 ? chosen[0] : null;
  const images = useMemo(() => items.filter(isImage), [items]);

  const select = (index: number, mode: SelectMode) => {
    const item = items[index];
    if (!item) return;
    if (mode === "single") { setSelected(new Set([item.path])); setAnchor(index); }
    else if (mode === "toggle") {
      const next = new Set(selected);
      if (next.has(item.path)) next.delete(item.path); else next.add(item.path);
      setSelected(next);
      setAnchor(index);
    } else {
      const [a, b] = anchor < index ? [anchor, index] : [index, anchor];
      setSelected(new Set(items.slice(a, b + 1).map((i) => i.path)));
    }
  };

  const open = (item: NodeInfo) => {
    // A mount whose share ended points at nothing you may see: it can only be removed.
    if (isMount(item) && !item.mountKind) return toast(`${item.name} is no longer shared with you. You can remove it from your files.`, true);
    if (isFolderLike(item)) navigate({ view: "files", path: item.path });
    else setModal(isImage(item) ? { gallery: item.path } : { preview: item });
  };

  const moveInto = async (folder: string, paths: string[], copy = false) => {
    let done = 0;
    for (const from of paths) {
      if (folder === from || (!copy && parentOf(from) === folder)) continue;
      try {
        await (copy ? api.copy(from, join(folder, nameOf(from))) : api.move(from, join(folder, nameOf(from))));
        done++;
      } catch (e) {
        // Items keep their owner: between a shared folder and your own files only a copy can cross.
        if (e instanceof ApiError && e.code === "cross_owner_move") toast(`“${nameOf(from)}” and the folder it would go to belong to different people, so it can't be moved there. Use Copy instead.`, true);
        else toastError(e);
      }
    }
    if (done) toast(`${copy ? "Copied" : "Moved"} ${done} item${done === 1 ? "" : "s"}.`);
    setSelected(new Set());
    reload();
  };

  const remove = async () => {
    let done = 0;
    let unmounted = 0;
    for (const item of chosen) {
      try { await api.remove(item.path); if (isMount(item)) unmounted++; else done++; } catch (e) { toastError(e); }
    }
    if (done) toast(`Moved ${done} item${done === 1 ? "" : "s"} to the trash.`);
    if (unmounted) toast(`Removed ${unmounted} shared item${unmounted === 1 ? "" : "s"} from your files.`);
    setSelected(new Set());
    reload();
  };

  const drop = async (folder: string, e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setDropping(false);
    const data = e.dataTransfer;
    if (!data) return;
    const internal = data.getData(dragType);
    if (internal) return moveInto(folder, JSON.parse(internal) as string[]);
    const { files, folders } = await fromDataTransfer(data, folder);
    for (const f of folders) await api.mkdir(f, true).catch(toastError);
    if (files.length) uploads.add(files);
    else if (folders.length) reload();
  };

  const dragItems = (item: NodeInfo, e: DragEvent) => {
    const paths = selected.has(item.path) ? [...selected] : [item.path];
    e.dataTransfer?.setData(dragType, JSON.stringify(paths));
    e.dataTransfer?.setData("text/plain", paths.join("\n"));
  };

  const command = (key: "delete" | "rename" | "up") => {
    if (key === "up" && path !== "/") navigate({ view: "files", path: parentOf(path) });
    if (key === "delete" && chosen.length) setModal("delete");
    if (key === "rename" && single) setModal("rename");
  };

  const act = (a: ToolbarAction) => {
    if (a === "download") downloadSelection(chosen).catch(toastError);
    else if (a === "clear") setSelected(new Set());
    else setModal(a);
  };

  const star = async (item: NodeInfo, on: boolean) => {
    try {
      await (on ? api.star(item.path) : api.unstar(item.path));
      toast(on ? `Added ${item.name} to favourites.` : `Removed ${item.name} from favourites.`);
    } catch (e) {
      toastError(e);
    }
    reload();
  };

  // A row's menu acts on the selection; a row outside it becomes the selection first (as in a desktop file manager).
  const openMenu = (index: number, at: MenuPoint) => {
    const item = items[index];
    if (!item) return;
    if (!selected.has(item.path)) { setSelected(new Set([item.path])); setAnchor(index); }
    setFocus(index);
    setMenu(at);
  };

  return (
    <section class={dropping ? "browser dropping" : "browser"} aria-label="Files"
      onDragOver={(e) => { if (e.dataTransfer?.types.includes("Files")) { e.preventDefault(); setDropping(true); } }}
      onDragLeave={(e) => { if (e.currentTarget === e.target) setDropping(false); }}
      onDrop={(e) => drop(path, e)}>
      <div class="browser-head">
        <Breadcrumbs path={path} onDropTo={drop} />
        <ViewToggle view={view} onChange={setView} />
      </div>
      <Toolbar path={path} chosen={chosen} onAction={act} />
      {error ? <p class="error" role="alert">{error}</p> : view === "grid" ? (
        <FileGrid items={items} selected={selected} focus={focus} label={`Contents of ${path === "/" ? "Files" : nameOf(path)}`}
          onFocus={setFocus} onSelect={select} onSelectAll={() => setSelected(new Set(items.map((i) => i.path)))}
          onOpen={open} onKeyCommand={command} />
      ) : (
        <FileList items={items} selected={selected} focus={focus} sort={sort} desc={desc} label={`Contents of ${path === "/" ? "Files" : nameOf(path)}`}
          onSort={(k) => { if (k === sort) setDesc(!desc); else { setSort(k); setDesc(false); } }}
          onFocus={setFocus} onSelect={select} onSelectAll={() => setSelected(new Set(items.map((i) => i.path)))}
          onClearSelection={() => setSelected(new Set())} onMenu={openMenu} listRef={listBox}
          onOpen={open} onKeyCommand={command} onDragItems={dragItems} onDropOnFolder={(f, e) => drop(f.path, e)} />
      )}
      <p class="status" role="status">{loading ? "Loading…" : `${items.length} item${items.length === 1 ? "" : "s"}${chosen.length ? `, ${chosen.length} selected` : ""}${arriving ? `, ${arriving} uploading` : ""}`}</p>
      {!loading && !error && items.length === 0 && arriving === 0 && <p class="empty">This folder is empty. Drop files here or use Upload.</p>}
      {menu && chosen.length > 0 && <RowMenu at={menu} chosen={chosen} onAction={act} onOpen={open} onStar={star}
        onClose={() => { setMenu(null); listBox.current?.focus(); }} />}
      <UploadPanel />
      {modal === "mkdir" && <NameDialog title="New folder" label="Folder name" initial="" action="Create"
        onSubmit={async (n) => { await api.mkdir(join(path, n)); reload(); }} onClose={() => setModal(null)} />}
      {modal === "rename" && single && <NameDialog title="Rename" label="New name" initial={single.name} action="Rename"
        onSubmit={async (n) => { await api.move(single.path, join(path, n)); setSelected(new Set()); reload(); }} onClose={() => setModal(null)} />}
      {(modal === "move" || modal === "copy") && <FolderPicker title={modal === "move" ? "Move to" : "Copy to"} action={modal === "move" ? "Move here" : "Copy here"}
        start={path} exclude={modal === "move" ? chosen.filter((c) => c.kind === "folder").map((c) => c.path) : []}
        onPick={(folder) => moveInto(folder, chosen.map((c) => c.path), modal === "copy")} onClose={() => setModal(null)} />}
      {modal === "delete" && chosen.some(isMount) && <RemoveMountsConfirm items={chosen} onConfirm={remove} onClose={() => setModal(null)} />}
      {modal === "delete" && !chosen.some(isMount) && <ConfirmDialog title="Move to trash" action="Move to trash" danger onConfirm={remove} onClose={() => setModal(null)}>
        <p>Move {chosen.length} item{chosen.length === 1 ? "" : "s"} to the trash? You can restore them from the trash.</p>
      </ConfirmDialog>}
      {modal === "versions" && single && <VersionsDialog item={single} onChanged={reload} onClose={() => setModal(null)} />}
      {modal && typeof modal === "object" && "gallery" in modal && <Gallery
        images={images.map((i) => ({ name: i.name, src: inlineUrl(i.path), download: downloadUrl(i.path), preview: thumbOf(i, "large") }))}
        start={images.findIndex((i) => i.path === modal.gallery)} onClose={() => setModal(null)} />}
      {modal && typeof modal === "object" && "preview" in modal && <PreviewDialog item={modal.preview} onClose={() => setModal(null)}
        onVersions={() => { setSelected(new Set([modal.preview.path])); setModal("versions"); }}
        onShare={() => { setSelected(new Set([modal.preview.path])); setModal("share"); }} onSaved={reload} />}
      {modal === "share" && single && <ShareDialog item={single} onClose={() => setModal(null)} />}
    </section>
  );
}
