/**
 * Why a file cannot be imported. Nothing of it is applied. `row` is the 1-based line of the
 * file (CSV) or the 1-based position in the array (JSON) where the problem is; `status` is the
 * HTTP status the API answers with (400 unless the file is too large or not text).
 */
export class ImportError extends Error {
  readonly row: number | null;
  readonly column: string | null;
  readonly status: 400 | 413 | 415;

  constructor(message: string, options: { row?: number; column?: string; status?: 400 | 413 | 415 } = {}) {
    super(message);
    this.name = 'ImportError';
    this.row = options.row ?? null;
    this.column = options.column ?? null;
    this.status = options.status ?? 400;
  }
}
