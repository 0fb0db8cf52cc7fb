#!/usr/bin/env node
/**
 * `npm run bench:matching`: how fast @goodloop/assignment matches needs with offers, on random
 * but realistic instances from a seeded generator, and how much more its optimum is worth than
 * the greedy baseline (best value per unit first).
 *
 * One city about 20 km across around Chengdu (30.66 N, 104.06 E): households and donors live in
 * 60 neighbourhoods (each a 1.2 km Gaussian blob) inside a 10 km radius. Needs and offers each
 * have one of 20 categories (the first ones commoner, as food and clothing are), a quantity of
 * 1–50 (small ones commoner); a need has an urgency of 1–5, an offer an expiry date 1–30 days
 * ahead. A need and an offer are a candidate pair when they share the category and lie within
 * the distance limit (4.25 km, which gives about 1,000,000 pairs for 10,000 × 10,000). A unit
 * sent along a pair is worth, in whole points,
 *
 *   100 · urgency + ⌊60 · (1 − distance / limit)⌋ + ⌊40 · (30 − days to expiry) / 29⌋
 *
 * so urgency weighs most, then nearness, then an offer about to expire. Distances are on the
 * local equirectangular projection (exact to well under 0.1 % across 20 km).
 *
 * Each instance (10,000 × 10,000, then 1,000 × 1,000, same seed) runs in a Node process of its
 * own, so that its peak RSS (getrusage maxRSS: generation, candidate pairs and the solve) is its
 * own. The library is compiled from libs/assignment/src with SWC into a temporary folder at the
 * start, so the bench runs from a fresh clone after `npm ci`. The process checks the optimum
 * independently of the library (no offer gives more than it has, no need takes more than it
 * asked for, every amount within its pair's capacity, the value recomputed) and that it is at
 * least the greedy value; the bench exits with 1 when either check fails. Targets missed are
 * reported, not failed.
 *
 * The same city then goes through the matching service's engine, `runEngine` from
 * apps/matching/src/engine, end to end: the needs and offers as the service hands them over (kind
 * 'item', lat/lng, expiry dates, deadlines, a neighbourhood per blob; see `engineInputs`), with
 * the same distance limit as `settings.maxDistanceKm`. The 20 categories become codes
 * `category_01`…`category_20`: the engine compares codes and never looks them up in the
 * catalogue, whose 13 item categories would merge some of the city's 20 and so change the city.
 * The engine finds its own candidate pairs (haversine distance, category, expiry, deadline:
 * 1,008,052 for 10,000 × 10,000), scores them by its own rules (score.ts: urgency, distance,
 * expiry, fairness), and solves them with the library. Its figures are the engine's `buildMs` and `solveMs`, the wall
 * time of the whole call against the same targets, and the peak RSS of its own process up to the
 * end of the call. The greedy baseline runs afterwards on the same pairs (`candidatePairs`,
 * `transportProblem`, `greedyTransport`, `proposals`), and the proposals are checked without the
 * engine (categories, distances, quantities, value). The engine is compiled with the library:
 * the library into `<tmp>/node_modules/@goodloop/assignment`, where the engine's `require` finds
 * it, the engine into `<tmp>/engine`.
 *
 * Prints a table with PASS/MISS per target and writes bench/results/matching.json. Never part of
 * the test suite. Settings: see `readSettings` and bench/README.md.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SELF), '..');
const INSTANCE_FLAG = '--instance';

const TARGETS = { solveSeconds: 10, stretchSolveSeconds: 3, rssMb: 1024 };
const CENTER = { lat: 30.66, lon: 104.06 };
const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LON = 111.32 * Math.cos((CENTER.lat * Math.PI) / 180);
const CITY_RADIUS_KM = 10;
const NEIGHBOURHOODS = 60;
const NEIGHBOURHOOD_SPREAD_KM = 1.2;
const CATEGORIES = 20;
const MAX_QUANTITY = 50;
const MAX_EXPIRY_DAYS = 30;

function setting(name, fallback, { positive = true, integer = true } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || (positive && value <= 0)) {
    throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return value;
}

function readSettings() {
  const algorithm = process.env.BENCH_MATCHING_ALGORITHM ?? 'cost-scaling';
  if (algorithm !== 'cost-scaling' && algorithm !== 'successive-shortest-paths') {
    throw new Error(`BENCH_MATCHING_ALGORITHM must be cost-scaling or successive-shortest-paths, got "${algorithm}"`);
  }
  return {
    seed: setting('BENCH_MATCHING_SEED', 20260601),
    large: setting('BENCH_MATCHING_LARGE', 10_000),
    small: setting('BENCH_MATCHING_SMALL', 1_000),
    limitKm: setting('BENCH_MATCHING_LIMIT_KM', 4.25, { integer: false }),
    algorithm,
  };
}

// ---------------------------------------------------------------------------------------------
// One instance (child process)
// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast and seeded, so every run sees the same city. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateCity({ needCount, offerCount, seed }) {
  const next = generator(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const neighbourhoods = Array.from({ length: NEIGHBOURHOODS }, () => {
    const r = CITY_RADIUS_KM * Math.sqrt(next());
    const t = 2 * Math.PI * next();
    return { x: r * Math.cos(t), y: r * Math.sin(t) };
  });
  const weights = Array.from({ length: CATEGORIES }, (_, c) => 1 / (1 + 0.08 * c));
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  const category = () => {
    let u = next() * weightTotal;
    for (let c = 0; c < CATEGORIES; c++) {
      u -= weights[c];
      if (u < 0) return c;
    }
    return CATEGORIES - 1;
  };
  const place = () => {
    for (;;) {
      const neighbourhood = Math.floor(next() * NEIGHBOURHOODS);
      const home = neighbourhoods[neighbourhood];
      const x = home.x + gaussian() * NEIGHBOURHOOD_SPREAD_KM;
      const y = home.y + gaussian() * NEIGHBOURHOOD_SPREAD_KM;
      if (x * x + y * y <= CITY_RADIUS_KM * CITY_RADIUS_KM) {
        return { lat: CENTER.lat + y / KM_PER_DEGREE_LAT, lon: CENTER.lon + x / KM_PER_DEGREE_LON, neighbourhood };
      }
    }
  };
  const quantity = () => 1 + Math.floor(MAX_QUANTITY * next() ** 2);
  const needs = Array.from({ length: needCount }, () => ({
    ...place(),
    category: category(),
    quantity: quantity(),
    urgency: 1 + Math.floor(5 * next()),
  }));
  const offers = Array.from({ length: offerCount }, () => ({
    ...place(),
    category: category(),
    quantity: quantity(),
    expiresInDays: 1 + Math.floor(MAX_EXPIRY_DAYS * next()),
  }));
  return { needs, offers };
}

/** Candidate pairs (offer → need) in the same category within `limitKm`, found through a grid. */
function candidatePairs({ needs, offers }, limitKm) {
  const km = (p) => ({ x: (p.lon - CENTER.lon) * KM_PER_DEGREE_LON, y: (p.lat - CENTER.lat) * KM_PER_DEGREE_LAT });
  const cellOf = (v) => Math.floor(v / limitKm);
  const offerKm = offers.map(km);
  const grid = new Map();
  offers.forEach((offer, i) => {
    const key = `${offer.category}:${cellOf(offerKm[i].x)}:${cellOf(offerKm[i].y)}`;
    let cell = grid.get(key);
    if (!cell) grid.set(key, (cell = []));
    cell.push(i);
  });
  const arcs = [];
  const limit2 = limitKm * limitKm;
  needs.forEach((need, j) => {
    const at = km(need);
    const cx = cellOf(at.x);
    const cy = cellOf(at.y);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const cell = grid.get(`${need.category}:${cx + dx}:${cy + dy}`);
        if (!cell) continue;
        for (const i of cell) {
          const ex = offerKm[i].x - at.x;
          const ey = offerKm[i].y - at.y;
          const d2 = ex * ex + ey * ey;
          if (d2 > limit2) continue;
          const distance = Math.sqrt(d2);
          const value =
            100 * need.urgency +
            Math.floor(60 * (1 - distance / limitKm)) +
            Math.floor((40 * (MAX_EXPIRY_DAYS - offers[i].expiresInDays)) / (MAX_EXPIRY_DAYS - 1));
          arcs.push({ from: i, to: j, value });
        }
      }
    }
  });
  return arcs;
}

/** Checks a plan without the library: what is wrong with it, or nothing. */
function checkPlan({ supplies, demands, arcs }, flows) {
  const sent = new Float64Array(supplies.length);
  const taken = new Float64Array(demands.length);
  let value = 0;
  let units = 0;
  for (let k = 0; k < arcs.length; k++) {
    const f = flows[k];
    const { from, to } = arcs[k];
    if (!Number.isInteger(f) || f < 0) return { problem: `pair ${k} carries ${f}` };
    if (f > Math.min(supplies[from], demands[to])) return { problem: `pair ${k} carries ${f}, over its capacity` };
    sent[from] += f;
    taken[to] += f;
    value += f * arcs[k].value;
    units += f;
  }
  for (let i = 0; i < supplies.length; i++) {
    if (sent[i] > supplies[i]) return { problem: `offer ${i} gives ${sent[i]} of ${supplies[i]}` };
  }
  for (let j = 0; j < demands.length; j++) {
    if (taken[j] > demands[j]) return { problem: `need ${j} takes ${taken[j]} of ${demands[j]}` };
  }
  return { problem: null, value, units };
}

function peakRssMb() {
  // getrusage: the process's peak resident set, in KiB on Linux.
  return process.resourceUsage().maxRSS / 1024;
}

function runInstance({ libDir, needCount, offerCount, seed, limitKm, algorithm }) {
  const { maximiseTransport, greedyTransport } = createRequire(import.meta.url)(join(libDir, 'index.js'));

  const t0 = performance.now();
  const city = generateCity({ needCount, offerCount, seed });
  const generateSeconds = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  const arcs = candidatePairs(city, limitKm);
  const input = { supplies: city.offers.map((o) => o.quantity), demands: city.needs.map((n) => n.quantity), arcs };
  const buildSeconds = (performance.now() - t1) / 1000;

  const t2 = performance.now();
  const greedy = greedyTransport(input);
  const greedySeconds = (performance.now() - t2) / 1000;

  const cpu0 = process.cpuUsage();
  const t3 = performance.now();
  const best = maximiseTransport(input, { algorithm });
  const solveSeconds = (performance.now() - t3) / 1000;
  const cpu = process.cpuUsage(cpu0);

  const checkedBest = checkPlan(input, best.flows);
  const checkedGreedy = checkPlan(input, greedy.flows);
  const problems = [];
  if (checkedBest.problem) problems.push(`optimum: ${checkedBest.problem}`);
  else if (checkedBest.value !== best.value) problems.push(`optimum: reported ${best.value}, recomputed ${checkedBest.value}`);
  if (checkedGreedy.problem) problems.push(`greedy: ${checkedGreedy.problem}`);
  if (best.value < greedy.value) problems.push(`optimum ${best.value} is below greedy ${greedy.value}`);

  const supplyUnits = input.supplies.reduce((a, b) => a + b, 0);
  const demandUnits = input.demands.reduce((a, b) => a + b, 0);
  return {
    needs: needCount,
    offers: offerCount,
    arcs: arcs.length,
    supply_units: supplyUnits,
    demand_units: demandUnits,
    generate_s: generateSeconds,
    build_s: buildSeconds,
    solve_s: solveSeconds,
    solve_cpu_s: (cpu.user + cpu.system) / 1e6,
    greedy_s: greedySeconds,
    peak_rss_mb: peakRssMb(),
    value: best.value,
    units: best.units,
    greedy_value: greedy.value,
    greedy_units: greedy.units,
    ratio: greedy.value > 0 ? best.value / greedy.value : null,
    algorithm,
    problems,
  };
}

/**
 * The run's clock (9:00 in Shanghai) and the city as the matching service hands it to `runEngine`:
 * pledges of one item category each, expiring 1–30 Shanghai days after `ENGINE_NOW`; needs with a
 * deadline 1–14 days ahead and a neighbourhood named after their blob, each neighbourhood having
 * had a share of its recent asks met (drawn from a second generator, so the city itself is the
 * one the library instance sees).
 */
const ENGINE_NOW = { iso: '2026-06-01T09:00:00+08:00', year: 2026, month: 6, day: 1 };
const BENEFICIARIES = ['elderly', 'children', 'disabled', 'families_in_difficulty'];

function engineInputs(city, { seed, limitKm }) {
  const shanghaiDate = (daysAhead) =>
    new Date(Date.UTC(ENGINE_NOW.year, ENGINE_NOW.month - 1, ENGINE_NOW.day + daysAhead)).toISOString().slice(0, 10);
  const neighbourhoodName = (index) => `社区${String(index + 1).padStart(2, '0')}`;
  const category = (index) => `category_${String(index + 1).padStart(2, '0')}`;
  const nextMet = generator(seed ^ 0x5bd1e995);
  const neighbourhoodMet = {};
  for (let b = 0; b < NEIGHBOURHOODS; b++) neighbourhoodMet[neighbourhoodName(b)] = Math.floor(100 * nextMet()) / 100;
  const needs = city.needs.map((need, j) => ({
    id: `need-${String(j).padStart(6, '0')}`,
    kind: 'item',
    category: category(need.category),
    remaining: need.quantity,
    lat: need.lat,
    lng: need.lon,
    neighbourhood: neighbourhoodName(need.neighbourhood),
    deadline: `${shanghaiDate(1 + (j % 14))}T18:00:00+08:00`,
    urgency: need.urgency,
    beneficiaries: [BENEFICIARIES[j % BENEFICIARIES.length]],
  }));
  const offers = city.offers.map((offer, i) => ({
    id: `offer-${String(i).padStart(6, '0')}`,
    kind: 'item',
    categories: [category(offer.category)],
    available: offer.quantity,
    lat: offer.lat,
    lng: offer.lon,
    expiresOn: shanghaiDate(offer.expiresInDays),
  }));
  return { needs, offers, settings: { now: ENGINE_NOW.iso, maxDistanceKm: limitKm, neighbourhoodMet } };
}

/** Checks the engine's proposals without the engine: what is wrong with them, or nothing. */
function checkProposals(needs, offers, settings, result) {
  const needById = new Map(needs.map((n) => [n.id, n]));
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const taken = new Map();
  const given = new Map();
  let value = 0;
  let units = 0;
  for (const m of result.matches) {
    const need = needById.get(m.needId);
    const offer = offerById.get(m.offerId);
    if (!need || !offer) return { problem: `match ${m.needId} ← ${m.offerId} names an unknown need or offer` };
    if (offer.categories[0] !== need.category) return { problem: `match ${m.needId} ← ${m.offerId} crosses categories` };
    if (m.distanceKm > settings.maxDistanceKm + 0.05)
      return { problem: `match ${m.needId} ← ${m.offerId} is ${m.distanceKm} km apart` };
    const parts = m.parts.urgency + m.parts.distance + m.parts.expiry + m.parts.fairness + m.parts.skill;
    if (!Number.isInteger(m.quantity) || m.quantity <= 0 || m.score !== parts || m.value !== m.score * m.quantity) {
      return { problem: `match ${m.needId} ← ${m.offerId}: quantity ${m.quantity}, score ${m.score}, value ${m.value}` };
    }
    taken.set(m.needId, (taken.get(m.needId) ?? 0) + m.quantity);
    given.set(m.offerId, (given.get(m.offerId) ?? 0) + m.quantity);
    value += m.value;
    units += m.quantity;
  }
  for (const [id, q] of taken)
    if (q > needById.get(id).remaining) return { problem: `${id} takes ${q} of ${needById.get(id).remaining}` };
  for (const [id, q] of given)
    if (q > offerById.get(id).available) return { problem: `${id} gives ${q} of ${offerById.get(id).available}` };
  if (value !== result.value || units !== result.units) {
    return { problem: `reported ${result.value} (${result.units} units), recomputed ${value} (${units} units)` };
  }
  return { problem: null };
}

/** `runEngine` end to end on the city, then the greedy baseline on the same candidate pairs. */
function runEngineInstance({ engineDir, libDir, needCount, offerCount, seed, limitKm }) {
  const require = createRequire(import.meta.url);
  const engine = require(join(engineDir, 'index.js'));
  const { greedyTransport } = require(join(libDir, 'index.js'));

  const t0 = performance.now();
  const city = generateCity({ needCount, offerCount, seed });
  const generateSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const { needs, offers, settings } = engineInputs(city, { seed, limitKm });
  const inputsSeconds = (performance.now() - t1) / 1000;

  const cpu0 = process.cpuUsage();
  const t2 = performance.now();
  const result = engine.runEngine(needs, offers, settings);
  const totalSeconds = (performance.now() - t2) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // Before the baseline builds its own pairs: the peak of generation, inputs and the engine's run.
  const peakRss = peakRssMb();

  const t3 = performance.now();
  const pairs = engine.candidatePairs(needs, offers, settings);
  const greedy = engine.proposals(pairs, greedyTransport(engine.transportProblem(pairs)).flows);
  const greedySeconds = (performance.now() - t3) / 1000;

  const problems = [];
  const checked = checkProposals(needs, offers, settings, result);
  if (checked.problem) problems.push(`engine: ${checked.problem}`);
  if (pairs.count !== result.candidates)
    problems.push(`engine: ${result.candidates} candidates, ${pairs.count} on a second build`);
  if (result.value < greedy.value) problems.push(`engine: optimum ${result.value} is below greedy ${greedy.value}`);

  return {
    needs: needCount,
    offers: offerCount,
    max_distance_km: limitKm,
    candidates: result.candidates,
    supply_units: offers.reduce((a, o) => a + o.available, 0),
    demand_units: needs.reduce((a, n) => a + n.remaining, 0),
    generate_s: generateSeconds,
    inputs_s: inputsSeconds,
    build_ms: result.buildMs,
    solve_ms: result.solveMs,
    total_s: totalSeconds,
    total_cpu_s: (cpu.user + cpu.system) / 1e6,
    greedy_s: greedySeconds,
    peak_rss_mb: peakRss,
    value: result.value,
    units: result.units,
    matches: result.matches.length,
    needs_served: result.needsServed,
    needs_fully: result.needsFully,
    greedy_value: greedy.value,
    greedy_units: greedy.units,
    ratio: greedy.value > 0 ? result.value / greedy.value : null,
    problems,
  };
}

// ---------------------------------------------------------------------------------------------
// The bench (parent process)
// ---------------------------------------------------------------------------------------------

/**
 * Compiles a folder's sources (not its tests) into `outDir` as CommonJS, as the build does. The
 * library goes to `<tmp>/node_modules/@goodloop/assignment`, so the engine's compiled
 * `require('@goodloop/assignment')` finds it there, as Node resolves any package.
 */
async function compileSources(sourceDir, outDir) {
  const { transformFile } = await import('@swc/core');
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(sourceDir)) {
    if (!name.endsWith('.ts') || /\.(spec|d)\.ts$/.test(name)) continue;
    const { code } = await transformFile(join(sourceDir, name), {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    writeFileSync(join(outDir, name.replace(/\.ts$/, '.js')), code);
  }
}

function runChild(job) {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, [INSTANCE_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer = null;
    child.once('message', (message) => (answer = message));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (answer?.type === 'result') resolve(answer.result);
      else if (answer?.type === 'error') reject(new Error(answer.message));
      else reject(new Error(`the instance process ended (${signal ?? `exit ${code}`}) without a result`));
    });
    child.send(job);
  });
}

const thousands = (n) => Math.round(n).toLocaleString('en-US');
const seconds = (s) => `${s.toFixed(2)} s`;
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

function report(title, r, { withTargets }) {
  const row = (label, value, target = '') => `  ${label.padEnd(24)}${value.padEnd(40)}${withTargets ? target : ''}`.trimEnd();
  const checked = r.problems.length === 0 ? 'PASS (every supply, demand and capacity)' : `FAIL: ${r.problems.join('; ')}`;
  const lines = [
    title,
    row('arcs (candidate pairs)', thousands(r.arcs)),
    row('units offered / needed', `${thousands(r.supply_units)} / ${thousands(r.demand_units)}`),
    row('generate, build', `${seconds(r.generate_s)}, ${seconds(r.build_s)}`),
    row(
      `solve`,
      `${seconds(r.solve_s)} (CPU ${seconds(r.solve_cpu_s)}), ${r.algorithm}`,
      `< ${TARGETS.solveSeconds} s ${verdict(r.solve_s < TARGETS.solveSeconds)}, stretch < ${TARGETS.stretchSolveSeconds} s ${verdict(r.solve_s < TARGETS.stretchSolveSeconds)}`,
    ),
    row('peak RSS', `${r.peak_rss_mb.toFixed(0)} MB`, `< ${TARGETS.rssMb} MB ${verdict(r.peak_rss_mb < TARGETS.rssMb)}`),
    row('value (optimum)', `${thousands(r.value)} (${thousands(r.units)} units)`),
    row('greedy value', `${thousands(r.greedy_value)} (${thousands(r.greedy_units)} units, ${seconds(r.greedy_s)})`),
    `  ${'optimum / greedy'.padEnd(24)}${r.ratio === null ? '—' : r.ratio.toFixed(4)}   ≥ 1 ${r.ratio === null || r.ratio >= 1 ? 'PASS' : 'FAIL'}`,
    `  ${'optimum checked'.padEnd(24)}${checked}`,
  ];
  console.log(lines.join('\n'));
}

function reportEngine(title, r, { withTargets }) {
  const row = (label, value, target = '') => `  ${label.padEnd(24)}${value.padEnd(40)}${withTargets ? target : ''}`.trimEnd();
  const checked = r.problems.length === 0 ? 'PASS (categories, distances, quantities, value)' : `FAIL: ${r.problems.join('; ')}`;
  const lines = [
    title,
    row('candidate pairs', `${thousands(r.candidates)} (haversine ≤ ${r.max_distance_km} km)`),
    row('units offered / needed', `${thousands(r.supply_units)} / ${thousands(r.demand_units)}`),
    row('generate, inputs', `${seconds(r.generate_s)}, ${seconds(r.inputs_s)}`),
    row('build (buildMs)', `${thousands(r.build_ms)} ms`),
    row('solve (solveMs)', `${thousands(r.solve_ms)} ms`),
    row(
      'end to end (runEngine)',
      `${seconds(r.total_s)} (CPU ${seconds(r.total_cpu_s)})`,
      `< ${TARGETS.solveSeconds} s ${verdict(r.total_s < TARGETS.solveSeconds)}, stretch < ${TARGETS.stretchSolveSeconds} s ${verdict(r.total_s < TARGETS.stretchSolveSeconds)}`,
    ),
    row('peak RSS', `${r.peak_rss_mb.toFixed(0)} MB`, `< ${TARGETS.rssMb} MB ${verdict(r.peak_rss_mb < TARGETS.rssMb)}`),
    row('value (optimum)', `${thousands(r.value)} (${thousands(r.units)} units, ${thousands(r.matches)} matches)`),
    row('needs served / fully', `${thousands(r.needs_served)} / ${thousands(r.needs_fully)}`),
    row('greedy value', `${thousands(r.greedy_value)} (${thousands(r.greedy_units)} units, ${seconds(r.greedy_s)})`),
    `  ${'optimum / greedy'.padEnd(24)}${r.ratio === null ? '—' : r.ratio.toFixed(4)}   ≥ 1 ${r.ratio === null || r.ratio >= 1 ? 'PASS' : 'FAIL'}`,
    `  ${'proposals checked'.padEnd(24)}${checked}`,
  ];
  console.log(lines.join('\n'));
}

async function benchMain() {
  const { ensureDependencies, log } = await import('../scripts/lib/infra.mjs');
  ensureDependencies();
  const settings = readSettings();
  const resultsDir = join(ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), 'goodloop-bench-matching-'));
  const libDir = join(workDir, 'node_modules', '@goodloop', 'assignment');
  const engineDir = join(workDir, 'engine');
  try {
    await compileSources(join(ROOT, 'libs', 'assignment', 'src'), libDir);
    await compileSources(join(ROOT, 'apps', 'matching', 'src', 'engine'), engineDir);
    log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const job = { libDir, seed: settings.seed, limitKm: settings.limitKm, algorithm: settings.algorithm };
    const engineJob = { kind: 'engine', engineDir, libDir, seed: settings.seed, limitKm: settings.limitKm };

    log(`${thousands(settings.large)} needs × ${thousands(settings.large)} offers…`);
    const large = await runChild({ ...job, needCount: settings.large, offerCount: settings.large });
    log(`${thousands(settings.small)} needs × ${thousands(settings.small)} offers…`);
    const small = await runChild({ ...job, needCount: settings.small, offerCount: settings.small });
    log(`the matching engine, ${thousands(settings.large)} needs × ${thousands(settings.large)} offers…`);
    const engineLarge = await runChild({ ...engineJob, needCount: settings.large, offerCount: settings.large });
    log(`the matching engine, ${thousands(settings.small)} needs × ${thousands(settings.small)} offers…`);
    const engineSmall = await runChild({ ...engineJob, needCount: settings.small, offerCount: settings.small });

    console.log('');
    report(`${thousands(large.needs)} needs × ${thousands(large.offers)} offers`, large, { withTargets: true });
    console.log('');
    report(`${thousands(small.needs)} needs × ${thousands(small.offers)} offers`, small, { withTargets: false });
    console.log('');
    reportEngine(
      `${thousands(engineLarge.needs)} needs × ${thousands(engineLarge.offers)} offers: the matching engine end to end`,
      engineLarge,
      { withTargets: true },
    );
    console.log('');
    reportEngine(
      `${thousands(engineSmall.needs)} needs × ${thousands(engineSmall.offers)} offers: the matching engine end to end`,
      engineSmall,
      { withTargets: false },
    );

    const round = (v, digits = 3) => (v === null ? null : Number(v.toFixed(digits)));
    const summary = (r) => ({
      needs: r.needs,
      offers: r.offers,
      arcs: r.arcs,
      solve_s: round(r.solve_s),
      solve_cpu_s: round(r.solve_cpu_s),
      peak_rss_mb: round(r.peak_rss_mb, 1),
      value: r.value,
      greedy_value: r.greedy_value,
      ratio: round(r.ratio, 5),
    });
    const engineSummary = (r) => ({
      needs: r.needs,
      offers: r.offers,
      max_distance_km: r.max_distance_km,
      candidates: r.candidates,
      build_ms: round(r.build_ms, 1),
      solve_ms: round(r.solve_ms, 1),
      total_s: round(r.total_s),
      total_cpu_s: round(r.total_cpu_s),
      peak_rss_mb: round(r.peak_rss_mb, 1),
      value: r.value,
      units: r.units,
      needs_served: r.needs_served,
      needs_fully: r.needs_fully,
      greedy_value: r.greedy_value,
      ratio: round(r.ratio, 5),
    });
    const results = {
      ...summary(large),
      small: summary(small),
      engine: engineSummary(engineLarge),
      engine_small: engineSummary(engineSmall),
      targets: {
        solve_s: TARGETS.solveSeconds,
        stretch_solve_s: TARGETS.stretchSolveSeconds,
        peak_rss_mb: TARGETS.rssMb,
      },
      details: {
        settings,
        machine: { cpus: cpus().length, model: cpus()[0]?.model ?? null, loadavg: loadavg() },
        large: { ...large, generate_s: round(large.generate_s), build_s: round(large.build_s), greedy_s: round(large.greedy_s) },
        small: { ...small, generate_s: round(small.generate_s), build_s: round(small.build_s), greedy_s: round(small.greedy_s) },
        engine: engineDetails(engineLarge, round),
        engine_small: engineDetails(engineSmall, round),
      },
    };
    writeFileSync(join(resultsDir, 'matching.json'), `${JSON.stringify(results, null, 2)}\n`);
    log('wrote bench/results/matching.json');

    const failed = [...large.problems, ...small.problems, ...engineLarge.problems, ...engineSmall.problems];
    if (failed.length > 0) {
      log(`the optimum failed its checks: ${failed.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function engineDetails(r, round) {
  return {
    ...r,
    generate_s: round(r.generate_s),
    inputs_s: round(r.inputs_s),
    greedy_s: round(r.greedy_s),
  };
}

// ---------------------------------------------------------------------------------------------
// Entry: the bench, or one instance when forked by it
// ---------------------------------------------------------------------------------------------

if (process.argv.includes(INSTANCE_FLAG)) {
  process.once('message', (job) => {
    let reply;
    try {
      reply = { type: 'result', result: job.kind === 'engine' ? runEngineInstance(job) : runInstance(job) };
    } catch (error) {
      reply = { type: 'error', message: String(error?.stack ?? error) };
    }
    process.send(reply, () => process.exit(reply.type === 'result' ? 0 : 1));
  });
} else {
  await benchMain();
}
