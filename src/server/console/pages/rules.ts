// Rules: every rule in force with description, examples, hits, false-positive reports and mode,
// and the load errors (start-up errors and the last refused change) with file:line.
import { html } from '../html.js';
import { page, type PageContext } from '../layout.js';
import type { RuleStat } from '../data.js';

export function rulesPage(ctx: PageContext, stats: Record<string, RuleStat>, canReload: boolean, flash?: string): string {
  const { rt } = ctx;
  const refused = rt.rules.lastRefused;
  const errors = [...rt.rules.errors, ...(refused?.errors ?? [])];
  const rules = [...rt.engine.rules].sort((a, b) => a.id.localeCompare(b.id));
  return page(
    { ...ctx, active: 'rules' },
    'Rules',
    html`${flash ? html`<p class="banner info" role="status">${flash}</p>` : ''}
    <p>${rules.length} rules in force from ${rt.rules.files.length} files${rt.rules.loadedAt ? html`, loaded ${rt.rules.loadedAt}` : ''}.
    ${canReload
      ? html`<form method="post" action="/console/rules/reload" class="inline"><input type="hidden" name="_csrf" value="${ctx.session?.csrf ?? ''}"><button type="submit">Reload now</button></form>`
      : ''}</p>
    <section id="load-errors" data-testid="load-errors">
      <h2>Load errors</h2>
      ${errors.length
        ? html`${refused ? html`<p class="problem">Change refused at ${refused.at}; the previous rules stay in force.</p>` : ''}<ul class="errors">${errors.map((e) => html`<li><code>${e}</code></li>`)}</ul>`
        : html`<p class="muted">none</p>`}
    </section>
    <table class="list" data-testid="rules">
      <thead><tr><th>Rule</th><th>Category</th><th>Severity</th><th>Mode</th><th class="num">Hits</th><th class="num">False positives</th><th>Defined</th></tr></thead>
      <tbody>${rules.map((r) => {
        const s = stats[r.id];
        return html`<tr data-rule="${r.id}"><td><details><summary><b>${r.name}</b> <code>${r.id}</code></summary>
            <p>${r.description}</p>
            ${r.source ? html`<p class="muted">Source: ${r.source}</p>` : ''}
            <p>Matches, e.g.: ${r.examples.match.slice(0, 3).map((e) => html`<code class="example">${e}</code> `)}</p>
            <p>Does not match: ${r.examples.no_match.slice(0, 3).map((e) => html`<code class="example">${e}</code> `)}</p>
          </details></td>
          <td>${r.category}</td><td><span class="sev ${r.severity}">${r.severity}</span></td><td>${r.mode}</td>
          <td class="num">${s?.hits ?? 0}</td><td class="num">${s?.falsePositives ?? 0}${s && s.hits ? html` <span class="muted">(${Math.round((100 * s.falsePositives) / s.hits)}%)</span>` : ''}</td>
          <td class="muted">${r.file}:${r.line}</td></tr>`;
      })}</tbody>
    </table>`,
  );
}
