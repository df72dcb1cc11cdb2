import { useState } from "preact/hooks";
import { Dialog } from "./Dialog";

/** Asks for a name (new folder, rename). Validation that matters happens on the server; this only trims. */
export function NameDialog({ title, label, initial, action, onSubmit, onClose }: {
  title: string; label: string; initial: string; action: string; onSubmit: (name: string) => Promise<void>; onClose: () => void;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} class="stack">
        <label>
          {label}
          <input autoFocus value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={255}
            onFocus={(e) => { const v = e.currentTarget.value; const dot = v.lastIndexOf("."); e.currentTarget.setSelectionRange(0, dot > 0 ? dot : v.length); }} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={busy}>{action}</button>
        </div>
      </form>
    </Dialog>
  );
}
