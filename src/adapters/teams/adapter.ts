// The botbuilder CloudAdapter, configured the Bot Framework way. An empty app id turns inbound
// JWT validation and outbound tokens off (Bot Framework Emulator / offline tests).
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { TeamsConfig } from './config.js';

/**
 * CloudAdapter with one public entry that authenticates and runs an already-parsed activity and
 * returns the invoke response, so the receiver owns the HTTP answer (CloudAdapter.process would
 * print authentication failures to the console and echo error messages to the caller).
 */
export class TeamsCloudAdapter extends CloudAdapter {
  runActivity(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createTeamsAdapter(config: TeamsConfig, logger: Logger): TeamsCloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    ...(config.appTenantId ? { MicrosoftAppTenantId: config.appTenantId } : {}),
  });
  const adapter = new TeamsCloudAdapter(auth);
  // Log only the error's name and message; botbuilder's default would echo a trace activity.
  adapter.onTurnError = async (context, error) => {
    logger.error(
      { err: { name: error.name, message: error.message }, activityType: context.activity?.type },
      'teams turn failed',
    );
    throw error;
  };
  if (!config.appId) logger.warn('teams: MICROSOFT_APP_ID is empty: inbound authentication is OFF (local mode)');
  return adapter;
}
