import { useEffect, useState } from "preact/hooks";

/** Re-renders when a small module store says it changed. */
export function useStore<T>(store: { subscribe(l: () => void): () => void }, read: () => T): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    setValue(read);
    return store.subscribe(() => setValue(read));
  }, [store]);
  return value;
}
