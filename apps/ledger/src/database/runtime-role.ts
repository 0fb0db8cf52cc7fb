import type { DataSource } from 'typeorm';

/**
 * Tables of working state, whose rows the runtime role updates (README.md, "Database roles").
 * Every other table of the schema but `migrations` is a record: the runtime role may add and
 * read its rows, never rewrite them. A new working-state table is added here and to the README.
 */
export const WORKING_STATE_TABLES = ['accounts', 'chain_head', 'outbox'];

/**
 * What the service's own connection may do that it must not: be a superuser, own a ledger
 * table, or UPDATE, DELETE or TRUNCATE a record (a transfer's status aside, which a hold
 * changes once). Empty when the runtime role is as restricted as migration 1796620000000 made it.
 */
export async function runtimeRoleProblems(dataSource: DataSource): Promise<string[]> {
  const [{ tables }] = (await dataSource.query(
    `SELECT coalesce(array_agg(c.relname::text ORDER BY c.relname), '{}') AS tables FROM pg_class c
      WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND NOT (c.relname = ANY ($1::text[]))`,
    [[...WORKING_STATE_TABLES, 'migrations']],
  )) as [{ tables: string[] }];
  const rows = (await dataSource.query(
    `SELECT r.rolname AS role, r.rolsuper AS superuser,
            coalesce((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
                       WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND pg_get_userbyid(c.relowner) = r.rolname), '{}') AS owns,
            coalesce((SELECT array_agg(t || ' ' || p ORDER BY t, p) FROM unnest($1::text[]) AS t,
                             unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) AS p
                       WHERE has_table_privilege(r.rolname, t, p)), '{}') AS table_rights,
            coalesce((SELECT array_agg(a.attrelid::regclass::text || '.' || a.attname ORDER BY 1) FROM pg_attribute a
                       WHERE a.attrelid = ANY (SELECT t::regclass FROM unnest($1::text[]) AS t)
                         AND a.attnum > 0 AND NOT a.attisdropped
                         AND NOT (a.attrelid = 'transfers'::regclass AND a.attname = 'status')
                         AND has_column_privilege(r.rolname, a.attrelid, a.attnum, 'UPDATE')), '{}') AS column_rights
       FROM pg_roles r WHERE r.rolname = current_user`,
    [tables],
  )) as { role: string; superuser: boolean; owns: string[]; table_rights: string[]; column_rights: string[] }[];
  const row = rows[0];
  if (!row) return ['the runtime role is not visible in pg_roles'];
  const problems: string[] = [];
  if (row.superuser) problems.push(`${row.role} is a superuser`);
  if (row.owns.length > 0) problems.push(`${row.role} owns ${row.owns.join(', ')}`);
  if (row.table_rights.length > 0) problems.push(`${row.role} may ${row.table_rights.join(', ')}`);
  if (row.column_rights.length > 0) problems.push(`${row.role} may UPDATE ${row.column_rights.join(', ')}`);
  return problems;
}
