import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Platform } from '../../e2e/platform';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Debian's Chromium (`apt-get install -y chromium fonts-noto-cjk`); CHROMIUM_PATH overrides it. */
const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** A phone the way most residents hold one, and an office screen. */
export const PHONE = { width: 375, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** Where the suites leave screenshots for a person to look at (not committed). */
export const SCREENSHOT_DIR = join(ROOT, '.local', 'test-results', 'screenshots');

function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((path): path is string => !!path && existsSync(path));
  if (!found) {
    throw new Error(
      'The browser suites need Chromium: install it with `apt-get install -y chromium fonts-noto-cjk` ' +
        '(.ci/run does), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return found;
}

/**
 * Builds the web app into a folder of the suite's own, as `npm start` builds it into
 * apps/web/dist, without touching that folder (a developer's running platform keeps its build).
 */
function buildWebApp(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      'apps/web',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 },
  );
}

/** What went wrong in a page that no assertion looked at: uncaught errors and console errors. */
export interface PageProblems {
  errors: string[];
}

/**
 * One person at one screen: a browser context of its own (storage, language, viewport), whose
 * uncaught errors and console errors are collected so a suite can require that there were none.
 */
export class Person {
  readonly problems: string[] = [];

  constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly suite: string,
  ) {
    page.on('pageerror', (error) => this.problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      // The browser logs every 4xx answer the app asked for on purpose (a wrong code, a refused
      // action): those are the app's business, and the assertions look at what it shows.
      if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
      this.problems.push(`console: ${text}`);
    });
  }

  /** Saves a full-page screenshot under .local/test-results/screenshots/<suite>-<name>-<shot>.png. */
  async screenshot(shot: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${this.suite}-${this.name}-${shot}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  /** True when nothing on the page is wider than the screen (no sideways scrolling on a phone). */
  async overflowsHorizontally(): Promise<boolean> {
    // The function runs in the page; this file is compiled without the DOM's types.
    return this.page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1') as Promise<boolean>;
  }
}

/**
 * The platform as `npm start` runs it — gateway, volunteers and ledger on the real PostgreSQL,
 * Redis and Kafka, the gateway serving the built web app — with a real Chromium in front.
 */
export class BrowserPlatform {
  readonly platform: Platform;
  url = '';
  private browser?: Browser;
  private readonly webDir: string;

  /** @param gatewayEnv settings of the gateway beyond the platform's test defaults */
  constructor(
    readonly suite: string,
    gatewayEnv: NodeJS.ProcessEnv = {},
  ) {
    this.webDir = join(ROOT, '.local', 'test-web', `${process.env.GOODLOOP_TEST_RUN ?? 'local'}-${suite}`);
    this.platform = new Platform(suite, { ...gatewayEnv, WEB_DIST_DIR: this.webDir });
  }

  async start(): Promise<this> {
    const executablePath = chromiumPath();
    buildWebApp(this.webDir);
    await this.platform.start();
    this.url = await this.platform.listen();
    this.browser = await chromium.launch({
      executablePath,
      // Root in a container has no user namespace for Chromium's sandbox.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    return this;
  }

  /** A new person: `language` is what their browser asks for (Accept-Language and navigator.language). */
  async person(
    name: string,
    options: { viewport: { width: number; height: number }; language?: string; mobile?: boolean },
  ): Promise<Person> {
    if (!this.browser) throw new Error('browser platform not started');
    const context = await this.browser.newContext({
      baseURL: this.url,
      viewport: options.viewport,
      locale: options.language ?? 'zh-CN',
      isMobile: options.mobile ?? options.viewport.width < 600,
      hasTouch: options.mobile ?? options.viewport.width < 600,
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(15_000);
    return new Person(name, context, await context.newPage(), this.suite);
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.platform.stop();
    rmSync(this.webDir, { recursive: true, force: true });
  }
}
