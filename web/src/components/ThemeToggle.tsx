import { type Theme, themeStore } from "../util/theme";
import { useStore } from "../util/useStore";

const next: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };

export { applySavedTheme } from "../util/theme";

/** The header's quick switch (system → light → dark); Settings has the same choice as a labelled control. */
export function ThemeToggle() {
  const theme = useStore(themeStore, () => themeStore.current);
  return (
    <button type="button" class="ghost" onClick={() => themeStore.set(next[theme])} aria-label={`Theme: ${theme}. Change theme`} title="Change theme">
      {theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}
    </button>
  );
}
