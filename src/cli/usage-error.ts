/** A command line that cannot be run; the message says why, and the usage follows it. */
export class UsageError extends Error {}
