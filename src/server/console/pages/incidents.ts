// Incidents: the filterable list and one incident's detail with its timeline and the
// acknowledge / assign / resolve / false-positive commands (the same ones the cards offer).
import { CATEGORIES, SEVERITIES } from '../../../rules/types.js';
import type { IncidentCommand, IncidentStatus } from '../../../bot/ports.js';
import { html } from '../html.js';
import { page, type PageContext } from '../layout.js';
import type { IncidentDetail, IncidentFilter, IncidentRow } from '../data.js';

export const STATUSES: IncidentStatus[] = ['open', 'acknowledged', 'resolved', 'false-positive'];
export const COMMAND_LABELS: Record<IncidentCommand, string> = {
  acknowledge: 'Acknowledge',
  'assign-to-me': 'Assign to me',
  resolve: 'Resolve',
  'false-positive': 'False positive',
};

function select(name: string, options: readonly string[], value: string | undefined) {
  return html`<select name="${name}"><option value="">any ${name}</option>${options.map((o) => html`<option value="${o}" ${o === value ? 'selected' : ''}>${o}</option>`)}</select>`;
}

export function incidentsPage(ctx: PageContext, rows: IncidentRow[], f: IncidentFilter): string {
  return page(
    { ...ctx, active: 'incidents' },
    'Incidents',
    html`<form method="get" class="filters" data-testid="filters">
      ${select('status', STATUSES, f.status)} ${select('severity', SEVERITIES, f.severity)} ${select('category', CATEGORIES, f.category)}
      <input name="rule" placeholder="rule id" value="${f.rule ?? ''}">
      <input name="conversation" placeholder="conversation id" value="${f.conversation ?? ''}">
      <input name="assignee" placeholder="assignee" value="${f.assignee ?? ''}">
      <button type="submit">Filter</button> <a href="/console/incidents">clear</a>
    </form>
    <table class="list" data-testid="incidents">
      <thead><tr><th>#</th><th>Status</th><th>Severity</th><th>Category</th><th>Rule</th><th>Where</th><th>Assignee</th><th>Opened</th></tr></thead>
      <tbody>${rows.length
        ? rows.map(
            (r) => html`<tr data-incident="${r.id}">
              <td><a href="/console/incidents/${encodeURIComponent(r.id)}">#${r.number}</a></td>
              <td><span class="status ${r.status}">${r.status}</span></td>
              <td><span class="sev ${r.severity}">${r.severity}</span></td>
              <td>${r.category}</td><td>${r.ruleName}</td>
              <td>${r.platform} ${r.conversationName ?? r.conversationId}</td>
              <td>${r.assignee ?? ''}</td><td>${r.openedAt ?? ''}</td></tr>`,
          )
        : html`<tr><td colspan="8" class="muted">no incidents match</td></tr>`}</tbody>
    </table>`,
  );
}

export function incidentPage(ctx: PageContext, d: IncidentDetail, canAct: boolean, flash?: string): string {
  const r = d.row;
  const t = d.view?.text;
  const commands = (t?.buttons.map((b) => b.command) ?? []) as IncidentCommand[];
  return page(
    { ...ctx, active: 'incidents' },
    `Incident #${r.number}`,
    html`${flash ? html`<p class="banner info" role="status" data-testid="flash">${flash}</p>` : ''}
    <section class="card" data-testid="incident">
      <h2>${t?.title ?? `${r.severity.toUpperCase()} · ${r.category} · ${r.ruleName}`}</h2>
      <p><span class="status ${r.status}" data-testid="incident-status">${r.status}</span> ${t?.status ?? ''}</p>
      <dl>${(t?.fields ?? []).map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}
        <dt>Assignee</dt><dd data-testid="assignee">${r.assignee ?? '—'}</dd></dl>
      ${t?.done.length ? html`<p class="done">Done: ${t.done.join(' · ')}</p>` : ''}
      ${t?.problems.length ? html`<p class="problem">${t.problems.join(' · ')}</p>` : ''}
      ${canAct && commands.length
        ? html`<form method="post" action="/console/incidents/${encodeURIComponent(r.id)}/command" class="commands" data-testid="commands">
            <input type="hidden" name="_csrf" value="${ctx.session?.csrf ?? ''}">
            <label>Note <input name="note" maxlength="500" placeholder="optional"></label>
            ${commands.map((c) => html`<button type="submit" name="command" value="${c}">${COMMAND_LABELS[c] ?? c}</button>`)}
          </form>`
        : ''}
      ${t?.permalink ? html`<p><a href="${t.permalink}" rel="noopener noreferrer" target="_blank">Open message</a></p>` : ''}
    </section>
    <section><h2>Timeline</h2><ol class="timeline" data-testid="timeline">
      ${d.timeline.map((e) => html`<li><time>${e.at}</time> ${e.actor ? html`<b>${e.actor}</b> ` : ''}${e.what}${e.note ? html` — <i>${e.note}</i>` : ''}</li>`)}
      ${(t?.history ?? []).length && !d.timeline.length ? (t?.history ?? []).map((h) => html`<li>${h}</li>`) : ''}
    </ol></section>`,
  );
}
