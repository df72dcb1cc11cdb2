import { useEffect, useState } from "preact/hooks";
import { encodePath } from "./api/paths";

// Client routes: /files/<path>, /trash, /shared, /shared-by-me, /favourites, /recent, /activity, /search?q=, /sessions, /settings, /admin/users, /admin/groups. The server answers index.html for them.
export type Route =
  | { view: "files"; path: string }
  | { view: "trash" }
  | { view: "shared" }
  | { view: "sharedByMe" }
  | { view: "favourites" }
  | { view: "recent" }
  | { view: "activity" }
  | { view: "search"; q: string }
  | { view: "sessions" }
  | { view: "settings" }
  | { view: "groups" }
  | { view: "users" }
  | { view: "link"; token: string; path: string };

export function parseRoute(location: Location): Route {
  const p = location.pathname;
  if (p.startsWith("/s/")) return parseLinkRoute(p);
  if (p === "/trash") return { view: "trash" };
  if (p === "/shared") return { view: "shared" };
  if (p === "/shared-by-me") return { view: "sharedByMe" };
  if (p === "/favourites") return { view: "favourites" };
  if (p === "/recent") return { view: "recent" };
  if (p === "/activity") return { view: "activity" };
  if (p === "/sessions") return { view: "sessions" };
  if (p === "/settings") return { view: "settings" };
  if (p === "/admin/users") return { view: "users" };
  if (p === "/admin/groups") return { view: "groups" };
  if (p === "/search") return { view: "search", q: new URLSearchParams(location.search).get("q") ?? "" };
  const rest = p.startsWith("/files") ? p.slice("/files".length) : "";
  const path = "/" + rest.split("/").filter((s) => s).map(decodeURIComponent).join("/");
  return { view: "files", path };
}

export function href(route: Route): string {
  switch (route.view) {
    case "files": {
      const e = encodePath(route.path);
      return e ? `/files/${e}` : "/files";
    }
    case "trash": return "/trash";
    case "shared": return "/shared";
    case "sharedByMe": return "/shared-by-me";
    case "favourites": return "/favourites";
    case "recent": return "/recent";
    case "activity": return "/activity";
    case "sessions": return "/sessions";
    case "settings": return "/settings";
    case "users": return "/admin/users";
    case "groups": return "/admin/groups";
    case "search": return `/search?${new URLSearchParams({ q: route.q })}`;
    case "link": return linkHref(route.token, route.path);
  }
}

// A public link's page: /s/{token}/{path inside the link}. A malformed escape is no link at all (the page says it is dead).
function parseLinkRoute(p: string): Route {
  const [token, ...rest] = p.slice("/s/".length).split("/");
  try {
    return { view: "link", token: decodeURIComponent(token), path: "/" + rest.filter((s) => s).map(decodeURIComponent).join("/") };
  } catch {
    return { view: "link", token: "", path: "/" };
  }
}

export function linkHref(token: string, path: string): string {
  const e = encodePath(path);
  return `/s/${encodeURIComponent(token)}${e ? "/" + e : ""}`;
}

export function navigate(route: Route, replace = false) {
  const url = href(route);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location));
    addEventListener("popstate", update);
    return () => removeEventListener("popstate", update);
  }, []);
  return route;
}
