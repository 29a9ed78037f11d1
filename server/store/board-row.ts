import type { BoardRecord } from './store';

/** A `boards` row as both stores lay it out (same columns in SQLite and PostgreSQL). */
export function boardFromRow(row: Record<string, unknown>): BoardRecord {
  return {
    id: String(row.id),
    title: String(row.title),
    createdAt: Number(row.created_at),
    keyHashes: {
      facilitator: String(row.facilitator_hash),
      participant: String(row.participant_hash),
      spectator: String(row.spectator_hash),
    },
  };
}
