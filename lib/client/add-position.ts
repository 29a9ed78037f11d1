'use client';

/**
 * Where this person's new items go when no card is chosen: the bottom by default, so one new
 * idea never pushes the Ready runway down; the choice is remembered per browser.
 */
export type AddPosition = 'top' | 'bottom';

export const ADD_POSITION_STORAGE_KEY = 'refinery:add-position';
export const DEFAULT_ADD_POSITION: AddPosition = 'bottom';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage blocked (private mode)
  }
}

export function loadAddPosition(storage: KeyValueStorage | null = browserStorage()): AddPosition {
  try {
    return storage?.getItem(ADD_POSITION_STORAGE_KEY) === 'top' ? 'top' : DEFAULT_ADD_POSITION;
  } catch {
    return DEFAULT_ADD_POSITION;
  }
}

export function saveAddPosition(position: AddPosition, storage: KeyValueStorage | null = browserStorage()): void {
  try {
    storage?.setItem(ADD_POSITION_STORAGE_KEY, position);
  } catch {
    // Not remembered; the choice holds for this visit.
  }
}
