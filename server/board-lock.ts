/**
 * The one per-board lock of the process: tasks on one board run one at a time, in the order
 * they were queued; boards never wait for each other. Everything that reads server-held state
 * of a board and writes it back (poker, trim, the meeting, the attachment quota) runs under it,
 * so two events can never both pass a check before either is counted.
 */
export class BoardLock {
  /** The last task queued per board; gone when the board's queue is empty. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued on the board before it, settled or failed. */
  run<T>(boardId: string, task: () => Promise<T> | T): Promise<T> {
    const run = (this.tails.get(boardId) ?? Promise.resolve()).catch(() => undefined).then(task);
    this.tails.set(boardId, run);
    // Clean up on success and on refusal alike; `.finally` would re-reject unobserved.
    void run
      .catch(() => undefined)
      .then(() => {
        if (this.tails.get(boardId) === run) this.tails.delete(boardId);
      });
    return run;
  }

  /** Whether a task of the board is running or queued. */
  isBusy(boardId: string): boolean {
    return this.tails.has(boardId);
  }
}
