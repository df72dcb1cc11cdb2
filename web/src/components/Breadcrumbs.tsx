import { join, segments } from "../api/paths";
import { href, navigate } from "../router";
import { Name } from "./Name";

/** The path as links; each crumb is also a drop target for moving items into it. */
export function Breadcrumbs({ path, onDropTo }: { path: string; onDropTo: (folder: string, e: DragEvent) => void }) {
  const parts = segments(path);
  const crumbs = [{ path: "/", name: "Files" }];
  let at = "/";
  for (const p of parts) {
    at = join(at, p);
    crumbs.push({ path: at, name: p });
  }
  return (
    <nav aria-label="Breadcrumb" class="crumbs">
      <ol>
        {crumbs.map((c, i) => (
          <li key={c.path}>
            <a href={href({ view: "files", path: c.path })} aria-current={i === crumbs.length - 1 ? "location" : undefined}
              onClick={(e) => { e.preventDefault(); navigate({ view: "files", path: c.path }); }}
              onDragOver={(e) => e.preventDefault()} onDrop={(e) => onDropTo(c.path, e)}>
              {i === 0 ? c.name : <Name name={c.name} />}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
