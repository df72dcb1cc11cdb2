// Bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E/F) can make "gpj.exe" look like "exe.jpg".
// Names are always rendered as text; these characters are also shown as visible markers so they cannot disguise one.
const bidi = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const visibleName = (name: string) =>
  name.replace(bidi, (c) => `⟦U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟧`);

const imageExt = ["png", "jpg", "jpeg", "gif", "webp"];
const videoExt = ["mp4", "webm", "ogv", "mov", "m4v"];
const audioExt = ["mp3", "wav", "ogg", "oga", "m4a", "flac", "aac", "opus"];
const textExt = ["txt", "text", "log", "md", "markdown", "csv", "tsv", "json", "yaml", "yml", "toml", "ini", "conf", "cfg", "cs", "fs",
  "ts", "tsx", "js", "jsx", "mjs", "py", "rb", "go", "rs", "java", "kt", "c", "h", "cpp", "hpp", "sh", "sql", "css", "html", "htm", "xml",
  "svg", "csproj", "props", "targets", "gitignore", "editorconfig", "dockerfile", "makefile"];

export type PreviewKind = "image" | "video" | "audio" | "pdf" | "text" | null;

export function previewKind(name: string): PreviewKind {
  const dot = name.lastIndexOf(".");
  const ext = (dot >= 0 ? name.slice(dot + 1) : name).toLowerCase();
  if (imageExt.includes(ext)) return "image";
  if (videoExt.includes(ext)) return "video";
  if (audioExt.includes(ext)) return "audio";
  if (ext === "pdf") return "pdf";
  // Markup and script are shown as their source text, fetched and rendered as text, never as a document.
  if (textExt.includes(ext)) return "text";
  return null;
}

const archiveExt = ["zip", "tar", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar"];
const codeExt = ["cs", "fs", "ts", "tsx", "js", "jsx", "mjs", "py", "rb", "go", "rs", "java", "kt", "c", "h", "cpp", "hpp", "sh", "sql", "css",
  "html", "htm", "xml", "json", "yaml", "yml", "toml", "csproj", "props", "targets"];
const sheetExt = ["csv", "tsv", "xls", "xlsx", "ods"];
const docExt = ["doc", "docx", "odt", "rtf", "md", "markdown", "txt", "text"];

/** The icon for a file of this name (Icon.tsx): one per broad type, "file" for anything else. */
export function fileIcon(name: string): string {
  const dot = name.lastIndexOf(".");
  const ext = (dot >= 0 ? name.slice(dot + 1) : "").toLowerCase();
  if (imageExt.includes(ext) || ext === "svg" || ext === "heic") return "file-image";
  if (videoExt.includes(ext)) return "file-video";
  if (audioExt.includes(ext)) return "file-audio";
  if (ext === "pdf") return "file-pdf";
  if (archiveExt.includes(ext)) return "file-archive";
  if (sheetExt.includes(ext)) return "file-sheet";
  if (codeExt.includes(ext)) return "file-code";
  if (docExt.includes(ext)) return "file-text";
  return "file";
}

/** Whether the server makes thumbnails of this file (JPEG, PNG, GIF, WebP): the gallery's images too. */
export const hasThumbnail = (name: string) => previewKind(name) === "image";
