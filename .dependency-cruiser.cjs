// The "may import" column of DESIGN.md, enforced: a leak between runtimes fails `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'common-is-pure',
      comment: 'electron/common is the contract: zod only, no Node, DOM, Electron or other layers.',
      severity: 'error',
      from: { path: '^electron/common/' },
      to: { pathNot: ['^electron/common/', 'node_modules/zod/'] },
    },
    {
      name: 'core-imports-common-and-agent-protocol',
      comment:
        'electron/core may import common, the agent protocol, Node and npm packages, never main/server/renderer.',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: { path: ['^electron/(main|preload|server|cli)/', '^renderer/', '^installer-agent/(?!src/protocol/)'] },
    },
    {
      name: 'core-no-electron',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: { path: 'node_modules/electron/' },
    },
    {
      name: 'server-no-electron-or-ui',
      comment: 'web mode runs in plain Node: core and common only.',
      severity: 'error',
      from: { path: '^electron/server/' },
      to: { path: ['^electron/(main|preload)/', '^renderer/', 'node_modules/electron/', '^installer-agent/'] },
    },
    {
      name: 'cli-no-electron-or-ui',
      comment: 'the command line runs in plain Node, a composition root over core and common like web mode.',
      severity: 'error',
      from: { path: '^electron/cli/' },
      to: { path: ['^electron/(main|preload|server)/', '^renderer/', 'node_modules/electron/', '^installer-agent/'] },
    },
    {
      name: 'main-no-ui',
      severity: 'error',
      from: { path: '^electron/main/' },
      to: { path: ['^electron/(preload|server)/', '^renderer/', '^installer-agent/'] },
    },
    {
      name: 'preload-common-and-electron-only',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { pathNot: ['^electron/preload/', '^electron/common/', 'node_modules/(zod|electron)/'] },
    },
    {
      name: 'renderer-common-only',
      comment: 'the renderer talks to the backend only through the contract (types and schemas).',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^electron/(core|main|preload|server)/', '^installer-agent/', 'node_modules/electron/'] },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'agent-self-contained',
      comment: 'the installer agent runs on instances: nothing from the app.',
      severity: 'error',
      from: { path: '^installer-agent/' },
      to: { path: ['^electron/', '^renderer/'] },
    },
    {
      name: 'no-circular',
      comment: 'a cycle through type-only imports is erased at compile time and does not count.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', 'vite\\.config\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
