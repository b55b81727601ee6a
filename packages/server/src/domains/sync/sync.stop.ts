// Orderly shutdown of long jobs: once a server's database is marked stopping, sync runs and bulk tag jobs on it
// stop at their next checkpoint and stay pending, to resume at the next start. Keyed by the database handle, so
// several Siyu instances in one process (tests) do not stop each other.
const stopping = new WeakSet<object>();

export class JobStopped extends Error {
  override name = "JobStopped";
}

export function markStopping(db: object): void {
  stopping.add(db);
}

export function isStopping(db: object): boolean {
  return stopping.has(db);
}
