// The colour theme: "system" follows prefers-color-scheme; a choice of light or dark is kept in localStorage. One store,
// so the header's toggle and the Settings page's control always show the same choice.
export type Theme = "system" | "light" | "dark";
const listeners = new Set<() => void>();

function saved(): Theme {
  const value = localStorage.getItem("depot-theme");
  return value === "light" || value === "dark" ? value : "system";
}

function apply(theme: Theme) {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export const themeStore = {
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get current(): Theme {
    return saved();
  },
  set(theme: Theme) {
    if (theme === "system") localStorage.removeItem("depot-theme");
    else localStorage.setItem("depot-theme", theme);
    apply(theme);
    listeners.forEach((l) => l());
  },
};

/** Applies a saved choice before the first render: the sign-in screen and the loading state have no control of their own. */
export const applySavedTheme = () => apply(saved());
