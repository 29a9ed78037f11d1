import { loadConfig } from './config';
import { log } from './log';
import { shareOneYjs } from './single-yjs';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before anything loads Yjs: the server and the pages must share one copy.
  await shareOneYjs();
  const { startServer } = await import('./app');
  const server = await startServer(config);
  // Machine-readable line for tests and scripts that start the server on port 0.
  // Always printed, whatever LOG_LEVEL says.
  log.child({}, { level: 'info' }).info({ port: Number(new URL(server.url).port) }, 'ready');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: flushing writes');
    server
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('uncaughtException', (err) => {
    // Logged, not swallowed silently; a bug in one handler must not take every board down.
    log.fatal({ err }, 'uncaught exception');
  });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

main().catch((err) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
