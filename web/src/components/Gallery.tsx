import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import "./Gallery.css";
import { visibleName } from "../util/names";
import { Icon } from "./Icon";

export interface GalleryImage {
  name: string;
  /** The image itself, served inline. */
  src: string;
  /** The same as an attachment. */
  download: string;
  /** A large thumbnail, shown (scaled up) while the image itself loads; null when there is none. */
  preview?: string | null;
}

const zoomSteps = [1, 1.5, 2, 3, 4, 6, 8];
// A horizontal swipe of at least this many CSS pixels (and more across than down) turns the page.
const swipeDistance = 50;

/**
 * A folder's images one at a time, fitted to the window: previous and next (buttons, arrow keys, swipe), zoom (buttons,
 * + and -, 0 to fit), full screen (the Fullscreen API, F) and download. A modal <dialog>, so focus stays inside, Escape
 * closes and focus returns to where it was; each image is announced as it shows.
 */
export function Gallery({ images, start, onClose }: { images: GalleryImage[]; start: number; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const picture = useRef<HTMLImageElement>(null);
  const fitted = useRef({ width: 0, height: 0 });
  const touch = useRef<{ x: number; y: number } | null>(null);
  const [index, setIndex] = useState(Math.max(0, Math.min(images.length - 1, start)));
  const [zoom, setZoom] = useState(0);   // an index into zoomSteps: 0 is fitted
  const [full, setFull] = useState(false);
  const [loaded, setLoaded] = useState<string | null>(null);
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  const image = images[index];

  useLayoutEffect(() => {
    const dialog = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    return () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      dialog?.close();
      previous?.focus?.();
    };
  }, []);

  useEffect(() => {
    const changed = () => setFull(document.fullscreenElement === frame.current);
    document.addEventListener("fullscreenchange", changed);
    return () => document.removeEventListener("fullscreenchange", changed);
  }, []);

  // On the document, not the dialog: the button last pressed may have just become disabled (the last image's Next),
  // which drops focus to the body, and the keys must still work.
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keys.current(e);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  if (!image) return null;
  // Another image starts fitted. Reset here, with the move, not in an effect: an effect runs after the next frame,
  // and a zoom key pressed before it (the new image already shown) was undone by it.
  const go = (to: number) => { if (to >= 0 && to < images.length) { setIndex(to); setZoom(0); } };
  // From the zoom as it is, not as this render saw it: two steps before the next render (a key and a click) are two.
  const zoomBy = (steps: number) => setZoom((current) => {
    // The fitted size is measured while fitted: zoom multiplies it, so 2× is twice what the window showed.
    if (current === 0 && picture.current) fitted.current = { width: picture.current.clientWidth, height: picture.current.clientHeight };
    return Math.max(0, Math.min(zoomSteps.length - 1, current + steps));
  });
  const fit = () => setZoom(0);
  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void frame.current?.requestFullscreen?.().catch(() => undefined);
  };

  keys.current = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => go(index - 1),
      ArrowRight: () => go(index + 1),
      "+": () => zoomBy(1),
      "=": () => zoomBy(1),
      "-": () => zoomBy(-1),
      "0": fit,
      f: toggleFull,
    };
    // Arrows pan a zoomed image instead (the stage scrolls).
    if (zoom > 0 && e.key.startsWith("Arrow")) return;
    const action = actions[e.key];
    if (action) { e.preventDefault(); action(); }
  };

  const onTouchStart = (e: TouchEvent) => {
    const t = e.touches[0];
    touch.current = e.touches.length === 1 && t ? { x: t.clientX, y: t.clientY } : null;
  };
  const onTouchEnd = (e: TouchEvent) => {
    const from = touch.current;
    const t = e.changedTouches[0];
    touch.current = null;
    if (!from || !t || zoom > 0) return;
    const dx = t.clientX - from.x;
    if (Math.abs(dx) >= swipeDistance && Math.abs(dx) > Math.abs(t.clientY - from.y)) go(dx < 0 ? index + 1 : index - 1);
  };

  const name = visibleName(image.name);
  const scale = zoomSteps[zoom];
  const zoomed = zoom > 0 ? { width: `${fitted.current.width * scale}px`, height: `${fitted.current.height * scale}px`, maxWidth: "none", maxHeight: "none" } : undefined;
  return (
    <dialog ref={ref} class="gallery" aria-label={`${name}, image ${index + 1} of ${images.length}`}
      onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {/* What goes full screen: a <dialog> itself may not (the Fullscreen API refuses dialog elements). */}
      <div ref={frame} class="gallery-frame">
        <div class="gallery-bar">
          <h2 class="gallery-title" title={name}>{name}</h2>
          <span class="gallery-count muted" aria-hidden="true">{index + 1} / {images.length}</span>
          <div class="gallery-actions">
            <button type="button" class="ghost" aria-label="Previous image" title="Previous (←)" disabled={index === 0} onClick={() => go(index - 1)}><Icon name="prev" /></button>
            <button type="button" class="ghost" aria-label="Next image" title="Next (→)" disabled={index === images.length - 1} onClick={() => go(index + 1)}><Icon name="next" /></button>
            <button type="button" class="ghost" aria-label="Zoom out" title="Zoom out (−)" disabled={zoom === 0} onClick={() => zoomBy(-1)}><Icon name="zoom-out" /></button>
            <button type="button" class="ghost gallery-zoom" aria-label={`${Math.round(scale * 100)}%, fit to window`} title="Fit to window (0)" disabled={zoom === 0} onClick={fit}>{Math.round(scale * 100)}%</button>
            <button type="button" class="ghost" aria-label="Zoom in" title="Zoom in (+)" disabled={zoom === zoomSteps.length - 1} onClick={() => zoomBy(1)}><Icon name="zoom-in" /></button>
            <button type="button" class="ghost" aria-label={full ? "Exit full screen" : "Full screen"} aria-pressed={full} title="Full screen (F)" onClick={toggleFull}><Icon name="fullscreen" /></button>
            <a class="button ghost" href={image.download} download aria-label={`Download ${name}`} title="Download"><Icon name="download" /></a>
            <button type="button" class="ghost" aria-label="Close" title="Close (Esc)" onClick={onClose}><Icon name="close" /></button>
          </div>
        </div>
        {/* Zoomed, the stage scrolls: focusable then, so arrow keys pan it (axe: scrollable-region-focusable). */}
        <div class={zoom > 0 ? "gallery-stage zoomed" : "gallery-stage"} onTouchStart={onTouchStart} onTouchEnd={onTouchEnd}
          {...(zoom > 0 ? { tabIndex: 0, role: "region", "aria-label": "Zoomed image, use the arrow keys to pan" } : {})}>
          {image.preview && loaded !== image.src && <img class="gallery-preview" src={image.preview} alt="" draggable={false} />}
          <img ref={picture} key={image.src} src={image.src} alt={name} style={zoomed} draggable={false}
            class={loaded === image.src ? undefined : "gallery-loading"} onLoad={() => setLoaded(image.src)} onError={() => setLoaded(image.src)} />
        </div>
        <p class="sr-only" aria-live="polite">{`${name}, image ${index + 1} of ${images.length}`}</p>
      </div>
    </dialog>
  );
}
