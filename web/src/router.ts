import { useEffect, useState } from "preact/hooks";
import { encodePath } from "./api/paths";

// Client routes: /files/<path>, /trash, /shared, /search?q=, /sessions, /admin/users, /admin/groups. The server answers index.html for them.
export type Route =
  | { view: "files"; path: string }
  | { view: "trash" }
  | { view: "shared" }
  | { view: "search"; q: string }
  | { view: "sessions" }
  | { view: "groups" }
  | { view: "users" };

export function parseRoute(location: Location): Route {
  const p = location.pathname;
  if (p === "/trash") return { view: "trash" };
  if (p === "/shared") return { view: "shared" };
  if (p === "/sessions") return { view: "sessions" };
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
    case "sessions": return "/sessions";
    case "users": return "/admin/users";
    case "groups": return "/admin/groups";
    case "search": return `/search?${new URLSearchParams({ q: route.q })}`;
  }
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
