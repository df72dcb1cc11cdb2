import { join } from "../api/paths";
import type { PendingFile } from "./queue";

// Turns a drop or a picker selection into files with their target paths, folders included (their structure kept).

export async function fromDataTransfer(data: DataTransfer, folder: string): Promise<{ files: PendingFile[]; folders: string[] }> {
  const files: PendingFile[] = [];
  const folders: string[] = [];
  const entries = Array.from(data.items)
    .map((i) => (i.kind === "file" ? i.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) {
    for (const file of Array.from(data.files)) files.push({ path: join(folder, file.name), file });
    return { files, folders };
  }
  for (const entry of entries) await walk(entry, folder, files, folders);
  return { files, folders };
}

async function walk(entry: FileSystemEntry, folder: string, files: PendingFile[], folders: string[]) {
  const path = join(folder, entry.name);
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    files.push({ path, file });
    return;
  }
  folders.push(path);
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    // readEntries returns the children in batches; an empty batch is the end.
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, path, files, folders);
  }
}

export function fromFileList(list: FileList, folder: string): PendingFile[] {
  // A folder picker (webkitdirectory) gives "top/sub/file.txt" as webkitRelativePath.
  return Array.from(list).map((file) => ({ path: join(folder, file.webkitRelativePath || file.name), file }));
}
