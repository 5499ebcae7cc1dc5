// The page shell of the console: navigation, who is logged in, the logout form (with CSRF
// token) and, on every page, a red banner when the last rules change was refused.
import { html, type Html } from './html.js';
import type { Runtime } from '../runtime.js';
import type { SessionData } from './sessions.js';

export interface PageContext {
  rt: Runtime;
  session?: SessionData;
  active?: 'overview' | 'incidents' | 'rules' | 'playground';
}

function nav(ctx: PageContext): Html {
  const item = (key: PageContext['active'], href: string, label: string) =>
    html`<a href="${href}" class="${ctx.active === key ? 'active' : ''}">${label}</a>`;
  return html`<nav>
    <span class="brand">chat-dlp</span>
    ${item('overview', '/console/', 'Overview')}
    ${item('incidents', '/console/incidents', 'Incidents')}
    ${item('rules', '/console/rules', 'Rules')}
    ${item('playground', '/console/playground', 'Playground')}
    <span class="spacer"></span>
    ${ctx.session
      ? html`<span class="who" data-testid="who">${ctx.session.user} · ${ctx.session.roles.join(', ')}</span>
          <form method="post" action="/console/logout" class="inline"><input type="hidden" name="_csrf" value="${ctx.session.csrf}"><button type="submit" class="link">Log out</button></form>`
      : ''}
  </nav>`;
}

function refusedBanner(rt: Runtime): Html {
  const r = rt.rules.lastRefused;
  if (!r) return html``;
  return html`<div class="banner error" role="alert" data-testid="reload-refused">
    <strong>Rules change refused at ${r.at}</strong>: the previous rules stay in force.
    <a href="/console/rules#load-errors">${r.errors.length} error${r.errors.length === 1 ? '' : 's'}</a>
  </div>`;
}

export function page(ctx: PageContext, title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · chat-dlp</title>
<link rel="stylesheet" href="/console/static/console.css">
${ctx.session ? html`<meta name="csrf-token" content="${ctx.session.csrf}">` : ''}
<script src="/console/static/console.js" defer></script>
</head><body>
${nav(ctx)}
${ctx.session ? refusedBanner(ctx.rt) : ''}
<main>
<h1>${title}</h1>
${body}
</main>
</body></html>`.toString();
}
