import { toastStore } from "../util/toast";
import { useStore } from "../util/useStore";

export function Toasts() {
  const toasts = useStore(toastStore, () => toastStore.all);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} class={t.error ? "toast error" : "toast"}>
          <span>{t.text}</span>
          <button type="button" class="ghost" aria-label="Dismiss" onClick={() => toastStore.dismiss(t.id)}>✕</button>
        </div>
      ))}
    </div>
  );
}
