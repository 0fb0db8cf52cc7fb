#!/usr/bin/env node
/**
 * Builds the backend (every app and lib under apps/ and libs/, except the web app) into dist/
 * with SWC — path aliases rewritten to relative requires, decorator metadata kept — and the web
 * app with Vite. Type checking is `npm run typecheck`'s job, not the build's.
 *
 *   node scripts/build.mjs            backend + web
 *   node scripts/build.mjs --backend  backend only
 */
import { transformFile } from '@swc/core';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|d)\.ts$/.test(entry.name)) yield full;
    else if (entry.name.endsWith('.sql')) yield full;
  }
}

async function buildBackend() {
  const started = Date.now();
  await rm(out, { recursive: true, force: true });
  const roots = [];
  for (const area of ['apps', 'libs']) {
    for (const name of await readdir(join(root, area))) {
      if (area === 'apps' && name === 'web') continue;
      roots.push(join(root, area, name, 'src'));
    }
  }
  let count = 0;
  let copied = 0;
  for (const dir of roots) {
    for await (const file of sources(dir)) {
      if (file.endsWith('.sql')) {
        // SQL that code reads at run time (the ledger's posting engine), beside the compiled module.
        const target = join(out, relative(root, file));
        await mkdir(dirname(target), { recursive: true });
        await copyFile(file, target);
        copied += 1;
        continue;
      }
      const { code, map } = await transformFile(file, {
        swcrc: false,
        sourceMaps: true,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
          baseUrl: root,
          paths: {
            '@goodloop/contracts': ['libs/contracts/src'],
            '@goodloop/contracts/*': ['libs/contracts/src/*'],
            '@goodloop/common': ['libs/common/src'],
            '@goodloop/common/*': ['libs/common/src/*'],
            '@goodloop/money': ['libs/money/src'],
            '@goodloop/assignment': ['libs/assignment/src'],
          },
        },
        module: { type: 'commonjs' },
      });
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
      if (map) await writeFile(`${target}.map`, map);
      count += 1;
    }
  }
  console.log(`backend: ${count} files compiled and ${copied} .sql files copied into dist/ in ${Date.now() - started} ms`);
}

function buildWeb() {
  const result = spawnSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log('web: built into apps/web/dist');
}

await buildBackend();
if (!process.argv.includes('--backend')) buildWeb();
