-- The posting engine, version 2: version 1 (ledger-apply.v1.sql, ledger-apply-one.v1.sql) with
-- the envelope of the messages it writes decided in TypeScript. Installed by migration
-- 1796256000000, which drops version 1's entry points; a later change is a new file and a new
-- migration, never an edit of this one.
--
-- Version 1 wrote `'type', 'ledger.transfer.posted.v1', 'version', 1, 'producer', 'ledger'`
-- into each envelope itself: a second place, besides libs/contracts' `createEnvelope`, that
-- decided what an envelope holds. Now every entry point takes `p_messages`, one envelope
-- template per kind of message (`{posted, reserved, voided, rejected}`, each `{type, version,
-- producer}` from `envelopeTemplate`, built once by the ledger engine), and adds only what the
-- posting knows: the message id and correlation the command carries, the time, the payload.
-- What the functions do is otherwise unchanged; see ledger-apply.v1.sql for why and how.
--
-- `ledger_apply(accounts, commands, messages)` returns one JSON result per command, in order.

CREATE OR REPLACE FUNCTION ledger_iso(p_at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

/**
 * One message into the outbox. `p_message` is the envelope's fixed part as TypeScript built it
 * (`envelopeTemplate`: type, version, producer); this adds what only the posting knows.
 */
CREATE FUNCTION ledger_emit(p_command jsonb, p_message jsonb, p_key text, p_payload jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO outbox (message_id, topic, key, envelope)
  VALUES ((p_command->>'msgId')::uuid, p_message->>'type', p_key,
          jsonb_strip_nulls(p_message || jsonb_build_object(
            'id', p_command->>'msgId', 'occurredAt', ledger_iso(clock_timestamp()),
            'correlationId', p_command->>'correlationId', 'causationId', p_command->>'causationId',
            'payload', jsonb_strip_nulls(p_payload))))
$$;

CREATE OR REPLACE FUNCTION ledger_reject(p_command jsonb, p_reason text, p_message text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('transferId', p_command->>'id', 'status', 'rejected', 'reason', p_reason, 'message', p_message)
$$;

/** A stored transfer as the API answers it. */
CREATE OR REPLACE FUNCTION ledger_result(p_id text, p_replayed boolean) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
           'transferId', t.id, 'op', t.op, 'status', t.status, 'replayed', p_replayed,
           'postedAt', ledger_iso(t.created_at), 'debitAccount', d.key, 'creditAccount', c.key,
           'asset', t.asset, 'amount', t.amount, 'code', t.code, 'pendingId', t.pending_id,
           'reversesId', t.reverses_id, 'timeoutAt', ledger_iso(t.timeout_at), 'expiresAt', ledger_iso(t.expires_at),
           'linkedGroup', t.linked_group))
    FROM transfers t
    JOIN accounts d ON d.id = t.debit_account_id
    JOIN accounts c ON c.id = t.credit_account_id
   WHERE t.id = p_id
$$;

/** The id is taken: the first answer again when the content is the same, else a conflict. */
CREATE OR REPLACE FUNCTION ledger_repeat(p_command jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_row record;
BEGIN
  SELECT t.content_hash, t.op, t.asset, t.amount, t.code, d.key AS debit_key, c.key AS credit_key INTO v_row
    FROM transfers t
    JOIN accounts d ON d.id = t.debit_account_id
    JOIN accounts c ON c.id = t.credit_account_id
   WHERE t.id = p_command->>'id';
  IF v_row.content_hash = p_command->>'hash' THEN
    RETURN ledger_result(p_command->>'id', true);
  END IF;
  RETURN ledger_reject(p_command, 'TRANSFER_ID_CONFLICT',
    format('transfer id %s is already used by another transfer (%s: %s %s %s → %s, %s)',
           p_command->>'id', v_row.op, v_row.amount, v_row.asset, v_row.debit_key, v_row.credit_key, v_row.code));
END
$$;


/**
 * The fast path for the common batch: plain transfers with fresh, distinct ids, no linked
 * group, no frozen account, and every non-negative debit account able to pay the batch's total
 * debits whatever their order. Then no command can be refused and the batch is written with one
 * statement per table instead of one per transfer; running balances come from a window sum in
 * command order. Any other batch takes the command-by-command path: same result, slower.
 */
CREATE FUNCTION ledger_apply_bulk(p_commands jsonb, p_messages jsonb, OUT results jsonb, OUT ids text[], OUT texts text[]) LANGUAGE plpgsql
  SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  v_ok boolean;
BEGIN
  WITH c AS (
    SELECT x.c->>'id' AS id, x.c->>'op' AS op, x.c ? 'group' AS grouped, x.c->>'debit' AS debit,
           x.c->>'credit' AS credit, x.c->>'asset' AS asset, (x.c->>'amount')::bigint AS amount
      FROM jsonb_array_elements(p_commands) AS x(c)
  )
  SELECT bool_and(c.op = 'transfer' AND NOT c.grouped)
         AND count(DISTINCT c.id) = count(*)
         AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.id IN (SELECT id FROM c))
         AND NOT EXISTS (SELECT 1 FROM accounts a JOIN c ON a.asset = c.asset AND a.key IN (c.debit, c.credit) WHERE a.frozen)
         AND NOT EXISTS (
           SELECT 1 FROM (SELECT debit, asset, sum(amount) AS total FROM c GROUP BY debit, asset) x
             JOIN accounts a ON a.key = x.debit AND a.asset = x.asset
            WHERE NOT a.allow_negative AND a.credits_posted - a.debits_posted - a.debits_pending < x.total)
    INTO v_ok
    FROM c;
  IF NOT coalesce(v_ok, false) THEN
    RETURN;
  END IF;

  WITH c AS (
    SELECT (x.ord - 1)::int AS i, x.c AS cmd, x.c->>'id' AS id, x.c->>'asset' AS asset,
           (x.c->>'amount')::bigint AS amount, x.c->>'code' AS code, coalesce(x.c->'refs', '{}'::jsonb) AS refs,
           (x.c->>'expiresAt')::timestamptz AS expires_at, coalesce(x.c->>'causedBy', 'ledger') AS caused_by,
           d.id AS d_id, d.key AS d_key, k.id AS c_id, k.key AS c_key
      FROM jsonb_array_elements(p_commands) WITH ORDINALITY AS x(c, ord)
      JOIN accounts d ON d.key = x.c->>'debit' AND d.asset = x.c->>'asset'
      JOIN accounts k ON k.key = x.c->>'credit' AND k.asset = x.c->>'asset'
  ),
  ins AS (
    INSERT INTO transfers (id, op, debit_account_id, credit_account_id, asset, amount, code, status, "references",
                           content_hash, expires_at, caused_by)
    SELECT id, 'transfer', d_id, c_id, asset, amount, code, 'posted', refs, cmd->>'hash', expires_at, caused_by
      FROM c ORDER BY i
    RETURNING id
  ),
  legs AS (
    SELECT i, 0 AS side, id, d_id AS account_id, asset, -amount AS amount FROM c
    UNION ALL
    SELECT i, 1 AS side, id, c_id AS account_id, asset, amount FROM c
  ),
  running AS (
    SELECT l.*, a.credits_posted - a.debits_posted
                + sum(l.amount) OVER (PARTITION BY l.account_id ORDER BY l.i, l.side ROWS UNBOUNDED PRECEDING) AS balance_after
      FROM legs l JOIN accounts a ON a.id = l.account_id
  ),
  ent AS (
    INSERT INTO entries (transfer_id, account_id, asset, amount, balance_after)
    SELECT id, account_id, asset, amount, balance_after FROM running ORDER BY i, side
    RETURNING 1
  ),
  upd AS (
    UPDATE accounts a
       SET debits_posted = a.debits_posted + t.debits, credits_posted = a.credits_posted + t.credits
      FROM (SELECT account_id, coalesce(sum(-amount) FILTER (WHERE amount < 0), 0) AS debits,
                   coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS credits
              FROM legs GROUP BY account_id) t
     WHERE a.id = t.account_id
    RETURNING 1
  ),
  -- One outbox row for the whole batch (an empty key marks a batch row): the relay publishes
  -- its events one Kafka message each, in order, with their own keys and ids.
  box AS (
    INSERT INTO outbox (message_id, topic, key, envelope)
    SELECT (min(cmd->>'msgId') FILTER (WHERE i = 0))::uuid, p_messages->'posted'->>'type', '',
           jsonb_agg(jsonb_build_object('key', d_key, 'envelope', jsonb_strip_nulls(p_messages->'posted' || jsonb_build_object(
             'id', cmd->>'msgId', 'occurredAt', ledger_iso(clock_timestamp()),
             'correlationId', cmd->>'correlationId', 'causationId', cmd->>'causationId',
             'payload', jsonb_strip_nulls(jsonb_build_object(
               'transferId', id, 'debitAccount', d_key, 'creditAccount', c_key, 'asset', asset, 'amount', amount,
               'code', code, 'references', CASE WHEN refs = '{}'::jsonb THEN NULL ELSE refs END,
               'postedAt', ledger_iso(now())))))) ORDER BY i)
      FROM c
    RETURNING 1
  )
  SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
           'transferId', c.id, 'op', 'transfer', 'status', 'posted', 'replayed', false, 'new', true,
           'postedAt', ledger_iso(now()), 'debitAccount', c.d_key, 'creditAccount', c.c_key, 'asset', c.asset,
           'amount', c.amount, 'code', c.code, 'expiresAt', ledger_iso(c.expires_at))) ORDER BY c.i),
         array_agg(c.id ORDER BY c.i),
         -- The chain's canonical text (as ledger_chain builds it), from what was just written.
         array_agg(concat_ws('|', c.id, 'transfer', c.d_key, c.c_key, c.asset, c.amount::text, c.code, '', '', c.caused_by,
                             ((extract(epoch FROM now()) * 1000000)::bigint)::text) ORDER BY c.i)
    INTO results, ids, texts
    FROM c;
  -- (ins, ent, upd and box run to completion whether or not the final SELECT reads them.)
END
$$;

CREATE FUNCTION ledger_apply_one(p_command jsonb, p_messages jsonb) RETURNS jsonb LANGUAGE plpgsql
  SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  v_id text := p_command->>'id';
  v_op text := p_command->>'op';
  v_refs jsonb := coalesce(p_command->'refs', '{}'::jsonb);
  v_caused_by text := coalesce(p_command->>'causedBy', 'ledger');
  v_group text := p_command->>'group';
  v_d accounts%ROWTYPE;
  v_c accounts%ROWTYPE;
  v_target transfers%ROWTYPE;
  v_asset text;
  v_amount bigint;
  v_code text;
  v_status text;
  v_created timestamptz;
  v_timeout timestamptz;
  v_expires timestamptz;
  v_pending_id text;
  v_reverses_id text;
  v_dbal bigint;
  v_cbal bigint;
  v_done bigint;
  v_payload jsonb;
BEGIN
  IF EXISTS (SELECT 1 FROM transfers WHERE id = v_id) THEN
    RETURN ledger_repeat(p_command);
  END IF;

  IF v_op IN ('transfer', 'pending') THEN
    v_asset := p_command->>'asset';
    v_amount := (p_command->>'amount')::bigint;
    v_code := p_command->>'code';
    SELECT * INTO v_d FROM accounts WHERE key = p_command->>'debit' AND asset = v_asset;
    SELECT * INTO v_c FROM accounts WHERE key = p_command->>'credit' AND asset = v_asset;
    IF v_d.frozen OR v_c.frozen THEN
      RETURN ledger_reject(p_command, 'ACCOUNT_FROZEN',
        format('account %s (%s) is frozen', CASE WHEN v_d.frozen THEN v_d.key ELSE v_c.key END, v_asset));
    END IF;
    v_status := CASE v_op WHEN 'pending' THEN 'pending' ELSE 'posted' END;
    v_timeout := CASE WHEN v_op = 'pending' THEN now() + make_interval(secs => (p_command->>'timeoutSeconds')::int) END;
    v_expires := (p_command->>'expiresAt')::timestamptz;
  ELSIF v_op IN ('post', 'void') THEN
    SELECT * INTO v_target FROM transfers WHERE id = p_command->>'target';
    IF NOT FOUND THEN
      RETURN ledger_reject(p_command, 'PENDING_NOT_FOUND', format('there is no transfer %s to %s', p_command->>'target', v_op));
    END IF;
    IF v_target.op <> 'pending' THEN
      RETURN ledger_reject(p_command, 'NOT_PENDING', format('transfer %s is not a pending transfer', v_target.id));
    END IF;
    IF v_target.status <> 'pending' THEN
      RETURN ledger_reject(p_command, CASE v_target.status WHEN 'posted' THEN 'PENDING_ALREADY_POSTED' ELSE 'PENDING_ALREADY_VOIDED' END,
        format('pending transfer %s is already %s', v_target.id, v_target.status));
    END IF;
    IF v_op = 'post' AND v_target.timeout_at <= now() THEN
      RETURN ledger_reject(p_command, 'PENDING_EXPIRED',
        format('pending transfer %s timed out at %s and can only be voided', v_target.id, ledger_iso(v_target.timeout_at)));
    END IF;
    v_amount := CASE WHEN v_op = 'post' THEN coalesce((p_command->>'amount')::bigint, v_target.amount) ELSE v_target.amount END;
    IF v_amount > v_target.amount THEN
      RETURN ledger_reject(p_command, 'AMOUNT_EXCEEDS_PENDING',
        format('cannot post %s of pending transfer %s, which holds %s', v_amount, v_target.id, v_target.amount));
    END IF;
    SELECT * INTO v_d FROM accounts WHERE id = v_target.debit_account_id;
    SELECT * INTO v_c FROM accounts WHERE id = v_target.credit_account_id;
    IF v_op = 'post' AND (v_d.frozen OR v_c.frozen) THEN
      RETURN ledger_reject(p_command, 'ACCOUNT_FROZEN',
        format('account %s (%s) is frozen', CASE WHEN v_d.frozen THEN v_d.key ELSE v_c.key END, v_target.asset));
    END IF;
    v_asset := v_target.asset;
    v_code := v_target.code;
    v_status := CASE v_op WHEN 'post' THEN 'posted' ELSE 'voided' END;
    v_expires := v_target.expires_at;
    v_pending_id := v_target.id;
  ELSIF v_op = 'reverse' THEN
    SELECT * INTO v_target FROM transfers WHERE id = p_command->>'target';
    IF NOT FOUND THEN
      RETURN ledger_reject(p_command, 'TRANSFER_NOT_FOUND', format('there is no transfer %s to reverse', p_command->>'target'));
    END IF;
    IF v_target.op NOT IN ('transfer', 'post') THEN
      RETURN ledger_reject(p_command, 'NOT_REVERSIBLE', CASE v_target.op
        WHEN 'pending' THEN format('transfer %s is a pending transfer: void it instead', v_target.id)
        WHEN 'reverse' THEN format('transfer %s is itself a reversal: post a new transfer instead', v_target.id)
        ELSE format('transfer %s moved nothing (a void)', v_target.id) END);
    END IF;
    SELECT coalesce(sum(amount), 0) INTO v_done FROM transfers WHERE reverses_id = v_target.id;
    IF v_done >= v_target.amount THEN
      RETURN ledger_reject(p_command, 'ALREADY_REVERSED', format('transfer %s is already fully reversed', v_target.id));
    END IF;
    v_amount := coalesce((p_command->>'amount')::bigint, v_target.amount - v_done);
    IF v_amount > v_target.amount - v_done THEN
      RETURN ledger_reject(p_command, 'AMOUNT_EXCEEDS_REVERSIBLE',
        format('cannot reverse %s of transfer %s: %s of its %s is left to reverse', v_amount, v_target.id,
               v_target.amount - v_done, v_target.amount));
    END IF;
    -- Back the way it came: the original credit account pays.
    SELECT * INTO v_d FROM accounts WHERE id = v_target.credit_account_id;
    SELECT * INTO v_c FROM accounts WHERE id = v_target.debit_account_id;
    v_asset := v_target.asset;
    v_code := 'reversal';
    v_status := 'posted';
    v_reverses_id := v_target.id;
  ELSE
    RETURN ledger_reject(p_command, 'INVALID_COMMAND', format('unknown op %s', v_op));
  END IF;

  IF v_op IN ('transfer', 'pending', 'reverse')
     AND NOT v_d.allow_negative
     AND v_d.credits_posted - v_d.debits_posted - v_d.debits_pending < v_amount THEN
    RETURN ledger_reject(p_command, 'INSUFFICIENT_FUNDS',
      format('account %s has %s %s available, the transfer needs %s', v_d.key,
             v_d.credits_posted - v_d.debits_posted - v_d.debits_pending, v_asset, v_amount));
  END IF;

  INSERT INTO transfers (id, op, debit_account_id, credit_account_id, asset, amount, code, status, "references",
                         content_hash, pending_id, reverses_id, timeout_at, expires_at, caused_by, linked_group)
  VALUES (v_id, v_op, v_d.id, v_c.id, v_asset, v_amount, v_code, v_status, v_refs,
          p_command->>'hash', v_pending_id, v_reverses_id, v_timeout, v_expires, v_caused_by, v_group)
  ON CONFLICT (id) DO NOTHING
  RETURNING created_at INTO v_created;
  IF v_created IS NULL THEN
    -- Another writer committed this id while we checked: answer as for any repeat.
    RETURN ledger_repeat(p_command);
  END IF;

  IF v_op IN ('transfer', 'reverse') THEN
    UPDATE accounts SET debits_posted = debits_posted + v_amount WHERE id = v_d.id
      RETURNING credits_posted - debits_posted INTO v_dbal;
    UPDATE accounts SET credits_posted = credits_posted + v_amount WHERE id = v_c.id
      RETURNING credits_posted - debits_posted INTO v_cbal;
  ELSIF v_op = 'pending' THEN
    UPDATE accounts SET debits_pending = debits_pending + v_amount WHERE id = v_d.id;
    UPDATE accounts SET credits_pending = credits_pending + v_amount WHERE id = v_c.id;
  ELSIF v_op = 'post' THEN
    -- The whole hold is released; the posted amount (at most the hold) is moved.
    UPDATE transfers SET status = 'posted' WHERE id = v_pending_id;
    UPDATE accounts SET debits_pending = debits_pending - v_target.amount, debits_posted = debits_posted + v_amount
     WHERE id = v_d.id RETURNING credits_posted - debits_posted INTO v_dbal;
    UPDATE accounts SET credits_pending = credits_pending - v_target.amount, credits_posted = credits_posted + v_amount
     WHERE id = v_c.id RETURNING credits_posted - debits_posted INTO v_cbal;
  ELSE
    UPDATE transfers SET status = 'voided' WHERE id = v_pending_id;
    UPDATE accounts SET debits_pending = debits_pending - v_amount WHERE id = v_d.id;
    UPDATE accounts SET credits_pending = credits_pending - v_amount WHERE id = v_c.id;
  END IF;

  IF v_op IN ('transfer', 'reverse', 'post') THEN
    -- Debit side first, so entry ids read in the order value left and arrived.
    INSERT INTO entries (transfer_id, account_id, asset, amount, balance_after)
    VALUES (v_id, v_d.id, v_asset, -v_amount, v_dbal), (v_id, v_c.id, v_asset, v_amount, v_cbal);
  END IF;

  v_payload := jsonb_build_object('transferId', v_id, 'debitAccount', v_d.key, 'creditAccount', v_c.key,
                                  'asset', v_asset, 'amount', v_amount, 'code', v_code,
                                  'references', CASE WHEN v_refs = '{}'::jsonb THEN NULL ELSE v_refs END);
  IF v_op = 'pending' THEN
    PERFORM ledger_emit(p_command, p_messages->'reserved', v_d.key,
      v_payload || jsonb_build_object('reservedAt', ledger_iso(v_created), 'timeoutAt', ledger_iso(v_timeout)));
  ELSIF v_op = 'void' THEN
    PERFORM ledger_emit(p_command, p_messages->'voided', v_d.key,
      v_payload || jsonb_build_object('pendingId', v_pending_id, 'voidedAt', ledger_iso(v_created),
                                      'reason', coalesce(p_command->>'voidReason', 'requested')));
  ELSE
    PERFORM ledger_emit(p_command, p_messages->'posted', v_d.key,
      v_payload || jsonb_build_object('postedAt', ledger_iso(v_created), 'pendingId', v_pending_id, 'reversesId', v_reverses_id));
  END IF;

  RETURN jsonb_strip_nulls(jsonb_build_object(
    'transferId', v_id, 'op', v_op, 'status', v_status, 'replayed', false, 'new', true,
    'postedAt', ledger_iso(v_created), 'debitAccount', v_d.key, 'creditAccount', v_c.key,
    'asset', v_asset, 'amount', v_amount, 'code', v_code, 'pendingId', v_pending_id,
    'reversesId', v_reverses_id, 'timeoutAt', ledger_iso(v_timeout), 'expiresAt', ledger_iso(v_expires),
    'linkedGroup', v_group));
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
  SELECT * INTO v_bulk FROM ledger_apply_bulk(p_commands, p_messages);
  IF v_bulk.results IS NOT NULL THEN
    PERFORM ledger_chain_link(v_bulk.ids, v_bulk.texts);
    RETURN v_bulk.results;
  END IF;
  WHILE v_i < v_n LOOP
    v_command := p_commands -> v_i;
    v_group := v_command->>'group';
    IF v_group IS NULL THEN
      v_res := ledger_apply_one(v_command, p_messages);
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
      v_i := v_j;
    END IF;
  END LOOP;

  -- 4. Refusals the requester hears about on Kafka.
  FOR v_k IN 0 .. v_n - 1 LOOP
    IF v_results[v_k + 1]->>'status' = 'rejected' AND (p_commands -> v_k ->> 'emitRejected')::boolean THEN
      PERFORM ledger_emit(p_commands -> v_k, p_messages->'rejected', coalesce(p_commands -> v_k ->> 'debit', 'ledger'),
        jsonb_build_object('transferId', v_results[v_k + 1]->>'transferId', 'reasonCode', v_results[v_k + 1]->>'reason',
                           'reason', left(v_results[v_k + 1]->>'message', 500), 'rejectedAt', ledger_iso(clock_timestamp())));
    END IF;
  END LOOP;

  -- 5. The chain, last: its head is the one lock every writer shares.
  PERFORM ledger_chain(v_new);

  RETURN to_jsonb(v_results);
END
$$;
