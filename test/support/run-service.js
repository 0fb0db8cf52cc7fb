/**
 * Runs a service's main.ts straight from the TypeScript sources in a child process, compiling
 * each file with SWC as it is required (the same options as scripts/build.mjs) — for tests that
 * must kill a real service process (SIGKILL) and start it again.
 *
 *   node test/support/run-service.js apps/ledger/src/main.ts
 */
'use strict';
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '..', '..');
const aliases = {
  '@goodloop/contracts': 'libs/contracts/src',
  '@goodloop/common': 'libs/common/src',
  '@goodloop/money': 'libs/money/src',
  '@goodloop/assignment': 'libs/assignment/src',
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  for (const [alias, dir] of Object.entries(aliases)) {
    if (request === alias || request.startsWith(`${alias}/`)) {
      return resolve.call(this, join(root, dir, request.slice(alias.length)), parent, ...rest);
    }
  }
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

require('reflect-metadata');
require(join(root, process.argv[2]));
