/** A storage that cannot be used as configured: one line for the operator, no stack trace, no secret. */
export class StorageStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageStartError';
  }
}
