/** Where services report what they could not do but went on without (an audit write that failed). pino's Logger fits. */
export interface ServiceLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Without a host logger: stderr, so a lost audit event is never silent. */
export const consoleLogger: ServiceLogger = {
  warn: (fields, message) => console.warn(message, fields),
  error: (fields, message) => console.error(message, fields),
};
