'use client';

import { useMemo } from 'react';
import { renderMarkdown } from '@/lib/markdown';
import './markdown.css';

/** Markdown written by anyone on the board, rendered only after sanitizing (lib/markdown.ts). */
export function Markdown({ source, className = '' }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
