import pino, { type Logger } from 'pino';

/** Structured JSON logs; child loggers carry job/task/instance ids. */
export function createLogger(level: string, name = 'marina'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
