import { useState } from "preact/hooks";
import "./Thumbnails.css";
import { Icon } from "./Icon";

/**
 * An image's thumbnail where there is one, else the type's icon. Decorative (alt=""): the name beside it says what it
 * is. loading="lazy": a long folder fetches only the thumbnails scrolled into view. A thumbnail the server refuses
 * (not decodable, over its limits) falls back to the icon.
 */
export function Thumb({ src, icon, large }: { src: string | null; icon: string; large?: boolean }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!src || failed === src) return <span class={large ? "thumb large" : "thumb"}><Icon name={icon} size={large ? 48 : 20} /></span>;
  return (
    <span class={large ? "thumb large" : "thumb"}>
      <img src={src} alt="" loading="lazy" decoding="async" draggable={false} onError={() => setFailed(src)} />
    </span>
  );
}
