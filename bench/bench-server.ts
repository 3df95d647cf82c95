/**
 * Child process that runs ONE bot for the status benchmark, so the load generator and connector
 * stand-in (parent) do not share its event loop. argv[2]: "status" (the composed app on the bundled
 * demo fleet) or "echo" (bare botbuilder echo bot). Tells the parent its URL over IPC; stops on
 * "stop" or when the parent goes away.
 */
import { loadConfig } from '../src/config/config';
import { composeApp } from '../src/compose';
import { createJsonLogger } from '../src/core/logger';
import { startEchoBot } from './echo-bot';

async function main(): Promise<void> {
  const kind = process.argv[2];
  let stop: () => Promise<void>;
  let url: string;
  if (kind === 'status') {
    // Real configuration path, demo fleet with its simulation, memory storage; logs at info level
    // are formatted as in production but not written (a pipe to the parent would measure the pipe).
    const config = loadConfig({ PORT: '0', PLAYGROUND: 'off', STORAGE: 'memory', MicrosoftAppId: '', LOG_LEVEL: 'info' });
    const app = await composeApp(config, createJsonLogger('info', () => {}));
    url = await app.start();
    stop = () => app.stop();
  } else if (kind === 'echo') {
    const echo = await startEchoBot();
    url = echo.url;
    stop = echo.stop;
  } else {
    throw new Error(`unknown bot "${kind}" (expected status or echo)`);
  }
  const shutdown = async () => {
    await Promise.race([stop(), new Promise((r) => setTimeout(r, 2000))]);
    process.exit(0);
  };
  process.on('message', (m) => {
    if (m === 'stop') void shutdown();
  });
  process.on('disconnect', () => void shutdown());
  process.send!({ url });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
