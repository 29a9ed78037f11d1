'use client';

// Which item's details are open: a tiny shared store, so a card anywhere can open the drawer
// that the refinement panels render.

let openId: string | null = null;
const listeners = new Set<() => void>();

export function openItemDetails(itemId: string | null): void {
  openId = itemId;
  for (const listener of listeners) listener();
}

export function getOpenItemId(): string | null {
  return openId;
}

export function subscribeOpenItem(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
