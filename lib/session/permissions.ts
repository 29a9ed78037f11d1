/**
 * What each role may do, as one rule per question, so the server, the client and the screens
 * never retype it (a spectator's page hides the buttons; the server refuses the writes).
 */
import type { Role } from './roles';

/** May write to the board document: everyone but a spectator (projector, read-only viewer). */
export function canEdit(role: Role): boolean {
  return role !== 'spectator';
}

/**
 * May vote in planning poker: everyone but a spectator. A projector never votes, and counting it
 * would block an auto-reveal for good.
 */
export function canVote(role: Role): boolean {
  return role !== 'spectator';
}
