import { loadConfig } from '../config';
import { startMarina, type MarinaRoles } from '../app/marina';
import { createLogger } from '../observability/logger';

/**
 * Runs a long-lived Marina process with the given roles until SIGTERM/SIGINT, then shuts down
 * gracefully (in-flight tasks drain). Prints the admin credentials the embedded profile generated.
 */
export async function runProcess(roles: MarinaRoles): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const marina = await startMarina(config, roles, log);
  if (marina.admin.created) {
    const how = marina.admin.generated ? 'generated' : 'from MARINA_ADMIN_PASSWORD';
    process.stdout.write(
      `\nMarina admin account created (${how}):\n  username: ${marina.admin.username}\n  password: ${marina.admin.generated ? marina.admin.password : '(the one you set)'}\n\n`,
    );
  }
  if (marina.port !== undefined)
    process.stdout.write(`Marina is ready: http://localhost:${marina.port}/graphql (profile: ${config.profile})\n`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      marina.stop().then(resolve, (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return 0;
}
