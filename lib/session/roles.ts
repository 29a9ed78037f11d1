/**
 * The three roles a board key grants. Declared here, at the bottom of lib/, because every layer
 * above (board previews, meetings, poker views, the protocol) speaks of them.
 */
export const ROLES = ['facilitator', 'participant', 'spectator'] as const;
export type Role = (typeof ROLES)[number];

/** How a role is named to people: the spectator's seat is the room's projector. */
export const ROLE_NAME: Record<Role, string> = { facilitator: 'facilitator', participant: 'participant', spectator: 'projector' };

/** The name shown for someone who gave none: a spectator is the room's projector, anyone else a guest. */
export function defaultName(role: Role): string {
  return role === 'spectator' ? 'Projector' : 'Guest';
}

/** One open tab on a board, as the roster lists it. */
export interface Participant {
  /** socket id: one entry per open tab. */
  clientId: string;
  name: string;
  color: string;
  role: Role;
}
