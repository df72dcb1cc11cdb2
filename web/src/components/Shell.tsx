import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client";
import { resetCsrf } from "../api/http";
import type { UserInfo } from "../api/types";
import { href, navigate, type Route } from "../router";
import { formatSize } from "../util/format";
import { toastError } from "../util/toast";
import { SharedBadge } from "./SharedBadge";
import { ThemeToggle } from "./ThemeToggle";

/** The frame around every signed-in view: header with search, navigation, the main region. */
export function Shell({ me, route, onSignedOut, children }: { me: UserInfo; route: Route; onSignedOut: () => void; children: ComponentChildren }) {
  const [q, setQ] = useState(route.view === "search" ? route.q : "");
  const [menu, setMenu] = useState(false);
  const nav = useRef<HTMLElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setMenu(false), [route]);
  // On a phone the menu opens over the page, but comes after the header in the document: focus moves into it, and
  // Escape closes it and returns to the button, so keyboard and screen-reader users land where they looked.
  useEffect(() => { if (menu) nav.current?.querySelector<HTMLElement>("a")?.focus(); }, [menu]);
  const closeMenu = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || !menu) return;
    setMenu(false);
    menuButton.current?.focus();
  };
  const signOut = async () => {
    try {
      await api.signOut();
    } catch (e) {
      toastError(e);
    }
    resetCsrf();
    onSignedOut();
  };
  const link = (r: Route, label: string, current: boolean, describedBy?: string) => (
    <a href={href(r)} aria-current={current ? "page" : undefined} aria-describedby={describedBy}
      onClick={(e) => { e.preventDefault(); navigate(r); }}>{label}</a>
  );
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <button ref={menuButton} type="button" class="ghost menu-button" aria-expanded={menu} aria-controls="nav" onClick={() => setMenu(!menu)} aria-label="Menu">☰</button>
        <a class="brand" href="/files" onClick={(e) => { e.preventDefault(); navigate({ view: "files", path: "/" }); }}>Depot</a>
        <form role="search" class="search" onSubmit={(e) => { e.preventDefault(); if (q.trim()) navigate({ view: "search", q: q.trim() }); }}>
          <input type="search" aria-label="Search by name" placeholder="Search by name" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </form>
        <span class="account-actions">
          <ThemeToggle />
          <button type="button" class="ghost" onClick={signOut}>Sign out</button>
        </span>
      </header>
      <nav ref={nav} id="nav" class={menu ? "nav open" : "nav"} aria-label="Main" onKeyDown={closeMenu}>
        {link({ view: "files", path: "/" }, "Files", route.view === "files")}
        <span class="nav-item">
          {link({ view: "shared" }, "Shared with me", route.view === "shared", "shared-new")}
          <SharedBadge username={me.username} id="shared-new" refresh={route} />
        </span>
        {link({ view: "sharedByMe" }, "Shared by me", route.view === "sharedByMe")}
        {link({ view: "recent" }, "Recent", route.view === "recent")}
        {link({ view: "favourites" }, "Favourites", route.view === "favourites")}
        {link({ view: "activity" }, "Activity", route.view === "activity")}
        {link({ view: "trash" }, "Trash", route.view === "trash")}
        {link({ view: "sessions" }, "Sessions", route.view === "sessions")}
        {link({ view: "settings" }, "Settings", route.view === "settings")}
        {me.isAdmin && link({ view: "users" }, "Users", route.view === "users")}
        {me.isAdmin && link({ view: "groups" }, "Groups", route.view === "groups")}
        <p class="usage">
          <span class="who">{me.username}</span>
          <span>{formatSize(me.usedBytes)}{me.quotaBytes != null ? ` of ${formatSize(me.quotaBytes)}` : ""} used</span>
          {me.quotaBytes != null && <progress max={me.quotaBytes} value={me.usedBytes} aria-label="Storage used" />}
        </p>
        {/* On a phone the header keeps its width for search; these move into the menu (CSS shows one set at a time). */}
        <span class="account-actions in-menu">
          <ThemeToggle />
          <button type="button" class="ghost" onClick={signOut}>Sign out</button>
        </span>
      </nav>
      <main id="main" class="main" tabIndex={-1}>{children}</main>
    </div>
  );
}
