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
