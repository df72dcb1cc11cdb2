import { useEffect, useMemo, useState } from "preact/hooks";

/** The ten recovery codes, shown only now (the server keeps hashes): copy or download them before leaving. */
export function RecoveryCodes({ codes, onDone, renewed = false }: { codes: string[]; onDone: () => void; renewed?: boolean }) {
  const [note, setNote] = useState("");
  const text = codes.join("\n") + "\n";
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setNote("Copied.");
    } catch {
      setNote("Copying was refused: select the codes and copy them yourself.");
    }
  };
  const download = useMemo(() => URL.createObjectURL(new Blob([text], { type: "text/plain" })), [text]);
  useEffect(() => () => URL.revokeObjectURL(download), [download]);
  return (
    <div class="recovery" aria-labelledby="recovery-title">
      <h3 id="recovery-title">{renewed ? "New recovery codes. Save them" : "Two-factor sign-in is on. Save your recovery codes"}</h3>
      <p>Each code signs you in once if you lose your phone. Keep them somewhere safe: they are shown only this once.</p>
      <ul class="codes" data-testid="recovery-codes">
        {codes.map((c) => <li key={c}><code>{c}</code></li>)}
      </ul>
      <div class="buttons start">
        <button type="button" onClick={copy}>Copy codes</button>
        <a class="button" href={download} download="depot-recovery-codes.txt">Download</a>
        <button type="button" class="primary" onClick={onDone}>I have saved them</button>
      </div>
      <p class="muted" role="status">{note}</p>
    </div>
  );
}
