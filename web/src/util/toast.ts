// Short status messages, announced to screen readers by the Toasts region (role="status").
export interface Toast { id: number; text: string; error: boolean }
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

export const toastStore = {
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  get all() {
    return toasts;
  },
  dismiss(id: number) {
    toasts = toasts.filter((t) => t.id !== id);
    listeners.forEach((l) => l());
  },
};

export function toast(text: string, error = false) {
  const t = { id: nextId++, text, error };
  toasts = [...toasts, t];
  listeners.forEach((l) => l());
  setTimeout(() => toastStore.dismiss(t.id), error ? 8000 : 4000);
}

export const toastError = (e: unknown) => toast(e instanceof Error ? e.message : String(e), true);
