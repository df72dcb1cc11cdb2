// Uploads a file to a live Depot server with tus-js-client, cuts the upload off part-way (abort after ~3/8 of it),
// checks what the server kept with a HEAD, then resumes from the upload URL as a restarted client would.
// Usage: node resume.mjs <uploads endpoint> <bearer token> <local file> <remote path>
// Prints one JSON line: { url, size, offsetAfterCut, sentOnResume }.
import { readFile } from 'node:fs/promises';
import tus from 'tus-js-client';

const [endpoint, token, file, remotePath] = process.argv.slice(2);
const data = await readFile(file);
const headers = { Authorization: `Bearer ${token}` };
const chunkSize = 1024 * 1024;
const cutAt = Math.floor(data.length * 3 / 8);
// 423 (another request still holds the upload) and 409 are retried by tus-js-client; these are the waits.
const retryDelays = [0, 200, 500, 1000, 2000, 4000, 8000];

const url = await new Promise((resolve, reject) => {
  const upload = new tus.Upload(data, {
    endpoint, headers, chunkSize, retryDelays,
    metadata: { path: remotePath, parents: 'true', filetype: 'application/octet-stream' },
    onProgress(sent) {
      if (sent >= cutAt && upload.url) {
        upload.abort(false).then(() => resolve(upload.url), reject);
      }
    },
    onSuccess() { reject(new Error('the upload finished before it could be cut off')); },
    onError: reject,
  });
  upload.start();
});

// The server records what arrived once it notices the broken request; poll briefly for it.
let offsetAfterCut = 0;
for (let attempt = 0; attempt < 100 && offsetAfterCut === 0; attempt++) {
  const head = await fetch(url, { method: 'HEAD', headers: { ...headers, 'Tus-Resumable': '1.0.0' } });
  if (head.status === 200) offsetAfterCut = Number(head.headers.get('Upload-Offset'));
  if (offsetAfterCut === 0) await new Promise((r) => setTimeout(r, 50));
}

let sentOnResume = 0;
await new Promise((resolve, reject) => {
  const upload = new tus.Upload(data, {
    uploadUrl: url, headers, chunkSize, retryDelays,
    onChunkComplete(size) { sentOnResume += size; },
    onSuccess: resolve,
    onError: reject,
  });
  upload.start();
});

console.log(JSON.stringify({ url, size: data.length, offsetAfterCut, sentOnResume }));
