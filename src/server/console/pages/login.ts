// The login page (the only page without a session). Its form carries a CSRF token that must
// match a short-lived cookie (double submit), since there is no session to hold one yet.
import { html } from '../html.js';
import { page, type PageContext } from '../layout.js';

export function loginPage(ctx: PageContext, csrf: string, message?: string, status?: 'error' | 'info'): string {
  return page(
    ctx,
    'Log in',
    html`<form method="post" action="/console/login" class="card narrow" data-testid="login-form">
      ${message ? html`<p class="banner ${status ?? 'error'}" role="alert">${message}</p>` : ''}
      <input type="hidden" name="_csrf" value="${csrf}">
      <label>User <input name="user" autocomplete="username" value="admin" required></label>
      <label>Password or token <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">Log in</button>
      <p class="hint">First start without CONSOLE_ADMIN_PASSWORD? Log in as <code>admin</code> with the token in <code>DATA_DIR/console-admin.token</code>.</p>
    </form>`,
  );
}
