// Inline SVG icons: no icon font, no data: URLs, nothing the CSP has to allow.
const paths: Record<string, string> = {
  folder: "M3 6a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z",
  file: "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5",
  // Per type: the file outline with a mark inside.
  "file-image": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M7 18l3.5-4 2.5 2.5 1.5-1.5 2.5 3M9.5 9.5a1 1 0 1 1 0 .1",
  "file-video": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M10 11v6l5-3z",
  "file-audio": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M11 17.5V11l4-1v6M9.5 17.5a1.5 1.5 0 1 0 3 0 1.5 1.5 0 0 0-3 0",
  "file-pdf": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M8 17h8M8 13.5h8",
  "file-archive": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M10 4v2m0 2v2m0 2v2m-1 2h2v3H9z",
  "file-sheet": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M8 12h8v6H8zm0 3h8m-4-3v6",
  "file-code": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M10 12l-2 2.5 2 2.5m4-5 2 2.5-2 2.5",
  "file-text": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M8 12h8M8 15h8M8 18h5",
  // Views and the gallery.
  list: "M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01",
  grid: "M4 4h7v7H4zm9 0h7v7h-7zM4 13h7v7H4zm9 0h7v7h-7z",
  prev: "M15 5l-7 7 7 7",
  next: "M9 5l7 7-7 7",
  "zoom-in": "M11 4a7 7 0 1 1 0 14 7 7 0 0 1 0-14zm5 12 4 4M8 11h6m-3-3v6",
  "zoom-out": "M11 4a7 7 0 1 1 0 14 7 7 0 0 1 0-14zm5 12 4 4M8 11h6",
  fullscreen: "M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5",
  download: "M12 4v11m-5-5 5 5 5-5M5 20h14",
  close: "M6 6l12 12M18 6L6 18",
  up: "M12 19V5m-6 6 6-6 6 6",
  search: "M11 4a7 7 0 1 1 0 14 7 7 0 0 1 0-14zm5 12 4 4",
  // Sharing: a person on a folder or file marks an item shared with you (a mount); people for grantees.
  "shared-folder": "M3 6a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2zM12 8.6a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM8 17a4 3.5 0 0 1 8 0",
  "shared-file": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M12 10.6a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM8 19a4 3.5 0 0 1 8 0",
  // A shared item that is no longer shared with you: a crossed-out file.
  "shared-gone": "M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm8 0v5h5M4 4l16 16",
  user: "M12 4a4 4 0 1 1 0 8 4 4 0 0 1 0-8zM4 20a8 8 0 0 1 16 0",
  star: "M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z",
  link: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
  lock: "M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3",
  group: "M9 5a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM3 19a6 6 0 0 1 12 0M16 5a3 3 0 0 1 0 6M17 13.5a6 6 0 0 1 4 5.5",
};

export function Icon({ name, label, size = 20 }: { name: string; label?: string; size?: number }) {
  return (
    <svg class={`icon icon-${name}`} viewBox="0 0 24 24" width={size} height={size} aria-hidden={label ? undefined : "true"} role={label ? "img" : undefined}
      aria-label={label} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
      <path d={paths[name] ?? paths.file} />
    </svg>
  );
}
