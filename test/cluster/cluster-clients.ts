import pg from 'pg';
import type { Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { connectControl, emitWithAck, type Ack } from '../helpers/control-client';
import { trackPokerView, type PokerViewTracker } from '../helpers/poker-view';

/** A raw control socket that keeps every engine.io packet it receives, as an eavesdropper would. */
export interface Listener {
  socket: Socket;
  packets: string[];
  /** The poker view as the app would hold it (whole views and patches), followed from the first message. */
  poker: PokerViewTracker;
  send(event: string, payload: unknown): Promise<Ack>;
  /** Packets without the round's deck (it lists every card, so a card's name in it is no leak). */
  text(from?: number): string;
  close(): void;
}

export async function listen(url: string, boardId: string, key: string, name: string, voterToken?: string): Promise<Listener> {
  const socket = connectControl(url, boardId, key, { name, ...(voterToken ? { voterToken } : {}) });
  const packets: string[] = [];
  const poker = trackPokerView(socket);
  socket.io.on('open', () => {
    socket.io.engine.on('packet', (packet: { data?: unknown }) => {
      if (packet.data !== undefined) packets.push(typeof packet.data === 'string' ? packet.data : JSON.stringify(packet.data));
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    packets,
    poker,
    send: (event, payload) => emitWithAck(socket, event, payload),
    text: (from = 0) =>
      packets
        .slice(from)
        .map((p) => p.replace(/"deck":\[[^\]]*\]/g, '"deck":[]'))
        .join('\n'),
    close: () => socket.disconnect(),
  };
}

/** A server-held state as the cluster's one source of truth holds it (PostgreSQL). */
export async function storedControlState<T>(databaseUrl: string, boardId: string, name: string): Promise<T | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: T }>('SELECT value FROM control_state WHERE board_id = $1 AND name = $2', [boardId, name]);
    return rows[0]?.value ?? null;
  } finally {
    await client.end();
  }
}

/** Rows a board has in PostgreSQL's update log, and the document they make together. */
export async function storedUpdates(databaseUrl: string, boardId: string): Promise<{ rows: number; doc: Y.Doc }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ data: Buffer }>('SELECT data FROM updates WHERE board_id = $1 ORDER BY seq', [boardId]);
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, row.data);
    return { rows: rows.length, doc };
  } finally {
    await client.end();
  }
}

/** Polls until `read` gives a value `accept` takes. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)?.slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
