import { useEffect, useState } from "preact/hooks";
import { join } from "../api/paths";
import { fetchLinkView, linkDownloadUrl, linkInlineUrl, linkThumbnailUrl } from "../api/publicLinks";
import type { PublicItem, PublicLinkView } from "../api/types";
import { linkHref, navigate } from "../router";
import { formatDate, formatSize } from "../util/format";
import { fileIcon, hasThumbnail } from "../util/names";
import { toastError } from "../util/toast";
import { Gallery } from "./Gallery";
import { LinkCrumbs } from "./LinkCrumbs";
import { Name } from "./Name";
import { Thumb } from "./Thumb";

/** A folder of a link: browse into subfolders, open or download files, or take everything as one zip. */
export function PublicFolder({ token, view }: { token: string; view: PublicLinkView }) {
  const [items, setItems] = useState<PublicItem[]>(view.items ?? []);
  const [cursor, setCursor] = useState(view.nextCursor ?? null);
  const [busy, setBusy] = useState(false);
  const [gallery, setGallery] = useState<string | null>(null);
  useEffect(() => {
    setItems(view.items ?? []);
    setCursor(view.nextCursor ?? null);
  }, [view]);

  const more = async () => {
    if (!cursor) return;
    setBusy(true);
    try {
      const next = await fetchLinkView(token, view.path, cursor);
      setItems((shown) => [...shown, ...(next.items ?? [])]);
      setCursor(next.nextCursor ?? null);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  const isImage = (item: PublicItem) => item.kind === "file" && hasThumbnail(item.name);
  const images = items.filter(isImage);
  // An image opens in the gallery among the folder's images; anything else on its own page.
  const open = (item: PublicItem) => {
    if (isImage(item)) setGallery(item.name);
    else navigate({ view: "link", token, path: join(view.path, item.name) });
  };
  const top = view.path === "/";

  return (
    <section class="link-folder" aria-labelledby="folder-title">
      {!top && <LinkCrumbs token={token} root={view.name} path={view.path} />}
      <div class="link-head">
        <h1 id="folder-title"><Name name={view.item.name} /></h1>
        <div class="actions">
          {!top && <a class="button" href={linkDownloadUrl(token, view.path)} download>Download this folder (zip)</a>}
          <a class="button primary" href={linkDownloadUrl(token, "/")} download>Download all (zip)</a>
        </div>
      </div>
      {view.expiresAt && <p class="muted">This link expires {formatDate(view.expiresAt)}.</p>}
      {items.length === 0 ? <p class="empty">This folder is empty.</p> : (
        <ul class="link-list" aria-label="Contents">
          {items.map((item) => {
            const at = join(view.path, item.name);
            const folder = item.kind === "folder";
            return (
              <li key={item.name} class="link-row" data-name={item.name}>
                <Thumb src={isImage(item) ? linkThumbnailUrl(token, at, "small") : null} icon={folder ? "folder" : fileIcon(item.name)} />
                <a class="link-name" href={linkHref(token, at)} onClick={(e) => { e.preventDefault(); open(item); }}><Name name={item.name} /></a>
                <span class="link-size muted">{folder ? "—" : formatSize(item.size)}</span>
                <span class="link-date muted">{formatDate(item.modifiedAt)}</span>
                {folder ? <span /> : <a class="button ghost" href={linkDownloadUrl(token, at)} download aria-label={`Download ${item.name}`}>Download</a>}
              </li>
            );
          })}
        </ul>
      )}
      {cursor && <p><button type="button" onClick={more} disabled={busy}>Show more</button></p>}
      {gallery !== null && <Gallery start={images.findIndex((i) => i.name === gallery)} onClose={() => setGallery(null)}
        images={images.map((i) => ({ name: i.name, src: linkInlineUrl(token, join(view.path, i.name)), download: linkDownloadUrl(token, join(view.path, i.name)),
          preview: linkThumbnailUrl(token, join(view.path, i.name), "large") }))} />}
    </section>
  );
}
