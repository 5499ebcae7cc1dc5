// Shared by `npm start` (src/main.ts) and `dlp serve`: validate configuration (one list of
// everything wrong, exit 2), start the service, and shut down gracefully on SIGTERM/SIGINT.
import { formatConfigProblems, loadConfig, type ServiceConfig } from '../config.js';
import { createLogger } from '../shared/logger.js';
import { startService } from './service.js';

export interface RunOptions {
  configFile?: string;
  /** Applied over the validated configuration (CLI flags). */
  override?: (c: ServiceConfig) => ServiceConfig;
}

export async function runService(options: RunOptions = {}): Promise<void> {
  const result = loadConfig(process.env, { file: options.configFile });
  if (!result.ok) {
    process.stderr.write(`chat-dlp: ${formatConfigProblems(result.problems)}\nNothing was started. See docs/operations.md for every variable.\n`);
    process.exit(2);
  }
  const config = options.override ? options.override(result.config) : result.config;
  const logger = createLogger({ level: config.logLevel, pretty: config.logPretty });
  let service;
  try {
    service = await startService(config, logger, { integrations: result.integrations, warnings: result.warnings });
  } catch (e) {
    logger.fatal({ err: { name: (e as Error).name, message: (e as Error).message } }, `could not start: ${(e as Error).message}`);
    process.exit(1);
  }
  const s = service;
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal: sig }, 'second signal: exiting now');
      process.exit(130);
    }
    void s.stop(sig).then(() => process.exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  s.ready.catch(() => {
    // Start-up failed for good (invalid policy, no rules): stop rather than run half-configured.
    void s.stop('start-up failed').then(() => process.exit(1));
  });
}
