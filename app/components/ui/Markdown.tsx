'use client';

import { useMemo, useState, type MouseEvent } from 'react';
import { REMOTE_IMAGE_ATTRIBUTE, renderMarkdown } from '@/lib/markdown';
import './markdown.css';

/**
 * Markdown written by anyone on the board, rendered only after sanitizing (lib/markdown.ts).
 * Images from other hosts arrive as "Show image from …" buttons; a click loads that one image
 * (its URL joins the set the HTML is rendered with).
 */
export function Markdown({ source, className = '' }: { source: string; className?: string }) {
  const [loadImages, setLoadImages] = useState<ReadonlySet<string>>(() => new Set());
  const html = useMemo(() => renderMarkdown(source, { loadImages }), [source, loadImages]);

  // One listener for every placeholder: the HTML is a string, so its buttons cannot carry
  // React handlers of their own.
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const button = (event.target as Element).closest(`button[${REMOTE_IMAGE_ATTRIBUTE}]`);
    const src = button?.getAttribute(REMOTE_IMAGE_ATTRIBUTE);
    if (!src) return;
    // The placeholder may sit inside a clickable card: the click is for the image only.
    event.stopPropagation();
    setLoadImages((current) => new Set(current).add(src));
  };

  return <div className={`markdown ${className}`} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
