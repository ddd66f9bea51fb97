/** The embedded Postgres could not start: one line for the operator, naming the cause. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}
