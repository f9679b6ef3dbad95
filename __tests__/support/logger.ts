import type { Logger } from '../../src/lib/logger.js';

/** One recorded log call. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warning' | 'error' | 'group';
  message: string;
}

/** A Logger that records every call, for assertions on messages. */
export interface RecordingLogger extends Logger {
  entries: LogEntry[];
  /** Every message, one per line, for substring assertions. */
  text(): string;
}

/** Returns a logger that records instead of printing. */
export function recordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  return {
    entries,
    text: () => entries.map((e) => `${e.level}: ${e.message}`).join('\n'),
    debug: (message) => entries.push({ level: 'debug', message }),
    info: (message) => entries.push({ level: 'info', message }),
    warning: (message) => entries.push({ level: 'warning', message }),
    error: (message) => entries.push({ level: 'error', message }),
    group: async (message, fn) => {
      entries.push({ level: 'group', message });
      return fn();
    },
  };
}
