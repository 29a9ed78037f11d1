/**
 * People one board's key may connect at once, unless the operator sets MAX_CONNECTIONS_PER_KEY
 * (server/config.ts): a meeting's lists that hold a person each (attendees, who sits poker out)
 * are capped at the configured value, this one where no configuration reaches: a full room
 * always fits, while a client minting names or voter tokens cannot grow lists that are stored
 * with the board and sent to everyone.
 */
export const DEFAULT_PEOPLE_PER_KEY = 500;
