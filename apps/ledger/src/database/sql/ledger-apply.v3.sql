-- The posting engine, version 3: version 2 (ledger-apply.v2.sql) with refusals that stick.
-- Installed by migration 1796610000000, which replaces version 2's `ledger_apply`; a later
-- change is a new file and a new migration, never an edit of this one.
--
-- An id the ledger refused and reported refused stays refused. Version 2 refused a command and
-- forgot it: the id stayed free, so the same command delivered again (a Kafka redelivery after
-- a crash between the commit of `ledger.transfer.rejected.v1`'s outbox row and the offset
-- commit, an HTTP retry) posted if the reason had gone away in between (the wallet topped up,
-- the account unfrozen) — after its requester had been told "rejected". Now a refusal of a
-- command that asks for it (`record`: HTTP callers and Kafka requesters; not earns, expiry or
-- timeouts, whose refusals are retried later by design) is written to `transfer_refusals` in the
-- same transaction as the rejected event, and:
--
-- - the same command again (same hash) gets the stored refusal, `replayed: true`, and no
--   second rejected event (the first is in the outbox, committed with the row; a refusal first
--   given over HTTP, which no event announced, is announced to a Kafka requester, each time
--   with the same payload);
-- - another command under the id is TRANSFER_ID_CONFLICT, as for an id a transfer holds;
-- - it never posts: the ids of a call are looked up once (one index scan for the batch); a
--   batch with none of them skips every per-command lookup and may take the bulk path, which
--   is unchanged from version 2. A refusal recorded during the call turns the per-command
--   lookups on for the rest of it, so a later command of the same batch under that id is
--   answered from the row too.
--
-- `ledger_apply_one`, `ledger_apply_bulk` and the chain are version 2's.

/**
 * The stored answer for a command whose id was refused before: the refusal itself when the
 * command is the same (same hash), with when it was refused and whether a rejected event
 * announced it, else TRANSFER_ID_CONFLICT. NULL when the id was not refused.
 */
CREATE FUNCTION ledger_refused(p_command jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN r.content_hash = p_command->>'hash'
           THEN jsonb_build_object('transferId', r.transfer_id, 'status', 'rejected', 'reason', r.reason_code,
                                   'message', r.message, 'replayed', true, 'refusedAt', ledger_iso(r.refused_at),
                                   'announced', r.message_id IS NOT NULL)
           ELSE ledger_reject(p_command, 'TRANSFER_ID_CONFLICT',
                  format('transfer id %s was refused (%s) for another transfer; a refused id stays refused',
                         r.transfer_id, r.reason_code))
         END
    FROM transfer_refusals r
   WHERE r.transfer_id = p_command->>'id'
$$;

/**
 * Records the refusal `p_result` of `p_command` when the command asks for it (`record`) and it
 * is a first refusal (not a replayed one, not a conflict over an id already held). Answers
 * NULL (nothing to record), 'recorded', 'repeat' (the same command was recorded first by a
 * concurrent call: its rejected event is that call's) or 'taken' (the id is held by another
 * command's refusal or by a transfer). Also used for the refusals TypeScript decides before a
 * command reaches the engine (an invalid command), with the same JSON shapes.
 */
CREATE FUNCTION ledger_refuse(p_command jsonb, p_result jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_id text;
BEGIN
  IF p_result->>'status' IS DISTINCT FROM 'rejected'
     OR NOT coalesce((p_command->>'record')::boolean, false)
     OR coalesce((p_result->>'replayed')::boolean, false)
     OR p_result->>'reason' = 'TRANSFER_ID_CONFLICT' THEN
    RETURN NULL;
  END IF;
  INSERT INTO transfer_refusals (transfer_id, reason_code, message, content_hash, op, caused_by, message_id)
  SELECT p_command->>'id', p_result->>'reason', p_result->>'message', p_command->>'hash', p_command->>'op',
         coalesce(p_command->>'causedBy', 'ledger'),
         CASE WHEN coalesce((p_command->>'emitRejected')::boolean, false) THEN (p_command->>'msgId')::uuid END
   WHERE NOT EXISTS (SELECT 1 FROM transfers t WHERE t.id = p_command->>'id')
  ON CONFLICT (transfer_id) DO NOTHING
  RETURNING transfer_id INTO v_id;
  IF v_id IS NOT NULL THEN
    RETURN 'recorded';
  END IF;
  IF EXISTS (SELECT 1 FROM transfer_refusals r WHERE r.transfer_id = p_command->>'id' AND r.content_hash = p_command->>'hash') THEN
    RETURN 'repeat';
  END IF;
  RETURN 'taken';
END
$$;

CREATE FUNCTION ledger_apply(p_accounts jsonb, p_commands jsonb, p_messages jsonb) RETURNS jsonb LANGUAGE plpgsql
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
  v_outcomes text[] := '{}';
  v_members jsonb[];
  v_fail jsonb;
  v_fail_at int;
  v_new text[] := '{}';
  v_mark int;
  v_bulk record;
  v_check boolean;
  v_stored boolean;
  v_outcome text;
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

  -- 3. Ids refused before, looked up once for the whole batch, after the locks: a refusal that
  --    a concurrent call wrote for the same accounts is committed by now.
  --    `= ANY(array)` makes it one scan of the primary key for all the ids, whatever the
  --    planner thinks of the table's size (an `IN (subquery)` could be planned as a scan of the
  --    table per id: measured ~9 % of a 1,000-command bulk call with a few hundred rows).
  v_check := EXISTS (SELECT 1 FROM transfer_refusals r
                      WHERE r.transfer_id = ANY (ARRAY(SELECT c->>'id' FROM jsonb_array_elements(p_commands) c)));

  -- 4. The commands, in order: all at once when none can be refused, else one by one.
  IF NOT v_check THEN
    SELECT * INTO v_bulk FROM ledger_apply_bulk(p_commands, p_messages);
    IF v_bulk.results IS NOT NULL THEN
      PERFORM ledger_chain_link(v_bulk.ids, v_bulk.texts);
      RETURN v_bulk.results;
    END IF;
  END IF;
  WHILE v_i < v_n LOOP
    v_command := p_commands -> v_i;
    v_group := v_command->>'group';
    IF v_group IS NULL THEN
      v_res := CASE WHEN v_check THEN ledger_refused(v_command) END;
      IF v_res IS NULL THEN
        v_res := ledger_apply_one(v_command, p_messages);
      END IF;
      v_results := v_results || v_res;
      IF v_res ? 'new' THEN
        v_new := v_new || (v_command->>'id');
      END IF;
      v_j := v_i + 1;
    ELSE
      v_j := v_i;
      WHILE v_j < v_n AND (p_commands -> v_j ->> 'group') = v_group LOOP
        v_j := v_j + 1;
      END LOOP;
      -- A group with a refused id is refused as a whole without being tried: its refused
      -- members answer from their rows, the others LINKED_TRANSFER_FAILED.
      v_stored := false;
      v_members := '{}';
      IF v_check THEN
        FOR v_k IN v_i .. v_j - 1 LOOP
          v_res := ledger_refused(p_commands -> v_k);
          v_members := v_members || v_res;
          v_stored := v_stored OR v_res IS NOT NULL;
        END LOOP;
      END IF;
      IF v_stored THEN
        FOR v_k IN v_i .. v_j - 1 LOOP
          v_results := v_results || coalesce(v_members[v_k - v_i + 1], ledger_reject(p_commands -> v_k, 'LINKED_TRANSFER_FAILED',
            format('not applied: a transfer linked with it was refused before (%s)',
                   (SELECT string_agg(format('%s: %s', m->>'transferId', m->>'reason'), ', ')
                      FROM unnest(v_members) m WHERE m IS NOT NULL))));
        END LOOP;
      ELSE
        v_mark := coalesce(array_length(v_new, 1), 0);
        v_members := '{}';
        v_fail := NULL;
        BEGIN
          FOR v_k IN v_i .. v_j - 1 LOOP
            v_res := ledger_apply_one(p_commands -> v_k, p_messages);
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
      END IF;
    END IF;
    -- The unit's refusals are recorded at once, so a later command of this batch under one of
    -- its ids is answered from the row (not posted because the state changed in between).
    FOR v_k IN v_i .. v_j - 1 LOOP
      CONTINUE WHEN v_results[v_k + 1]->>'status' <> 'rejected';
      v_outcome := ledger_refuse(p_commands -> v_k, v_results[v_k + 1]);
      v_outcomes[v_k + 1] := v_outcome;
      IF v_outcome = 'recorded' THEN
        v_check := true;
      END IF;
    END LOOP;
    v_i := v_j;
  END LOOP;

  -- 5. Refusals the requester hears about on Kafka: once per refused id (a stored refusal
  --    answered again, or recorded first by a concurrent call, was announced then). A stored
  --    refusal no event announced (it was refused over HTTP) is announced to a Kafka requester,
  --    with the stored time, so every such event of one id carries the same payload.
  FOR v_k IN 0 .. v_n - 1 LOOP
    IF v_results[v_k + 1]->>'status' = 'rejected' AND (p_commands -> v_k ->> 'emitRejected')::boolean
       AND NOT coalesce((v_results[v_k + 1]->>'announced')::boolean, false)
       AND v_outcomes[v_k + 1] IS DISTINCT FROM 'repeat' THEN
      PERFORM ledger_emit(p_commands -> v_k, p_messages->'rejected', coalesce(p_commands -> v_k ->> 'debit', 'ledger'),
        jsonb_build_object('transferId', v_results[v_k + 1]->>'transferId', 'reasonCode', v_results[v_k + 1]->>'reason',
                           'reason', left(v_results[v_k + 1]->>'message', 500),
                           'rejectedAt', coalesce(v_results[v_k + 1]->>'refusedAt',
                                                  -- a refusal recorded now carries the transaction's time, as its row
                                                  CASE WHEN v_outcomes[v_k + 1] = 'recorded' THEN ledger_iso(now())
                                                       ELSE ledger_iso(clock_timestamp()) END)));
    END IF;
  END LOOP;

  -- 6. The chain, last: its head is the one lock every writer shares.
  PERFORM ledger_chain(v_new);

  RETURN to_jsonb(v_results);
END
$$;
