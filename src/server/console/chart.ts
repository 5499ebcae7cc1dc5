// Findings per day by category as an inline SVG stacked bar chart: no script, no library.
import { CATEGORIES, type Category } from '../../rules/types.js';
import { html, raw, type Html } from './html.js';

export const CATEGORY_COLOURS: Record<Category, string> = {
  secret: '#c0392b',
  personal: '#2e86c1',
  legal: '#8e44ad',
  classification: '#d68910',
};

export function findingsChart(days: string[], perDay: Array<{ day: string; category: Category; count: number }>): Html {
  const W = 720;
  const H = 220;
  const padL = 36;
  const padB = 28;
  const plotW = W - padL - 8;
  const plotH = H - padB - 10;
  const byDay = new Map<string, Record<Category, number>>();
  for (const d of days) byDay.set(d, { secret: 0, personal: 0, legal: 0, classification: 0 });
  for (const p of perDay) {
    const row = byDay.get(p.day);
    if (row) row[p.category] += p.count;
  }
  const totals = days.map((d) => CATEGORIES.reduce((s, c) => s + byDay.get(d)![c], 0));
  const max = Math.max(1, ...totals);
  const bw = plotW / Math.max(1, days.length);
  const parts: string[] = [];
  days.forEach((d, i) => {
    let y = 10 + plotH;
    const x = padL + i * bw + 2;
    for (const c of CATEGORIES) {
      const n = byDay.get(d)![c];
      if (!n) continue;
      const h = (n / max) * plotH;
      y -= h;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bw - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${CATEGORY_COLOURS[c]}"><title>${d} ${c}: ${n}</title></rect>`);
    }
    if (days.length <= 14 || i % Math.ceil(days.length / 10) === 0) {
      parts.push(`<text x="${(x + bw / 2 - 2).toFixed(1)}" y="${H - 10}" font-size="10" text-anchor="middle">${d.slice(5)}</text>`);
    }
  });
  parts.push(`<text x="4" y="18" font-size="10">${max}</text><text x="4" y="${10 + plotH}" font-size="10">0</text>`);
  parts.push(`<line x1="${padL}" y1="${10 + plotH}" x2="${W - 8}" y2="${10 + plotH}" stroke="#888"/>`);
  const legend = CATEGORIES.map((c) => html`<span class="legend"><i style="background:${CATEGORY_COLOURS[c]}"></i>${c}</span>`);
  return html`<figure class="chart" data-testid="findings-chart">
    <svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Findings per day by category">${raw(parts.join(''))}</svg>
    <figcaption>${legend}</figcaption>
  </figure>`;
}
