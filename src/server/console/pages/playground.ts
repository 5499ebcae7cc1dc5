// Playground: paste text, see findings highlighted with why each fired, the redacted text and
// what the policy would do in a chosen kind of conversation. The page posts JSON to
// /console/api/playground; nothing typed here is stored or logged.
import { CONVERSATION_KINDS } from '../../../bot/message.js';
import { html } from '../html.js';
import { page, type PageContext } from '../layout.js';

export function playgroundPage(ctx: PageContext): string {
  return page(
    { ...ctx, active: 'playground' },
    'Playground',
    html`<form id="playground" class="card" data-testid="playground" autocomplete="off">
      <label>Text <textarea name="text" rows="6" spellcheck="false" placeholder="Paste a message to see what the rules find"></textarea></label>
      <label>Conversation <select name="kind">${CONVERSATION_KINDS.map((k) => html`<option value="${k}">${k}</option>`)}</select></label>
      <label class="check"><input type="checkbox" name="external"> external or guest members present</label>
      <button type="submit">Scan</button>
      <p class="hint">Nothing typed here is stored or logged.</p>
    </form>
    <section id="pg-result" hidden>
      <h2>Findings</h2><pre class="highlighted" data-testid="highlighted"></pre>
      <ol class="findings" data-testid="findings"></ol>
      <h2>Redacted</h2><pre data-testid="redacted"></pre>
      <h2>What the policy would do</h2><div data-testid="decision"></div>
    </section>`,
  );
}
