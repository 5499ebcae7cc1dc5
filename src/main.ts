// Entry point of `npm start`: one process serving the Slack and Teams endpoints (when their
// credentials are set), /healthz, /readyz, /metrics and the console. See docs/operations.md.
import { runService } from './server/run.js';

await runService();
