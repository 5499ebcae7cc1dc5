// Overview: findings per day by category (chart), top rules, top conversations, open incidents by age.
import { html } from '../html.js';
import { page, type PageContext } from '../layout.js';
import { findingsChart } from '../chart.js';
import type { Overview } from '../data.js';

export function overviewPage(ctx: PageContext, o: Overview, ruleNames: Map<string, string>): string {
  const table = (head: [string, string], rows: Array<[string, number]>, testid: string) =>
    html`<table data-testid="${testid}"><thead><tr><th>${head[0]}</th><th class="num">${head[1]}</th></tr></thead><tbody>
      ${rows.length ? rows.map(([a, n]) => html`<tr><td>${a}</td><td class="num">${n}</td></tr>`) : html`<tr><td colspan="2" class="muted">nothing yet</td></tr>`}
    </tbody></table>`;
  return page(
    ctx,
    'Overview',
    html`<section><h2>Findings per day (last ${o.days.length} days)</h2>${findingsChart(o.days, o.perDay)}</section>
    <div class="grid3">
      <section><h2>Top rules</h2>${table(['Rule', 'Findings'], o.topRules.map((r) => [ruleNames.get(r.ruleId) ?? r.ruleId, r.count]), 'top-rules')}</section>
      <section><h2>Top conversations</h2>${table(['Conversation', 'Findings'], o.topConversations.map((c) => [c.name ?? c.conversationId, c.count]), 'top-conversations')}</section>
      <section><h2>Open incidents by age</h2>${table(['Age', 'Open'], o.openByAge.map((a) => [a.label, a.count]), 'open-by-age')}</section>
    </div>`,
  );
}
