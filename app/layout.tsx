import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Refinery',
  description: 'Live backlog refinement for the whole team',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
};

/** Applies the saved or OS colour scheme before first paint, so dark mode never flashes. */
const themeScript = `try{var t=localStorage.getItem('refinery:theme');if(t==='dark'||(!t&&matchMedia('(prefers-color-scheme: dark)').matches))document.documentElement.classList.add('dark')}catch(e){}`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Set per request by proxy.ts. Reading headers() also makes every page render per request,
  // which the nonce needs: a page prerendered at build time would carry no valid nonce.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
