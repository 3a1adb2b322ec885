/** A boot module that cannot run as a program: the user's mistake, reported and skipped (never a kernel panic). */
export class ProgramError extends Error {}
