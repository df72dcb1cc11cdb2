import { href, navigate } from "../router";
import "./admin.css";

type AdminView = "users" | "groups";
const tabs: { view: AdminView; label: string }[] = [{ view: "users", label: "Users" }, { view: "groups", label: "Groups" }];

/** Links between the admin pages, drawn as tabs; real links (not role="tab"), since each is its own address. */
export function AdminTabs({ current }: { current: AdminView }) {
  return (
    <nav class="admin-tabs" aria-label="Administration">
      {tabs.map((t) => (
        <a key={t.view} href={href({ view: t.view })} aria-current={t.view === current ? "page" : undefined}
          onClick={(e) => { e.preventDefault(); navigate({ view: t.view }); }}>{t.label}</a>
      ))}
    </nav>
  );
}
