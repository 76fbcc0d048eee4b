import pino, { type Logger } from 'pino';
import { errorForLog } from './log-safety';

/**
 * Structured JSON logs; child loggers carry job/task/instance ids. Errors logged under `err` or
 * `error` go through errorForLog, so database errors never put SQL values into the log.
 */
export function createLogger(level: string, name = 'marina', destination?: pino.DestinationStream): Logger {
  const options = {
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: errorForLog, error: errorForLog },
  };
  return destination ? pino(options, destination) : pino(options);
}
