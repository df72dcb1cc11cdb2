import { useEffect, useState } from "preact/hooks";

type Theme = "system" | "light" | "dark";
const next: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };

/** Applies a saved choice before the first render: the sign-in screen and the loading state have no toggle of their own. */
export function applySavedTheme() {
  const saved = localStorage.getItem("depot-theme");
  if (saved === "light" || saved === "dark") document.documentElement.dataset.theme = saved;
}

/** Follows prefers-color-scheme until the user picks light or dark; the choice is kept in localStorage. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem("depot-theme") as Theme) || "system");
  useEffect(() => {
    if (theme === "system") {
      delete document.documentElement.dataset.theme;
      localStorage.removeItem("depot-theme");
    } else {
      document.documentElement.dataset.theme = theme;
      localStorage.setItem("depot-theme", theme);
    }
  }, [theme]);
  return (
    <button type="button" class="ghost" onClick={() => setTheme(next[theme])} aria-label={`Theme: ${theme}. Change theme`} title="Change theme">
      {theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}
    </button>
  );
}
