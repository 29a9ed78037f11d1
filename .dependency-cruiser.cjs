/**
 * The import rules of Refinery, checked by `npm run lint:deps` (part of `npm test`).
 *
 * lib/ is a stack; imports only go down (docs/DECISIONS.md, "lib/ is a stack"):
 *
 *   lib/client      connection, stores; React only in lib/client/hooks
 *   lib/protocol/   every socket.io event, its payload schema and its acknowledgement (index.ts);
 *                   the names and numbers on the wire, without zod (codes.ts)
 *   features        lib/poker, lib/meeting, lib/refinement (trim too), lib/import, lib/export
 *   lib/board       the doc: schema.ts (every stored name), readers, one file per concern
 *   lib/session     roles, permissions, ids, assertNever
 *
 * server/ adapts network and storage to lib; app/ renders. Neither imports the other, the
 * server never imports the client half of lib, and nothing imports in a circle (type-only
 * imports included: a cycle of types is still two files that cannot be read apart).
 */

/** Folders of the features layer (pure rules on top of the board). */
const FEATURES = '^lib/(poker|trim|meeting|refinement|import|export)/';

module.exports = {
  forbidden: [
    // ------------------------------------------------------------------------------------------
    // The whole tree

    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the files in it can only be read, tested and moved together.',
      from: { path: '^(app|lib|server)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that names no file or package: a typo, or a module that was moved.',
      from: { path: '^(app|lib|server)/' },
      to: { couldNotResolve: true },
    },

    // ------------------------------------------------------------------------------------------
    // lib/ as a stack

    {
      name: 'lib-not-to-app-or-server',
      severity: 'error',
      comment: 'lib/ is shared by the pages, the server and the tests: it never imports them.',
      from: { path: '^lib/' },
      to: { path: '^(app|server)/' },
    },
    {
      name: 'session-is-the-bottom',
      severity: 'error',
      comment: 'lib/session (roles, permissions, ids) imports nothing else of lib.',
      from: { path: '^lib/session/' },
      to: { path: '^lib/', pathNot: '^lib/session/' },
    },
    {
      name: 'board-only-down',
      severity: 'error',
      comment: 'lib/board imports only lib/board and lib/session: never a feature, the protocol or the client.',
      from: { path: '^lib/board/' },
      to: { path: '^lib/', pathNot: '^lib/(board|session)/' },
    },
    {
      name: 'features-only-down',
      severity: 'error',
      comment: 'Features (poker, trim, meeting, refinement, import) never import the protocol or the client.',
      from: { path: FEATURES },
      to: { path: '^lib/(protocol/|client/)' },
    },
    {
      name: 'protocol-not-to-client',
      severity: 'error',
      comment: 'The protocol declares the wire; the client sits on top of it.',
      from: { path: '^lib/protocol/' },
      to: { path: '^lib/client/' },
    },
    {
      name: 'browser-imports-no-schemas',
      severity: 'error',
      comment:
        "The browser's code takes the protocol's values from lib/protocol/codes.ts and only types from its index: the schemas (and zod) stay off the board's first load (issue 15).",
      from: { path: '^(app|lib/client)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^lib/protocol/index\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'lib-root-files-are-leaves',
      severity: 'error',
      comment: 'lib/csp.ts and lib/markdown.ts stand alone (the proxy and the pages use them).',
      from: { path: '^lib/[^/]+$' },
      to: { path: '^lib/', pathNot: '^lib/(csp|markdown)\\.ts$' },
    },
    {
      name: 'lib-folder-has-a-layer',
      severity: 'error',
      comment: 'Every folder of lib/ belongs to a layer of the stack: add a new one to the rules above (and to FEATURES).',
      from: { path: '^lib/[^/]+/', pathNot: '^lib/(session|board|poker|trim|meeting|refinement|import|export|protocol|client)/' },
      to: {},
    },
    {
      name: 'react-only-in-lib-client-hooks',
      severity: 'error',
      comment: 'lib/ is plain TypeScript for the server and the tests too; React lives in lib/client/hooks only.',
      from: { path: '^lib/', pathNot: '^lib/client/hooks/' },
      to: { path: '(^|/)node_modules/(@types/)?(react|react-dom)/' },
    },

    // ------------------------------------------------------------------------------------------
    // server/ and app/

    {
      name: 'server-not-to-app-or-client',
      severity: 'error',
      comment: 'The server never imports the pages or the browser half of lib (lib/client).',
      from: { path: '^server/' },
      to: { path: '^(app/|lib/client/)' },
    },
    {
      name: 'app-not-to-server',
      severity: 'error',
      comment: 'The pages are bundled apart from the server; what both need lives in lib/.',
      from: { path: '^app/' },
      to: { path: '^server/' },
    },

    // ==========================================================================================
    // app/ internal layering (screens -> feature components -> ui kit): rules go here.
    // ==========================================================================================
    //
    //   app/**/page.tsx, layout.tsx   routes (screens)
    //   app/components/shell, home     the page shells: board screen, projector, header, panels
    //   app/components/backlog, refinement, meeting, poker, projector   feature components
    //   app/components/ui              the kit: Modal, CollabText, icons, Markdown, style tokens
    //
    // Feature folders may use each other (the backlog shows refinement badges); no-circular
    // keeps that one-way.

    {
      name: 'app-components-folder-has-a-layer',
      severity: 'error',
      comment: 'Every file of app/components sits in a layer folder: add a new folder to these rules.',
      from: { path: '^app/components/', pathNot: '^app/components/(ui|shell|home|backlog|refinement|meeting|poker|projector)/' },
      to: {},
    },
    {
      name: 'components-not-to-routes',
      severity: 'error',
      comment: 'Routes (page.tsx, layout.tsx) render components; no component imports a route.',
      from: { path: '^app/components/' },
      to: { path: '^app/', pathNot: '^app/components/' },
    },
    {
      name: 'features-not-to-shell',
      severity: 'error',
      comment: 'Feature components are mounted by the shell; they never import it back.',
      from: { path: '^app/components/(backlog|refinement|meeting|poker|projector)/' },
      to: { path: '^app/components/(shell|home)/' },
    },
    {
      name: 'ui-imports-only-ui',
      severity: 'error',
      comment: 'The ui kit knows no feature and no shell: it imports only itself (and lib/).',
      from: { path: '^app/components/ui/' },
      to: { path: '^app/', pathNot: '^app/components/ui/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.next|\\.next-[^/]*|data|test-results|playwright-report)/' },
    // Type-only imports count: the layers hold for types as well as for code.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
