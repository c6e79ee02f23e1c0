/**
 * A small static server for the built site, which a test can start, stop (to go offline for real)
 * and point at a copy of `dist/` it has changed (a "new deploy"). With `headers: true` it sends the
 * headers of `_headers` on every response, as Netlify or Cloudflare Pages would, so the policy also
 * reaches the workers (a `<meta>` policy does not).
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.zip': 'application/zip',
};

/** The headers `_headers` gives every path (`/*`); only that simple form is read. */
export async function headersFile(root: string): Promise<Record<string, string>> {
  const text = await readFile(join(root, '_headers'), 'utf8');
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s+([\w-]+):\s*(.+)$/.exec(line);
    if (match) headers[match[1]] = match[2].trim();
  }
  return headers;
}

export interface StaticServer {
  url: string;
  /** Stops answering: closes the listener and every open connection. */
  stop(): Promise<void>;
}

/** Serves `root` on a free port of 127.0.0.1 (ports next to SP_TEST_PORT belong to other checkouts). */
export async function serveStatic(root: string, options: { headers?: boolean } = {}): Promise<StaticServer> {
  const extra = options.headers ? await headersFile(root) : {};
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(normalize(root))) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', ...extra });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server: no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
