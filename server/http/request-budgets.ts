import type { ServerLimits } from '../config';
import { BucketMap } from '../limits/token-bucket';

export type BudgetCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Per-address budgets for the HTTP actions that cost disk or server time: creating a board,
 * uploading an attachment (an import is counted as one) and exporting a backlog. A full minute's
 * allowance may be spent at once (a facilitator preparing several boards, a participant dropping
 * a batch of screenshots), then it refills steadily.
 */
export class RequestBudgets {
  private readonly boardCreates: BucketMap;
  private readonly uploads: BucketMap;
  private readonly exports: BucketMap;

  constructor(limits: Pick<ServerLimits, 'boardCreatesPerMinute' | 'uploadsPerMinute' | 'exportsPerMinute'>) {
    this.boardCreates = new BucketMap(limits.boardCreatesPerMinute / 60, limits.boardCreatesPerMinute);
    this.uploads = new BucketMap(limits.uploadsPerMinute / 60, limits.uploadsPerMinute);
    this.exports = new BucketMap(limits.exportsPerMinute / 60, limits.exportsPerMinute);
  }

  takeBoardCreate(address: string, now = Date.now()): BudgetCheck {
    return take(this.boardCreates, address, now);
  }

  takeUpload(address: string, now = Date.now()): BudgetCheck {
    return take(this.uploads, address, now);
  }

  takeExport(address: string, now = Date.now()): BudgetCheck {
    return take(this.exports, address, now);
  }
}

function take(map: BucketMap, address: string, now: number): BudgetCheck {
  const bucket = map.get(address, now);
  if (bucket.tryTake(1, now)) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(bucket.msUntil(1, now) / 1000)) };
}
