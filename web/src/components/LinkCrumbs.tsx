import { join, segments } from "../api/paths";
import { linkHref, navigate } from "../router";
import { Name } from "./Name";

/** Where the visitor is inside a link: from the link's own item down, never above it (they may not see beyond it). */
export function LinkCrumbs({ token, root, path }: { token: string; root: string; path: string }) {
  const crumbs = [{ path: "/", name: root }];
  let at = "/";
  for (const s of segments(path)) {
    at = join(at, s);
    crumbs.push({ path: at, name: s });
  }
  return (
    <nav aria-label="Breadcrumb" class="crumbs">
      <ol>
        {crumbs.map((c, i) => (
          <li key={c.path}>
            <a href={linkHref(token, c.path)} aria-current={i === crumbs.length - 1 ? "location" : undefined}
              onClick={(e) => { e.preventDefault(); navigate({ view: "link", token, path: c.path }); }}>
              <Name name={c.name} />
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
