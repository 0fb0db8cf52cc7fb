import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the ledger's runtime role may do (README.md, "Database roles"). Records are INSERT and
 * SELECT only; working state gets UPDATE on the columns that change, and DELETE where rows go.
 * TRUNCATE, ALTER, DROP and every other column stay with the owner, whom migrations run as.
 */
export const RUNTIME_GRANTS: readonly { table: string; privileges: string; why: string }[] = [
  { table: 'transfers', privileges: 'SELECT, INSERT, UPDATE (status)', why: "a hold's status leaves pending once (trigger)" },
  { table: 'entries', privileges: 'SELECT, INSERT', why: 'record' },
  { table: 'chain_links', privileges: 'SELECT, INSERT', why: 'record' },
  { table: 'earn_rules', privileges: 'SELECT, INSERT', why: 'record: versions are never edited' },
  { table: 'earn_log', privileges: 'SELECT, INSERT', why: 'record: what each earn paid' },
  { table: 'reconciliation_runs', privileges: 'SELECT, INSERT', why: 'record: what each run found' },
  { table: 'inbox', privileges: 'SELECT, INSERT', why: 'record: a message applied stays applied' },
  {
    table: 'accounts',
    privileges: 'SELECT, INSERT, UPDATE (debits_posted, credits_posted, debits_pending, credits_pending, frozen)',
    why: 'the balance projection and the frozen flag',
  },
  { table: 'chain_head', privileges: 'SELECT, UPDATE (seq, hash)', why: 'the newest link, moved by each writer' },
  {
    table: 'outbox',
    privileges: 'SELECT, INSERT, UPDATE (published_at, attempts, last_error, parked_at), DELETE',
    why: 'delivery marks; published rows are purged after 7 days',
  },
];
const SEQUENCES = ['entries_id_seq', 'reconciliation_runs_id_seq', 'outbox_id_seq'];

/**
 * The runtime role and its rights. Its name (the user of the service's DATABASE_URL) and what
 * to do when it is missing (`login`, `nologin`, `never`) come as session settings of the
 * migration's connection (database/data-source.ts); without them (a bare TypeORM CLI run):
 * `goodloop_ledger_app`, created NOLOGIN. An existing role is left as it is (its LOGIN and
 * password are ops' business); roles belong to the cluster, so `down` revokes but never drops.
 *
 * Every table present is INSERT and SELECT for the runtime role (a record) unless listed
 * above, and default privileges do the same for every table a later migration creates (run by
 * the same owner), a record until its migration grants more. A table whose migration carries
 * an earlier timestamp but is applied after this one is covered by the default privileges;
 * one applied before it, by the blanket grant.
 * `ledger_runtime_role()` names the role for those migrations.
 */
export class RuntimeRoleGrants1796620000000 implements MigrationInterface {
  name = 'RuntimeRoleGrants1796620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      DECLARE
        v_role text := coalesce(nullif(current_setting('goodloop.ledger_runtime_role', true), ''), 'goodloop_ledger_app');
        v_create text := coalesce(nullif(current_setting('goodloop.ledger_runtime_role_create', true), ''), 'nologin');
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
          IF v_create = 'never' THEN
            RAISE EXCEPTION 'ledger: the runtime role % does not exist: create it first (CREATE ROLE % LOGIN PASSWORD ...)', v_role, v_role;
          END IF;
          BEGIN
            EXECUTE format('CREATE ROLE %I %s', v_role, CASE v_create WHEN 'login' THEN 'LOGIN' ELSE 'NOLOGIN' END);
          EXCEPTION
            -- Another database's migration created it at the same moment.
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
              RAISE EXCEPTION 'ledger: the runtime role % does not exist and % may not create it: create it first (CREATE ROLE % LOGIN PASSWORD ...)',
                v_role, current_user, v_role;
          END;
        END IF;
        EXECUTE format('CREATE FUNCTION ledger_runtime_role() RETURNS name LANGUAGE sql IMMUTABLE AS %L',
                       format('SELECT %L::name', v_role));
      END $$`);
    const [{ role, owner }] = (await queryRunner.query(`SELECT ledger_runtime_role() AS role, current_user AS owner`)) as [
      { role: string; owner: string },
    ];
    // A development set-up running the service as the owner: nothing to restrict (the service
    // refuses this outside development).
    if (role === owner) return;
    if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`ledger: unusual runtime role name "${role}"`);
    const r = `"${role}"`;
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`);
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${r}`);
    // Every table there is, whatever migration made it and in whatever order migrations ran,
    // starts as a record (as default privileges make later ones); then the exceptions.
    await queryRunner.query(`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO ${r}`);
    await queryRunner.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
    await queryRunner.query(`REVOKE ALL ON "migrations" FROM ${r}`);
    await queryRunner.query(`REVOKE INSERT ON "chain_head" FROM ${r}`);
    for (const grant of RUNTIME_GRANTS) await queryRunner.query(`GRANT ${grant.privileges} ON "${grant.table}" TO ${r}`);
    for (const sequence of SEQUENCES) await queryRunner.query(`GRANT USAGE ON SEQUENCE "${sequence}" TO ${r}`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO ${r}`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ${r}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ role, owner }] = (await queryRunner.query(`SELECT ledger_runtime_role() AS role, current_user AS owner`)) as [
      { role: string; owner: string },
    ];
    if (role !== owner) {
      const r = `"${role}"`;
      await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE ON SEQUENCES FROM ${r}`);
      await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT ON TABLES FROM ${r}`);
      await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`);
      await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${r}`);
      await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM ${r}`);
    }
    await queryRunner.query(`DROP FUNCTION "ledger_runtime_role"()`);
  }
}
