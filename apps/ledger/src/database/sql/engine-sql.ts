import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The versioned files of the posting engine, in this folder; a new version is a new name. */
export type EngineSqlFile =
  'ledger-chain.v1' | 'ledger-chain.v2' | 'ledger-apply-one.v1' | 'ledger-apply.v1' | 'ledger-apply.v2' | 'ledger-apply.v3';

/**
 * Reads one of the posting engine's `.sql` files, for the migration that installs it. Read
 * when the migration runs (at start), from beside this module: scripts/build.mjs copies the
 * `.sql` files into dist/ next to the compiled code.
 */
export function engineSql(file: EngineSqlFile): string {
  return readFileSync(join(__dirname, `${file}.sql`), 'utf8');
}
