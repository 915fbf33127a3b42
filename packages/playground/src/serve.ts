/**
 * A static file server of the built playground (dist/site), local only.
 * `node packages/playground/dist/serve.js [PORT]` (or `pnpm playground`)
 * prints the page's address; the page test starts one on a free port.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

/** dist/site, next to this compiled file. */
export const SITE_DIR = fileURLToPath(new URL("./site/", import.meta.url));
const TYPES: Readonly<Record<string, string>> = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };

/** Serves SITE_DIR on 127.0.0.1:port (0: a free port); resolves with the server and the page's URL. */
export function serveSite(port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname)).replace(/^\/+/, "") || "index.html";
    let body: Buffer;
    try {
      if (path.startsWith("..")) throw new Error("outside the site");
      body = readFileSync(join(SITE_DIR, path));
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html` }));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await serveSite(Number(process.argv[2] ?? 8080));
  console.log(`playground: ${url} (Ctrl-C stops it)`);
}
