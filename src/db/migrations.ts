/**
 * Where a store's schema stands against the migrations this build ships.
 * (Filled in by the migrate command's work: status, apply, and refusing a newer schema.)
 */
export class SchemaTooNewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaTooNewError';
  }
}
