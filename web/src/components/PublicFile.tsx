import { linkDownloadUrl, linkInlineUrl } from "../api/publicLinks";
import type { PublicLinkView } from "../api/types";
import { formatDate, formatSize } from "../util/format";
import { LinkCrumbs } from "./LinkCrumbs";
import { Name } from "./Name";
import { Preview } from "./Preview";

/** One file of a link: what it is, a download, and a preview of the app's safe types. */
export function PublicFile({ token, view }: { token: string; view: PublicLinkView }) {
  const { item, path } = view;
  const limited = view.downloadsLeft != null;
  return (
    <section class="link-file" aria-labelledby="file-title">
      {path !== "/" && <LinkCrumbs token={token} root={view.name} path={path} />}
      <h1 id="file-title"><Name name={item.name} /></h1>
      <p class="muted">{formatSize(item.size)} · {formatDate(item.modifiedAt)}{view.expiresAt && <> · link expires {formatDate(view.expiresAt)}</>}</p>
      <p><a class="button primary" href={linkDownloadUrl(token, path)} download>Download</a></p>
      {limited ? (
        // A preview fetches the file too, and would spend one of the link's downloads.
        <p class="muted">This link allows {view.downloadsLeft} more download{view.downloadsLeft === 1 ? "" : "s"}, so there is no preview.</p>
      ) : (
        <Preview name={item.name} size={item.size} inlineUrl={linkInlineUrl(token, path)} downloadUrl={linkDownloadUrl(token, path)} />
      )}
    </section>
  );
}
