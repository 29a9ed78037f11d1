/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Lets several builds (e.g. parallel worktrees or benches) live side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Turbopack keeps a cache of the build in .next/cache (on by default since Next 16.4): a second
  // build in the same checkout takes 5.6 s instead of 15.5 s here. A CI run builds once in a fresh
  // clone and never reads it back, and writing it cost 23 s of the suite's build (2 cores shared
  // with the tests; 27.4 vs 21.8 s of CPU alone), so a CI run (CI set, as playwright.config.ts
  // reads it) does not write it.
  experimental: { turbopackFileSystemCacheForBuild: !process.env.CI },
  // The custom server in server/ owns /yjs and /socket.io upgrades; Next only serves pages.
  // Yjs must be one copy per process: load it with Node's require, not bundled again.
  serverExternalPackages: ['yjs', 'y-protocols', 'y-websocket', 'lib0'],
  // A build made only to run some e2e specs while others edit other files in the same tree may
  // skip Next's type check (NEXT_SKIP_TYPECHECK=1); `npm run typecheck` and `npm test` still check.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' },
  // Source maps for the browser's chunks only when asked (NEXT_SOURCE_MAPS=1): to read a CPU
  // profile of bench:board by source file and function.
  productionBrowserSourceMaps: process.env.NEXT_SOURCE_MAPS === '1',
  // Board links carry their secret key in the query string: never leak it in a Referer.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          // A page of another site that opens one of ours gets no handle on it: it cannot
          // navigate it again and again without a click (each load opens the board's sockets).
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
