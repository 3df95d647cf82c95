import { ConfigError, describeConfig, loadConfig } from './config/config';
import { createJsonLogger } from './core/logger';
import { composeApp } from './compose';
import { StorageStartError } from './storage/storage-start-error';
import { startPlayground, type PlaygroundHandle } from './playground/playground';

/** Under Docker's 10 s grace period, with room for the process to actually end. */
const SHUTDOWN_DEADLINE_MS = 7_000;

/** Process entry: config -> compose -> listen -> (Playground) ; SIGINT/SIGTERM stop everything cleanly. */
async function main(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    // The Azure SDKs and node:sqlite need Node >= 22; `npm start` uses the Node 24 from node_modules/.bin.
    process.stderr.write(`Node ${process.versions.node} is too old: run \`npm start\` (it uses the project's Node 24) or start with Node 22+.\n`);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createJsonLogger(config.logLevel);
  logger.info('starting arc-connectivity-bot', describeConfig(config));
  let app;
  try {
    app = await composeApp(config, logger);
  } catch (error) {
    if (error instanceof StorageStartError) {
      // One clear line (no stack, no connection string) and the configuration exit code.
      logger.error('storage is not usable', { problem: error.message });
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const url = await app.start();

  let playground: PlaygroundHandle | undefined;
  if (config.playground.enabled) {
    playground = await startPlayground(url, config.playground.port, logger);
    if (playground) {
      logger.info('Agents Playground ready', { url: playground.url });
      process.stdout.write(`\n  Open the Agents Playground: ${playground.url}\n  Try: status · status store-0421 · clusters offline · help\n  Ctrl-C stops the bot and the Playground.\n\n`);
    }
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    // Docker sends SIGKILL 10 s after SIGTERM (https://docs.docker.com/reference/cli/docker/container/stop/):
    // whatever is still running then is abandoned by us first, so the exit is ours and clean.
    setTimeout(() => {
      logger.warn('stop took too long: exiting with work abandoned', { afterMs: SHUTDOWN_DEADLINE_MS });
      process.exit(0);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await Promise.allSettled([playground?.stop(), app.stop()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`fatal: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
