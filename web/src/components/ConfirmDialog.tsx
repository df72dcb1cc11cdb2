import type { ComponentChildren } from "preact";
import { Dialog } from "./Dialog";

export function ConfirmDialog({ title, children, action, danger, onConfirm, onClose }: {
  title: string; children: ComponentChildren; action: string; danger?: boolean; onConfirm: () => void; onClose: () => void;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <div class="stack">
        {children}
        <div class="buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" class={danger ? "danger" : "primary"} autoFocus onClick={() => { onConfirm(); onClose(); }}>{action}</button>
        </div>
      </div>
    </Dialog>
  );
}
