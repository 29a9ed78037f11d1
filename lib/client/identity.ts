'use client';

/** Who this browser is on every board: a display name and a colour, kept in localStorage. */
export interface Identity {
  name: string;
  color: string;
}

export const NAME_STORAGE_KEY = 'refinery:name';
export const COLOR_STORAGE_KEY = 'refinery:color';

/** Colours that keep AA contrast for white initials and read well as card rings on both themes. */
export const IDENTITY_COLORS = ['#e11d48', '#2563eb', '#16a34a', '#c2410c', '#7c3aed', '#0e7490', '#be185d', '#4d7c0f'];

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A stable colour for a name, so the same person keeps the same colour if storage is cleared. */
export function colorForName(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  return IDENTITY_COLORS[Math.abs(hash) % IDENTITY_COLORS.length];
}

export function loadIdentity(): Identity | null {
  try {
    const name = window.localStorage.getItem(NAME_STORAGE_KEY)?.trim();
    if (!name) return null;
    const stored = window.localStorage.getItem(COLOR_STORAGE_KEY);
    const color = stored && HEX.test(stored) ? stored : colorForName(name);
    return { name: name.slice(0, 40), color };
  } catch {
    return null; // storage blocked (private mode): ask every time
  }
}

export function saveIdentity(identity: Identity): void {
  try {
    window.localStorage.setItem(NAME_STORAGE_KEY, identity.name);
    window.localStorage.setItem(COLOR_STORAGE_KEY, identity.color);
  } catch {
    // Not remembered; the board still works for this visit.
  }
}

/**
 * Two initials from the letters of a name: its first and last word, or the first two letters
 * of a single word. Brackets, digits and other marks never become an initial ("Mia (PO)" → MP).
 */
export function initials(name: string): string {
  const words = (name.match(/\p{L}+/gu) ?? []).map((word) => Array.from(word));
  const first = words[0];
  if (!first) return '?';
  const last = words[words.length - 1];
  const second = words.length > 1 ? last[0] : first[1];
  return (first[0] + (second ?? '')).toUpperCase();
}
