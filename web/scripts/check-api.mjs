// Fails (exit 1) when a generated type file is not what openapi-typescript makes of its document:
// src/api/schema.d.ts from openapi.json (HTTP), src/api/socket.d.ts from socket-schema.json (socket.io).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pairs = [
  ["openapi.json", "src/api/schema.d.ts", "gen:api"],
  ["socket-schema.json", "src/api/socket.d.ts", "gen:socket"],
];
const dir = mkdtempSync(join(tmpdir(), "mygemini-api-"));
let stale = false;
try {
  for (const [document, types, script] of pairs) {
    if (!existsSync(join(root, document))) {
      console.error(`check:api: web/${document} is missing (run \`make api\`).`);
      stale = true;
      continue;
    }
    const fresh = join(dir, "fresh.d.ts");
    execFileSync(
      process.execPath,
      [join(root, "node_modules/openapi-typescript/bin/cli.js"), join(root, document), "-o", fresh],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    const want = readFileSync(fresh, "utf8");
    const committed = join(root, types);
    const have = existsSync(committed) ? readFileSync(committed, "utf8") : "";
    if (want !== have) {
      console.error(`check:api: ${types} is stale. Run \`npm run ${script}\` (or \`make api\`) and commit it.`);
      stale = true;
    } else {
      console.log(`check:api: ${types} is up to date.`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (stale) process.exit(1);
