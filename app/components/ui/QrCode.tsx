'use client';

import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** A QR code of a link, so people in the room can join from their phones. Rendered as SVG. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, color: { dark: '#0f172a', light: '#ffffff' } })
      .then((markup) => {
        if (!cancelled) setSvg(markup);
      })
      .catch(() => setSvg(null));
    return () => {
      cancelled = true;
    };
  }, [text]);
  if (!svg) return <div className="h-40 w-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" aria-hidden="true" />;
  return (
    <img
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={label}
      width={160}
      height={160}
      data-testid="participant-qr"
      className="h-40 w-40 rounded-lg bg-white p-1 ring-1 ring-slate-200 dark:ring-slate-700"
    />
  );
}
