import { visibleName } from "../util/names";

/** A user-chosen name: always text (never markup), isolated from surrounding text direction, bidi controls made visible. */
export function Name({ name }: { name: string }) {
  const shown = visibleName(name);
  return <bdi class="name" title={shown}>{shown}</bdi>;
}
