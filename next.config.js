/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server in server/ owns /yjs and /socket.io upgrades; Next only serves pages.
};

module.exports = nextConfig;
