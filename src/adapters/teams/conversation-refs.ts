// Conversation references for proactive messages (warnings, incident cards), kept in the core's
// KeyValueStore. Saved on installation and refreshed from ordinary traffic, so the bot can reach
// the security channel and the author's service URL after a restart.
import type { ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { KeyValueStore } from '../../bot/ports.js';

const NS = 'teams.conversation-ref';
const NS_TENANT = 'teams.tenant-endpoint';
const LATEST = '*';

/** What we keep per tenant: enough to address any conversation in it. */
export interface TenantEndpoint {
  serviceUrl: string;
  tenantId: string;
  bot: { id: string; name?: string };
}

export type StoredReference = Partial<ConversationReference> & {
  serviceUrl: string;
  conversation: ConversationReference['conversation'];
};

export class ConversationRefs {
  // Avoid a database write per message: remember what was last written.
  private readonly written = new Map<string, string>();

  constructor(
    private readonly kv: KeyValueStore,
    private readonly logger: Logger,
  ) {}

  async save(conversationId: string, ref: StoredReference): Promise<void> {
    await this.putOnce(NS, conversationId, ref);
  }

  async get(conversationId: string): Promise<StoredReference | undefined> {
    return this.kv.getValue<StoredReference>(NS, conversationId);
  }

  async saveEndpoint(ep: TenantEndpoint): Promise<void> {
    await this.putOnce(NS_TENANT, ep.tenantId, ep);
    await this.putOnce(NS_TENANT, LATEST, ep);
  }

  /** The endpoint of a tenant, or the latest one seen when the tenant is unknown. */
  async endpoint(tenantId?: string): Promise<TenantEndpoint | undefined> {
    if (tenantId) {
      const ep = await this.kv.getValue<TenantEndpoint>(NS_TENANT, tenantId);
      if (ep) return ep;
    }
    return this.kv.getValue<TenantEndpoint>(NS_TENANT, LATEST);
  }

  private async putOnce(ns: string, key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    const k = `${ns}\u0000${key}`;
    if (this.written.get(k) === json) return;
    await this.kv.putValue(ns, key, value);
    this.written.set(k, json);
    this.logger.debug({ ns, key }, 'teams reference saved');
  }
}
