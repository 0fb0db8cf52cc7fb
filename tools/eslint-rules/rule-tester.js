/**
 * ESLint's RuleTester set up for the project's TypeScript (decorators, type-only imports). Files
 * are named under the repository, because several rules decide by where a file lives. With
 * `typed`, a default project gives the rule type information; its files must then sit in this
 * folder (the default project only takes files next to it).
 */
const path = require('node:path');
const { RuleTester } = require('eslint');
const parser = require('@typescript-eslint/parser');

const ROOT = path.resolve(__dirname, '..', '..');

function ruleTester({ typed = false } = {}) {
  return new RuleTester({
    languageOptions: {
      parser,
      parserOptions: typed ? { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: __dirname } : {},
    },
  });
}

/** An absolute file name inside the repository. */
function repoFile(relative) {
  return path.join(ROOT, relative);
}

module.exports = { ruleTester, repoFile, ROOT };
