-- The hash chain over postings, version 1 (installed before the rest: the backfill uses it).
-- See ledger-apply.v1.sql for the engine as a whole.

CREATE FUNCTION ledger_chain_link(p_ids text[], p_texts text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_n int := coalesce(array_length(p_ids, 1), 0);
  v_seq bigint;
  v_hash text;
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
BEGIN
  IF v_n = 0 THEN
    RETURN;
  END IF;
  SELECT seq, hash INTO v_seq, v_hash FROM chain_head WHERE id = 1 FOR UPDATE;
  FOR i IN 1 .. v_n LOOP
    v_prevs[i] := v_hash;
    v_hash := encode(sha256(convert_to(v_hash || '|' || (v_seq + i)::text || '|' || p_texts[i], 'UTF8')), 'hex');
    v_hashes[i] := v_hash;
  END LOOP;
  INSERT INTO chain_links (seq, transfer_id, prev_hash, hash)
  SELECT v_seq + i, p_ids[i], v_prevs[i], v_hashes[i] FROM generate_series(1, v_n) AS i;
  UPDATE chain_head SET seq = v_seq + v_n, hash = v_hash WHERE id = 1;
END
$$;

/** Links stored transfers, reading their canonical text (the same that chain.service.ts rebuilds). */
CREATE FUNCTION ledger_chain(p_ids text[]) RETURNS void LANGUAGE plpgsql
  SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  v_texts text[];
BEGIN
  IF coalesce(array_length(p_ids, 1), 0) = 0 THEN
    RETURN;
  END IF;
  SELECT array_agg(concat_ws('|', t.id, t.op, d.key, c.key, t.asset, t.amount::text, t.code,
                             coalesce(t.pending_id, ''), coalesce(t.reverses_id, ''), t.caused_by,
                             ((extract(epoch FROM t.created_at) * 1000000)::bigint)::text) ORDER BY o.ord)
    INTO v_texts
    FROM unnest(p_ids) WITH ORDINALITY AS o(id, ord)
    JOIN transfers t ON t.id = o.id
    JOIN accounts d ON d.id = t.debit_account_id
    JOIN accounts c ON c.id = t.credit_account_id;
  PERFORM ledger_chain_link(p_ids, v_texts);
END
$$;
