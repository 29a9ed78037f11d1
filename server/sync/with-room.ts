import type { Room } from './room';
import type { RoomRegistry } from './room-registry';

/**
 * Runs `work` on a board's live room (loaded first if it is not) and lets the room go again, so
 * a server-side read or write (an export, an import) works on the document everyone is
 * connected to and a change reaches them at once.
 */
export async function withRoom<T>(rooms: RoomRegistry, boardId: string, work: (room: Room) => Promise<T> | T): Promise<T> {
  let room: Room;
  try {
    room = await rooms.acquire(boardId);
  } catch (err) {
    // acquire forgets a board whose load failed; release this holder at once (as the sync endpoint does).
    rooms.release(boardId);
    throw err;
  }
  try {
    return await work(room);
  } finally {
    rooms.release(boardId);
  }
}
