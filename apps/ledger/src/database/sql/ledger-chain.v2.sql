-- The hash chain over postings, format 2. Installed by migration 1796620100000; format 1
-- (ledger-chain.v1.sql) stays what older links were hashed with, and chain.service.ts verifies
-- each link with the formula of its own `chain_links.format`.
--
-- Format 1 hashed a transfer's movement (id, op, accounts, asset, amount, code, pending and
-- reversed ids, caused_by, created_at). Format 2 hashes every column of the transfer and every
-- column of each of its entries, so that no field can be rewritten by someone with the
-- database's owner rights without the chain showing it:
--
--   text = JSON array of strings or nulls, built by array_to_json(text[]):
--     "2", id, op, status (null for a hold: it changes once, when the hold is settled; the
--     verifier checks it against the post or void that settled it, which is hashed), debit key,
--     credit key, asset, amount, code, pending_id, reverses_id, timeout_at µs, expires_at µs,
--     linked_group, caused_by, content_hash, references (jsonb text), created_at µs,
--     then per entry in id order: id, account key, asset, amount, balance_after, created_at µs
--   link = sha256(previous hash | seq | text)
--
-- A JSON array keeps fields apart whatever they hold ('|' in a reference, an empty string
-- versus null), unlike format 1's '|'-joined text.
--
-- The posting engine (ledger-apply.v2.sql) is unchanged: it still passes format 1's texts to
-- ledger_chain_link, which from now on ignores them and reads what was written.

CREATE FUNCTION ledger_us(p_at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT ((extract(epoch FROM p_at) * 1000000)::bigint)::text
$$;

/** Format 2's canonical texts of stored transfers, in the order of `p_ids`. */
CREATE FUNCTION ledger_chain_texts_v2(p_ids text[]) RETURNS text[] LANGUAGE sql STABLE
  SET enable_hashjoin = off SET enable_mergejoin = off AS $$
  SELECT coalesce(array_agg(array_to_json(ARRAY[
           '2', t.id, t.op, CASE WHEN t.op = 'pending' THEN NULL ELSE t.status END, d.key, c.key, t.asset,
           t.amount::text, t.code, t.pending_id, t.reverses_id, ledger_us(t.timeout_at), ledger_us(t.expires_at),
           t.linked_group, t.caused_by, t.content_hash, t."references"::text, ledger_us(t.created_at)] || e.cells)::text
         ORDER BY o.ord), '{}')
    FROM unnest(p_ids) WITH ORDINALITY AS o(id, ord)
    JOIN transfers t ON t.id = o.id
    JOIN accounts d ON d.id = t.debit_account_id
    JOIN accounts c ON c.id = t.credit_account_id
    CROSS JOIN LATERAL (
      SELECT coalesce(array_agg(x.cell ORDER BY en.id, x.n), '{}') AS cells
        FROM entries en
        JOIN accounts a ON a.id = en.account_id
        CROSS JOIN LATERAL unnest(ARRAY[en.id::text, a.key, en.asset, en.amount::text, en.balance_after::text,
                                        ledger_us(en.created_at)]) WITH ORDINALITY AS x(cell, n)
       WHERE en.transfer_id = t.id) e
$$;

/**
 * Links transfers written in this transaction, in the order given, with format 2. `p_texts`
 * (format 1's texts, which the engine's fast path still passes) is ignored: the texts are read
 * back from the rows, entries included. The head is locked last, after the reads.
 */
CREATE FUNCTION ledger_chain_link(p_ids text[], p_texts text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_n int := coalesce(array_length(p_ids, 1), 0);
  v_texts text[];
  v_seq bigint;
  v_hash text;
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
BEGIN
  IF v_n = 0 THEN
    RETURN;
  END IF;
  v_texts := ledger_chain_texts_v2(p_ids);
  IF coalesce(array_length(v_texts, 1), 0) <> v_n THEN
    RAISE EXCEPTION 'ledger: % of % transfers to link were not found', v_n - coalesce(array_length(v_texts, 1), 0), v_n;
  END IF;
  SELECT seq, hash INTO v_seq, v_hash FROM chain_head WHERE id = 1 FOR UPDATE;
  FOR i IN 1 .. v_n LOOP
    v_prevs[i] := v_hash;
    v_hash := encode(sha256(convert_to(v_hash || '|' || (v_seq + i)::text || '|' || v_texts[i], 'UTF8')), 'hex');
    v_hashes[i] := v_hash;
  END LOOP;
  INSERT INTO chain_links (seq, transfer_id, prev_hash, hash, format)
  SELECT v_seq + i, p_ids[i], v_prevs[i], v_hashes[i], 2 FROM generate_series(1, v_n) AS i;
  UPDATE chain_head SET seq = v_seq + v_n, hash = v_hash WHERE id = 1;
END
$$;

/** Links stored transfers (the command-by-command path): format 2, like every new link. */
CREATE FUNCTION ledger_chain(p_ids text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_chain_link(p_ids, NULL);
END
$$;
