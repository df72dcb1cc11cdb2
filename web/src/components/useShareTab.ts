import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/http";
import { toast } from "../util/toast";

/**
 * The state of a share dialog tab: the item's shares or links, the tab's inline error, whether the caller may share
 * at all, and `act`, which runs a change, reports it and reloads the list. An action's error stays shown after
 * the reload; it clears on the next action that succeeds.
 */
export function useShareTab<T>(fetch: () => Promise<T[]>, key: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState("");
  const [canShare, setCanShare] = useState(true);
  const load = async () => {
    try {
      setItems(await fetch());
    } catch (e) {
      setError((e as Error).message);
      // A viewer or editor cannot share: there is nothing to list or add, only the server's reason to show.
      if (e instanceof ApiError && e.code === "forbidden") setCanShare(false);
      setItems([]);
    }
  };
  useEffect(() => { void load(); }, [key]);
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      toast(done);
      setError("");
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      await load();
    }
  };
  return { items, error, setError, canShare, load, act };
}
