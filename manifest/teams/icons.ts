// Draws the two Teams icons (a shield with a keyhole) and writes color.png (192×192, full
// colour) and outline.png (32×32, white on transparent). Run: node --import tsx manifest/teams/icons.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.js';

export const ACCENT = { r: 0x0f, g: 0x6c, b: 0xbd } as const;

/** 1 inside the shield, 0 outside or in the keyhole; coordinates in [-1, 1]. */
function shield(x: number, y: number): boolean {
  if (y < -0.78 || y > 0.86) return false;
  const w = y < 0.05 ? 0.68 : 0.68 * (1 - Math.pow((y - 0.05) / 0.81, 1.7));
  if (Math.abs(x) > w) return false;
  const inHoleCircle = x * x + (y + 0.16) * (y + 0.16) < 0.17 * 0.17;
  const inHoleStem = y > -0.16 && y < 0.38 && Math.abs(x) < 0.06 + (y + 0.16) * 0.09;
  return !(inHoleCircle || inHoleStem);
}

/** Coverage of the shape over one pixel, 4×4 supersampled; `scale` < 1 leaves a margin. */
function coverage(px: number, py: number, size: number, scale: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const x = ((px + (sx + 0.5) / 4) / size) * 2 - 1;
      const y = ((py + (sy + 0.5) / 4) / size) * 2 - 1;
      if (shield(x / scale, y / scale)) hits++;
    }
  }
  return hits / 16;
}

export function colorIcon(size = 192): Buffer {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, 0.62);
      const i = (y * size + x) * 4;
      px[i] = Math.round(ACCENT.r + (255 - ACCENT.r) * c);
      px[i + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * c);
      px[i + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * c);
      px[i + 3] = 255;
    }
  }
  return encodePng(size, size, px);
}

export function outlineIcon(size = 32): Buffer {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      px[i] = px[i + 1] = px[i + 2] = 255; // white only; shape carried by alpha
      px[i + 3] = Math.round(255 * coverage(x, y, size, 0.94));
    }
  }
  return encodePng(size, size, px);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  writeFileSync(`${here}color.png`, colorIcon());
  writeFileSync(`${here}outline.png`, outlineIcon());
  console.log(`wrote ${here}color.png and ${here}outline.png`);
}
