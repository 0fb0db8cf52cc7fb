import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>GoodLoop</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.6">
<h1>GoodLoop</h1>
<p>网页应用尚未构建。The web app is not built yet.</p>
<p>Build it with <code>npx vite build apps/web</code>, or use the API directly: <a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
`;

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Serves the built web app (Vite's `dist/`) at `/`: real files as they are (hashed assets cached
 * for a year), and index.html for any other GET outside `/api`, so the client-side router owns
 * every page URL. `/api/...` is never touched here: unknown API routes stay 404 in the JSON
 * error shape. While the folder has no index.html, pages get a short "not built" note instead.
 * The folder is looked at per request, so building the web app needs no gateway restart.
 */
export function serveWebApp(app: NestExpressApplication, distDir: string): void {
  const indexFile = join(distDir, 'index.html');
  app.useStaticAssets(distDir, {
    index: false,
    fallthrough: true,
    setHeaders: (res: Response, path: string) => {
      // Vite names files in assets/ by content hash: a changed file is a new URL.
      if (path.includes(`${join(distDir, 'assets')}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) {
      next();
      return;
    }
    // The shell must never be cached: it names the current asset hashes.
    res.setHeader('Cache-Control', 'no-cache');
    if (existsSync(indexFile)) {
      // Relative to `root`: an absolute path would be refused when any folder above the build
      // starts with a dot (`send` treats it as a dotfile), e.g. a checkout under ~/.local.
      res.sendFile('index.html', { root: distDir });
      return;
    }
    res.status(200).type('html').send(NOT_BUILT_PAGE);
  });
}
