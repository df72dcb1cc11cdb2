import { useRef, useState } from "preact/hooks";

/**
 * A secret shown this once (app password, personal token) with a copy button. Where the Clipboard API is refused, the
 * text is selected for the user to copy themselves.
 */
export function SecretReveal({ label, value, testId }: { label: string; value: string; testId: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setNote("Copied.");
    } catch {
      field.current?.focus();
      field.current?.select();
      setNote("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  };
  return (
    <div class="copy-row">
      <label class="grow">{label}
        <input ref={field} readOnly value={value} data-testid={testId} class="mono" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button type="button" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>Copy</button>
      <span class="muted sr-only" role="status">{note}</span>
    </div>
  );
}
