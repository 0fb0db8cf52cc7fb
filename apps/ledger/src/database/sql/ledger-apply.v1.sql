-- The posting engine, version 1, as PL/pgSQL. Migrations install it; a later change is a new
-- file and a new migration, never an edit of this one. Three files, installed in this order by
-- migration 1796169600000: ledger-chain.v1.sql, ledger-apply-one.v1.sql, this one.
--
-- Why in the database: a transfer touches two account rows, the transfer, two entries, an
-- outbox row and a chain link. Done statement by statement from Node that is eight round trips
-- holding two row locks; here it is one call, and a batch of a few hundred transfers (the Kafka
-- consumer's, or the HTTP requests that arrived together) is one call and one commit. The
-- rules the function applies are the ones apps/ledger/src/domain states and tests in
-- TypeScript; the function is their only writer.
--
-- `ledger_apply(accounts, commands)`:
--  1. creates the accounts named by key that do not exist yet (kind and flags come from the
--     caller, which derived them from the key: domain/account-keys.ts);
--  2. locks every account the batch touches — named ones, and those of the pending or posted
--     transfers that post, void or reverse commands refer to — in id order, `FOR NO KEY
--     UPDATE`, so two writers never wait on each other in a circle;
--  3. applies the commands in order (`ledger_apply_one`); the members of a linked group run in
--     a subtransaction and all of them are refused when one is;
--  4. writes `ledger.transfer.rejected.v1` for refused commands that asked for it;
--  5. links the new transfers into the hash chain (`ledger_chain`), taking the chain head last.
--
-- Every function here runs with hash and merge joins off. A batch is at most a thousand rows,
-- each found through a unique index; on a small or freshly analysed table the planner would
-- rather scan all accounts or transfers and hash them, which costs a millisecond per statement
-- today and grows with the tables. Nested loops over the indexes stay flat.
--
-- It returns one JSON result per command, in order: the transfer as stored (with `replayed`
-- when its id had been used with the same content), or `{status: 'rejected', reason, message}`.
-- A refusal never raises: the rest of the batch goes on.

CREATE FUNCTION ledger_apply(p_accounts jsonb, p_commands jsonb) RETURNS jsonb LANGUAGE plpgsql
  SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  v_n int := jsonb_array_length(p_commands);
  v_i int := 0;
  v_j int;
  v_k int;
  v_command jsonb;
  v_group text;
  v_res jsonb;
  v_results jsonb[] := '{}';
  v_members jsonb[];
  v_fail jsonb;
  v_fail_at int;
  v_new text[] := '{}';
  v_mark int;
  v_bulk record;
BEGIN
  -- 1. Accounts come into being when a valid command first names them; inserted in key order so
  --    that two writers creating the same accounts never wait on each other in a circle.
  INSERT INTO accounts (id, key, asset, kind, allow_negative)
  SELECT gen_random_uuid(), a.key, a.asset, a.kind, a.neg
    FROM jsonb_to_recordset(p_accounts) AS a(key text, asset text, kind text, neg boolean)
   WHERE NOT EXISTS (SELECT 1 FROM accounts x WHERE x.key = a.key AND x.asset = a.asset)
   ORDER BY a.key, a.asset
  ON CONFLICT (key, asset) DO NOTHING;

  -- 2. Every account the batch touches, locked in id order.
  PERFORM 1 FROM accounts
   WHERE id IN (
     SELECT x.id FROM accounts x
       JOIN jsonb_to_recordset(p_accounts) AS a(key text, asset text) ON x.key = a.key AND x.asset = a.asset
     UNION
     SELECT unnest(ARRAY[t.debit_account_id, t.credit_account_id]) FROM transfers t
      WHERE t.id IN (SELECT c->>'target' FROM jsonb_array_elements(p_commands) c WHERE c ? 'target'))
   ORDER BY id
     FOR NO KEY UPDATE;

  -- 3. The commands, in order: all at once when none can be refused, else one by one.
  SELECT * INTO v_bulk FROM ledger_apply_bulk(p_commands);
  IF v_bulk.results IS NOT NULL THEN
    PERFORM ledger_chain_link(v_bulk.ids, v_bulk.texts);
    RETURN v_bulk.results;
  END IF;
  WHILE v_i < v_n LOOP
    v_command := p_commands -> v_i;
    v_group := v_command->>'group';
    IF v_group IS NULL THEN
      v_res := ledger_apply_one(v_command);
      v_results := v_results || v_res;
      IF v_res ? 'new' THEN
        v_new := v_new || (v_command->>'id');
      END IF;
      v_i := v_i + 1;
    ELSE
      v_j := v_i;
      WHILE v_j < v_n AND (p_commands -> v_j ->> 'group') = v_group LOOP
        v_j := v_j + 1;
      END LOOP;
      v_mark := coalesce(array_length(v_new, 1), 0);
      v_members := '{}';
      v_fail := NULL;
      BEGIN
        FOR v_k IN v_i .. v_j - 1 LOOP
          v_res := ledger_apply_one(p_commands -> v_k);
          IF v_res->>'status' = 'rejected' THEN
            v_fail := v_res;
            v_fail_at := v_k;
            RAISE EXCEPTION 'linked transfer refused' USING ERRCODE = 'GL001';
          END IF;
          v_members := v_members || v_res;
          IF v_res ? 'new' THEN
            v_new := v_new || (p_commands -> v_k ->> 'id');
          END IF;
        END LOOP;
      EXCEPTION WHEN SQLSTATE 'GL001' THEN
        -- Everything the group wrote is undone; the ids it took are free again.
        v_new := v_new[1:v_mark];
      END;
      IF v_fail IS NULL THEN
        v_results := v_results || v_members;
      ELSE
        FOR v_k IN v_i .. v_j - 1 LOOP
          IF v_k = v_fail_at THEN
            v_results := v_results || v_fail;
          ELSE
            v_results := v_results || ledger_reject(p_commands -> v_k, 'LINKED_TRANSFER_FAILED',
              format('not applied: linked transfer %s was refused (%s: %s)',
                     v_fail->>'transferId', v_fail->>'reason', v_fail->>'message'));
          END IF;
        END LOOP;
      END IF;
      v_i := v_j;
    END IF;
  END LOOP;

  -- 4. Refusals the requester hears about on Kafka.
  FOR v_k IN 0 .. v_n - 1 LOOP
    IF v_results[v_k + 1]->>'status' = 'rejected' AND (p_commands -> v_k ->> 'emitRejected')::boolean THEN
      PERFORM ledger_emit(p_commands -> v_k, 'ledger.transfer.rejected.v1', coalesce(p_commands -> v_k ->> 'debit', 'ledger'),
        jsonb_build_object('transferId', v_results[v_k + 1]->>'transferId', 'reasonCode', v_results[v_k + 1]->>'reason',
                           'reason', left(v_results[v_k + 1]->>'message', 500), 'rejectedAt', ledger_iso(clock_timestamp())));
    END IF;
  END LOOP;

  -- 5. The chain, last: its head is the one lock every writer shares.
  PERFORM ledger_chain(v_new);

  RETURN to_jsonb(v_results);
END
$$;
