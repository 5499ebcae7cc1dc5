// Who is the author? Teams puts only ids and a name in `from`; the member record (Bot Connector
// GET …/members/{id}) says whether they are a guest (`userRole`) and which tenant they belong to
// (federated users differ). Cached, bounded, and never allowed to block a scan for long.
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

const NEGATIVE_TTL_MS = 60_000;

export interface MemberInfo {
  userRole?: string;
  tenantId?: string;
}

export interface MemberDirectoryOptions {
  ttlMs?: number;
  timeoutMs?: number;
  maxEntries?: number;
  logger: Logger;
}

export class MemberDirectory {
  private readonly cache = new Map<string, { at: number; info: MemberInfo | undefined }>();
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly maxEntries: number;

  constructor(private readonly opts: MemberDirectoryOptions) {
    this.ttlMs = opts.ttlMs ?? 3_600_000;
    this.timeoutMs = opts.timeoutMs ?? 2_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
  }

  async lookup(ctx: TurnContext, userId: string): Promise<MemberInfo | undefined> {
    const cd = ctx.activity.channelData as { team?: { id?: string } } | undefined;
    const scope = cd?.team?.id ?? ctx.activity.conversation?.id ?? '';
    const key = `${scope}|${userId}`;
    const hit = this.cache.get(key);
    // Failed lookups are retried sooner than known members are refreshed.
    if (hit && Date.now() - hit.at < (hit.info ? this.ttlMs : NEGATIVE_TTL_MS)) return hit.info;

    let timer: NodeJS.Timeout | undefined;
    let info: MemberInfo | undefined;
    try {
      const member = await Promise.race([
        TeamsInfo.getMember(ctx, userId),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('member lookup timed out')), this.timeoutMs);
        }),
      ]);
      info = {
        ...(member.userRole ? { userRole: member.userRole } : {}),
        ...(member.tenantId ? { tenantId: member.tenantId } : {}),
      };
    } catch (err) {
      // Unknown to the roster (federated users often are) or connector trouble: scan anyway.
      this.opts.logger.debug({ status: (err as { statusCode?: number }).statusCode }, 'teams member lookup failed');
      info = undefined;
    } finally {
      clearTimeout(timer);
    }
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, { at: Date.now(), info });
    return info;
  }
}
