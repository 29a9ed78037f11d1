/**
 * The three roles a board key grants. Declared here, at the bottom of lib/, because every layer
 * above (board previews, meetings, poker views, the protocol) speaks of them.
 */
export const ROLES = ['facilitator', 'participant', 'spectator'] as const;
export type Role = (typeof ROLES)[number];

/** One open tab on a board, as the roster lists it. */
export interface Participant {
  /** socket id: one entry per open tab. */
  clientId: string;
  name: string;
  color: string;
  role: Role;
}
