// A real PNG, made here, for the DaVinci QR_CODE component of the gallery form: DaVinci sends QR
// codes as data:image/png;base64 URLs. The picture has a QR code's look (three finder squares
// and a scatter of modules); nobody scans it, but the browser must decode and show it.

import { deflateSync, crc32 } from 'node:zlib';

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** png encodes rows of 0/1 modules (1 = dark) as an 8-bit greyscale PNG, scale px per module. */
export function png(modules, scale = 6) {
  const size = modules.length * scale;
  const raw = Buffer.alloc((size + 1) * size, 255);
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      if (modules[Math.floor(y / scale)][Math.floor(x / scale)]) raw[y * (size + 1) + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** qrLike is a 25-module grid with a quiet zone of 2: finder squares and seeded modules. */
export function qrLike(seed = 7) {
  const n = 25;
  const grid = Array.from({ length: n + 4 }, () => Array(n + 4).fill(0));
  let state = seed;
  const next = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state; };
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) grid[y + 2][x + 2] = (next() >>> 16) & 1;
  for (const [ox, oy] of [[0, 0], [n - 7, 0], [0, n - 7]]) {
    for (let y = -1; y < 8; y++) {
      for (let x = -1; x < 8; x++) {
        const gx = ox + x + 2;
        const gy = oy + y + 2;
        if (gx < 2 || gy < 2 || gx >= n + 2 || gy >= n + 2) continue;
        const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
        grid[gy][gx] = ring === 3 || ring <= 1 ? 1 : 0;
      }
    }
  }
  return grid;
}

/** qrDataUrl is a data: URL of a QR-like PNG. */
export function qrDataUrl(seed) {
  return `data:image/png;base64,${png(qrLike(seed)).toString('base64')}`;
}
