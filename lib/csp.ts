/**
 * The Content-Security-Policy of the app's pages. Built per request by `proxy.ts` with a fresh
 * nonce; Next reads the nonce back from the request's CSP header and puts it on its own scripts,
 * and the root layout puts it on the theme script.
 */

/** 18 random bytes, base64: unguessable, and a whole number of base64 characters. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(nonce)) throw new Error('a CSP nonce must be base64');
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // 'strict-dynamic': scripts that a nonced script loads (Next's chunks, `next/dynamic`) are
    // trusted; host lists and 'self' are then ignored by browsers that know it. React needs
    // eval only for its development-time stack reconstruction.
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    // React renders `style={…}` (avatar colours, virtual-list offsets, drag transforms) as style
    // attributes in the server's HTML, which a nonce cannot cover; a style cannot run script.
    'style-src': ["'self'", "'unsafe-inline'"],
    // https: only for the Markdown images a reader chose to load (lib/markdown.ts keeps every
    // other-host image behind a click); data: for the QR code, blob: for local previews.
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'"],
    // 'self' covers ws:/wss: to this origin (CSP3, every current browser): /yjs and /socket.io.
    'connect-src': ["'self'"],
    // The app's service worker (server/http/service-worker.ts): workers from this origin only,
    // stated rather than left to script-src, whose 'self' 'strict-dynamic' browsers read apart.
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
