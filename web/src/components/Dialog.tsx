import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

let ids = 0;

/** A modal <dialog>: the browser traps focus, Escape closes, focus returns to where it was. */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useRef(`dlg-${++ids}`);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => previous?.focus?.();
  }, []);
  return (
    <dialog ref={ref} class={wide ? "dialog wide" : "dialog"} aria-labelledby={id.current}
      onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <header class="dialog-head">
        <h2 id={id.current}>{title}</h2>
        <button type="button" class="ghost" aria-label="Close" onClick={onClose}>✕</button>
      </header>
      <div class="dialog-body">{children}</div>
    </dialog>
  );
}
