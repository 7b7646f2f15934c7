// Test media made on the fly: a real PNG of noise (so it does not compress away) and PNG header
// parsing to check what came back from the server.
import crypto from 'node:crypto';
import zlib from 'node:zlib';

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** An RGB PNG of `width` x `height` random pixels: about 3 bytes a pixel on disk. */
export function noisyPng(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const row = width * 3 + 1;
  const raw = crypto.randomBytes(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    // A few stripes so the picture is recognisable in a screenshot.
    if (Math.floor(y / 40) % 2 === 0) {
      for (let x = 0; x < width; x += 1) {
        raw[y * row + 1 + x * 3] |= 0xc0;
      }
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height from a PNG's IHDR, or null when `buf` is not a PNG. */
export function pngSize(buf) {
  if (buf.length < 24 || buf.readUInt32BE(0) !== 0x89504e47 || buf.toString('ascii', 12, 16) !== 'IHDR') {
    return null;
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

export function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest('hex');
}
