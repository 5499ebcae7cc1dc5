// Wraps a ChatPlatform to count actions by kind and outcome and to time "message sent → warning
// delivered" (end-to-end latency). The wrapped adapter is unchanged; metrics live here only.
import type { ChatPlatform, ActionResult } from '../bot/ports.js';
import type { ServiceMetrics } from './metrics.js';

function outcomeOf(r: ActionResult): string {
  if (r.ok) return 'ok';
  return r.permanent ? 'refused' : 'failed';
}

export function instrumentPlatform(platform: ChatPlatform, metrics: ServiceMetrics, now: () => number = Date.now): ChatPlatform {
  const p = platform.platform;
  const count = (kind: string, outcome: string) => metrics.actions.inc({ kind, outcome, platform: p });
  return {
    platform: p,
    async remove(req) {
      try {
        const r = await platform.remove(req);
        count('remove', outcomeOf(r));
        return r;
      } catch (e) {
        count('remove', 'error');
        throw e;
      }
    },
    async warn(req) {
      try {
        const r = await platform.warn(req);
        count('warn', outcomeOf(r));
        if (r.ok) {
          const sent = Date.parse(req.message.sentAt);
          if (Number.isFinite(sent)) metrics.endToEndSeconds.observe({ platform: p }, Math.max(0, now() - sent) / 1000);
        }
        return r;
      } catch (e) {
        count('warn', 'error');
        throw e;
      }
    },
    async postIncidentCard(view) {
      try {
        const ref = await platform.postIncidentCard(view);
        count('escalate', 'ok');
        return ref;
      } catch (e) {
        count('escalate', 'error');
        throw e;
      }
    },
    async updateIncidentCard(ref, view) {
      try {
        await platform.updateIncidentCard(ref, view);
        count('update-card', 'ok');
      } catch (e) {
        count('update-card', 'error');
        throw e;
      }
    },
  };
}
