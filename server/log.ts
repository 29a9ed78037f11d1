import pino from 'pino';

/**
 * The one logger of the server process. Structured JSON on stdout; modules take a child logger
 * (`log.child({ module: 'sync' })`) so every line says where it came from.
 */
export const log = pino({
  level: process.env.LOG_LEVEL || 'info',
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = pino.Logger;
