import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";

let ids = 0;

/** A modal <dialog>: the browser traps focus, Escape closes, focus returns to where it was. */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useRef(`dlg-${++ids}`);
  // A layout effect: Preact runs a plain effect's cleanup after the next paint, so focus would come back a frame late,
  // after whatever the user (or a test) focused in the meantime. The dialog is closed first: while it is modal, the
  // rest of the page is inert and cannot take focus.
  useLayoutEffect(() => {
    const dialog = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      previous?.focus?.();
    };
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
