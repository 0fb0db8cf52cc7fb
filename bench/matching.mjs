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
      const home = neighbourhoods[Math.floor(next() * NEIGHBOURHOODS)];
      const x = home.x + gaussian() * NEIGHBOURHOOD_SPREAD_KM;
      const y = home.y + gaussian() * NEIGHBOURHOOD_SPREAD_KM;
      if (x * x + y * y <= CITY_RADIUS_KM * CITY_RADIUS_KM) {
        return { lat: CENTER.lat + y / KM_PER_DEGREE_LAT, lon: CENTER.lon + x / KM_PER_DEGREE_LON };
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

// ---------------------------------------------------------------------------------------------
// The bench (parent process)
// ---------------------------------------------------------------------------------------------

/** Compiles the library's sources (not its tests) into `dir` as CommonJS, as the build does. */
async function compileLibrary(dir) {
  const { transformFile } = await import('@swc/core');
  const sourceDir = join(ROOT, 'libs', 'assignment', 'src');
  for (const name of readdirSync(sourceDir)) {
    if (!name.endsWith('.ts') || /\.(spec|d)\.ts$/.test(name)) continue;
    const { code } = await transformFile(join(sourceDir, name), {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    writeFileSync(join(dir, name.replace(/\.ts$/, '.js')), code);
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

async function benchMain() {
  const { ensureDependencies, log } = await import('../scripts/lib/infra.mjs');
  ensureDependencies();
  const settings = readSettings();
  const resultsDir = join(ROOT, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const libDir = mkdtempSync(join(tmpdir(), 'goodloop-assignment-'));
  try {
    await compileLibrary(libDir);
    log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const job = { libDir, seed: settings.seed, limitKm: settings.limitKm, algorithm: settings.algorithm };

    log(`${thousands(settings.large)} needs × ${thousands(settings.large)} offers…`);
    const large = await runChild({ ...job, needCount: settings.large, offerCount: settings.large });
    log(`${thousands(settings.small)} needs × ${thousands(settings.small)} offers…`);
    const small = await runChild({ ...job, needCount: settings.small, offerCount: settings.small });

    console.log('');
    report(`${thousands(large.needs)} needs × ${thousands(large.offers)} offers`, large, { withTargets: true });
    console.log('');
    report(`${thousands(small.needs)} needs × ${thousands(small.offers)} offers`, small, { withTargets: false });

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
    const results = {
      ...summary(large),
      small: summary(small),
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
      },
    };
    writeFileSync(join(resultsDir, 'matching.json'), `${JSON.stringify(results, null, 2)}\n`);
    log('wrote bench/results/matching.json');

    const failed = [...large.problems, ...small.problems];
    if (failed.length > 0) {
      log(`the optimum failed its checks: ${failed.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(libDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Entry: the bench, or one instance when forked by it
// ---------------------------------------------------------------------------------------------

if (process.argv.includes(INSTANCE_FLAG)) {
  process.once('message', (job) => {
    let reply;
    try {
      reply = { type: 'result', result: runInstance(job) };
    } catch (error) {
      reply = { type: 'error', message: String(error?.stack ?? error) };
    }
    process.send(reply, () => process.exit(reply.type === 'result' ? 0 : 1));
  });
} else {
  await benchMain();
}
