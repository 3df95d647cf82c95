#!/usr/bin/env node
/**
 * Draws the Teams app icons pixel by pixel and writes them as PNG (no image tools, no binaries
 * from elsewhere), so the committed icons can always be regenerated from this file:
 *   manifest/color.png    192x192, full colour   (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package)
 *   manifest/outline.png   32x32, white on transparent
 *
 * Usage: node scripts/generate-icons.cjs [outDir]   (default: manifest/)
 * The output is deterministic: same script, same bytes.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

// ---------- PNG encoding (RGBA, 8 bit, no interlace) ----------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG chunks need it (own table so the script also runs on Node without zlib.crc32). */
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes width*height RGBA bytes (row-major) as a PNG file. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None per scanline
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------- a tiny vector rasteriser: shapes as distance functions, 4x4 supersampling ----------

/** Distance from (px,py) to a regular pointy-top hexagon's outline; negative inside. */
function hexagonDistance(px, py, cx, cy, radius) {
  const x = Math.abs(px - cx);
  const y = Math.abs(py - cy);
  // Pointy-top hexagon: vertical sides at x = ±inradius; the slanted sides' normals point at 60°.
  const inradius = radius * Math.cos(Math.PI / 6);
  const sideDistance = x - inradius;
  const slantDistance = x * Math.cos(Math.PI / 3) + y * Math.sin(Math.PI / 3) - inradius;
  return Math.max(sideDistance, slantDistance);
}

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function hexagonVertex(cx, cy, radius, index) {
  const angle = -Math.PI / 2 + (index * Math.PI) / 3; // vertex 0 at the top
  return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
}

/**
 * Rasterises a scene: `paint(x, y)` returns the [r,g,b,a] (0..255, a 0..1) at a sample point,
 * painting layers itself; the pixel is the average of 16 samples (premultiplied, then un-premultiplied).
 */
function rasterise(size, paint) {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = paint(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const n = samples * samples;
      const offset = (y * size + x) * 4;
      const alpha = a / n;
      rgba[offset] = alpha ? Math.round(r / a) : 0;
      rgba[offset + 1] = alpha ? Math.round(g / a) : 0;
      rgba[offset + 2] = alpha ? Math.round(b / a) : 0;
      rgba[offset + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

const WHITE = [255, 255, 255];
const AZURE_TOP = [0x00, 0x5a, 0x9e];
const AZURE_BOTTOM = [0x00, 0x78, 0xd4];
const CONNECTED_GREEN = [0x10, 0x7c, 0x10];

/**
 * The app icon: an Arc-connected cluster. A white hexagon (a Kubernetes cluster) with a hub and
 * spokes, on an Azure-blue gradient, and a green "connected" status dot at the lower right.
 */
function drawColorIcon() {
  const size = 192;
  const cx = 92, cy = 94, hexRadius = 60, ring = 11;
  const spokes = [0, 2, 4].map((i) => hexagonVertex(cx, cy, hexRadius - ring / 2, i));
  const dot = { x: 148, y: 150, r: 24, border: 7 };
  return rasterise(size, (x, y) => {
    const t = y / size;
    let colour = AZURE_TOP.map((top, i) => top + (AZURE_BOTTOM[i] - top) * t);
    const ringDistance = Math.abs(hexagonDistance(x, y, cx, cy, hexRadius - ring / 2)) - ring / 2;
    const onSpoke = spokes.some(([vx, vy]) => segmentDistance(x, y, cx, cy, vx, vy) <= 4.5);
    const hub = Math.hypot(x - cx, y - cy);
    if (ringDistance <= 0 || onSpoke || hub <= 17) colour = WHITE;
    if (hub <= 8) colour = AZURE_BOTTOM;
    const dotDistance = Math.hypot(x - dot.x, y - dot.y);
    if (dotDistance <= dot.r + dot.border) colour = AZURE_BOTTOM;
    if (dotDistance <= dot.r) colour = CONNECTED_GREEN;
    // A white check mark inside the green dot: "connected".
    if (segmentDistance(x, y, dot.x - 11, dot.y + 1, dot.x - 3, dot.y + 9) <= 3.2 ||
        segmentDistance(x, y, dot.x - 3, dot.y + 9, dot.x + 12, dot.y - 8) <= 3.2) {
      if (dotDistance <= dot.r) colour = WHITE;
    }
    return [...colour, 1];
  });
}

/** The outline icon: the same hexagon-and-spokes mark, white on transparent, 32x32. */
function drawOutlineIcon() {
  const size = 32;
  const cx = 16, cy = 16, hexRadius = 14, ring = 2;
  const spokes = [0, 2, 4].map((i) => hexagonVertex(cx, cy, hexRadius - ring / 2, i));
  return rasterise(size, (x, y) => {
    const ringDistance = Math.abs(hexagonDistance(x, y, cx, cy, hexRadius - ring / 2)) - ring / 2;
    const onSpoke = spokes.some(([vx, vy]) => segmentDistance(x, y, cx, cy, vx, vy) <= 0.9);
    const hub = Math.hypot(x - cx, y - cy);
    const white = ringDistance <= 0 || onSpoke || (hub <= 4 && hub >= 1.8);
    return white ? [...WHITE, 1] : [0, 0, 0, 0];
  });
}

function writeIcons(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const colorPath = path.join(outDir, 'color.png');
  const outlinePath = path.join(outDir, 'outline.png');
  fs.writeFileSync(colorPath, encodePng(192, 192, drawColorIcon()));
  fs.writeFileSync(outlinePath, encodePng(32, 32, drawOutlineIcon()));
  return { colorPath, outlinePath };
}

module.exports = { encodePng, drawColorIcon, drawOutlineIcon, writeIcons, crc32 };

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'manifest'));
  const written = writeIcons(outDir);
  console.log(`wrote ${path.relative(process.cwd(), written.colorPath)} (192x192) and ${path.relative(process.cwd(), written.outlinePath)} (32x32)`);
}
