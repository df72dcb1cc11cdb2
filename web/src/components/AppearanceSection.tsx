import { type Theme, themeStore } from "../util/theme";
import { useStore } from "../util/useStore";

const choices: [Theme, string][] = [["system", "Same as the device"], ["light", "Light"], ["dark", "Dark"]];

/** The theme as a labelled choice (the header keeps its quick toggle; both read the same store). */
export function AppearanceSection() {
  const theme = useStore(themeStore, () => themeStore.current);
  return (
    <section class="settings-section" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <fieldset class="choices">
        <legend>Theme</legend>
        {choices.map(([value, label]) => (
          <label class="inline" key={value}>
            <input type="radio" name="theme" value={value} checked={theme === value} onChange={() => themeStore.set(value)} /> {label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
