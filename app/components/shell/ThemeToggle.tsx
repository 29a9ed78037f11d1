'use client';

import { useEffect, useState } from 'react';
import { MoonIcon, SunIcon } from '../ui/icons';
import { iconButton } from '../ui/styles';

export const THEME_STORAGE_KEY = 'refinery:theme';

/** Toggles html.dark and remembers the choice (layout.tsx applies it before first paint). */
export function ThemeToggle({ className = iconButton }: { className?: string }) {
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.classList.contains('dark')), []);

  function toggle() {
    const next = !dark;
    document.documentElement.classList.toggle('dark', next);
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next ? 'dark' : 'light');
    } catch {
      // Not remembered; applies to this page only.
    }
    setDark(next);
  }

  return (
    <button
      type="button"
      onClick={toggle}
      className={className}
      aria-label={dark ? 'Switch to light mode' : 'Switch to dark mode'}
      title="Toggle dark mode"
    >
      {dark ? <SunIcon /> : <MoonIcon />}
    </button>
  );
}
